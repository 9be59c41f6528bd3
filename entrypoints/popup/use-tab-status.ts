import { useEffect, useState } from 'preact/hooks';
import { t } from '../../components/i18n';
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
      setText(status.otpFields > 0 ? t('add_tab_code_field') : t('add_tab_no_code_field'));
    })().catch(() => setText(''));
  }, []);
  return text;
}
