import { useEffect, useMemo, useState } from 'preact/hooks';
import { KeyPreview, type PreviewState } from '../../components/KeyPreview';
import { currentCode } from '../../lib/otp/code';
import { parseKeyInput } from '../../lib/otp/key-input';
import { sendRequest } from '../../platform/runtime-messaging';
import { activeTabId } from '../../platform/tabs';

/** The clock lives at the edge: components get the time as a value. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now() / 1000);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now() / 1000), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

function useTabFields(): number | undefined {
  const [fields, setFields] = useState<number>();
  useEffect(() => {
    void (async () => {
      const tabId = await activeTabId();
      if (tabId === undefined) return;
      const status = await sendRequest({ type: 'tab-status', tabId });
      setFields(status.otpFields);
    })().catch(() => setFields(undefined));
  }, []);
  return fields;
}

export function App() {
  const [text, setText] = useState('');
  const now = useNow();
  const fields = useTabFields();
  const parsed = useMemo(() => {
    if (text.trim() === '') return undefined;
    try {
      return parseKeyInput(text);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }, [text]);

  let state: PreviewState = { status: 'empty' };
  if (parsed instanceof Error) state = { status: 'error', message: parsed.message };
  else if (parsed) state = { status: 'ok', ...parsed, current: currentCode(parsed.params, now) };

  return (
    <main>
      <header>
        <h1>Twofold</h1>
        <p class="tab-status" id="tab-status">
          {fields === undefined ? '' : fields > 0 ? 'A code field is on this page.' : 'No code field on this page.'}
        </p>
      </header>
      <label for="key-input">Try a key: paste an otpauth:// link or a secret</label>
      <textarea
        id="key-input"
        rows={3}
        spellcheck={false}
        autocomplete="off"
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <KeyPreview state={state} />
    </main>
  );
}
