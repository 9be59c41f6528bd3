import { useEffect, useState } from 'preact/hooks';
import { sendRequest } from '../../platform/runtime-messaging';
import { activeTabId } from '../../platform/tabs';

/** What Twofold noticed on the active tab, as a sentence ('' until known). */
export function useTabStatus(): string {
  const [text, setText] = useState('');
  useEffect(() => {
    void (async () => {
      const tabId = await activeTabId();
      if (tabId === undefined) return;
      const status = await sendRequest({ type: 'tab-status', tabId });
      setText(status.otpFields > 0 ? 'A code field is on this page.' : 'No code field on this page.');
    })().catch(() => setText(''));
  }, []);
  return text;
}
