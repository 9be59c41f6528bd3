import { useMemo } from 'preact/hooks';
import { messageOf, t } from '../lib/i18n/translate';
import { currentCode } from '../lib/otp/code';
import { parseKeyInput } from '../lib/otp/key-input';
import { type Clock, useSeconds } from './clock';
import { KeyPreview, type PreviewState } from './KeyPreview';

/** Several links, or a Google Authenticator export: read by the background and reviewed like a scan. */
export function isLinkBatch(text: string): boolean {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return /^otpauth-migration:/i.test(text.trim()) || lines.length > 1;
}

/** Live preview of a pasted link or secret, recomputed as the clock ticks. */
function UriPreview({ text, clock }: { text: string; clock: Clock }) {
  const seconds = useSeconds(clock);
  const parsed = useMemo(() => {
    if (text.trim() === '') return undefined;
    try {
      return parseKeyInput(text);
    } catch (e) {
      return { failed: messageOf(e) };
    }
  }, [text]);
  let state: PreviewState = { status: 'empty' };
  if (parsed && 'failed' in parsed) state = { status: 'error', message: parsed.failed };
  else if (parsed) state = { status: 'ok', ...parsed, current: currentCode(parsed.params, seconds) };
  return <KeyPreview state={state} />;
}

/** The link form's own part: what the pasted link holds (a preview with its code), or that it holds several. */
export function AddLinkFields({ uri, clock }: { uri: string; clock: Clock }) {
  if (!isLinkBatch(uri)) return <UriPreview text={uri} clock={clock} />;
  return (
    <p class="hint" id="add-batch">
      {/^\s*otpauth-migration:/i.test(uri) ? t('add_batch_migration') : t('add_batch_links')}
    </p>
  );
}
