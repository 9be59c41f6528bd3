import { t } from '../../lib/i18n/translate';
import { sendRequest } from '../../platform/runtime-messaging';

/**
 * How long a copied code stays on the clipboard when the background cannot clear it and the popup stays open
 * (the same time the background uses, entrypoints/background/clipboard.ts).
 */
const FALLBACK_CLEAR_MS = 30_000;

let latest = 0;

/**
 * Copies `text` and asks the background to clear the clipboard later (docs/permissions.md `clipboardWrite`): the popup
 * closes as soon as the person clicks the page to paste, and its timers with it. Answers the seconds after which the
 * background clears it, or undefined when this browser gives the background no way to (then the popup clears it itself
 * while it stays open, and the toast does not promise a clear).
 */
export async function copyWithAutoClear(text: string): Promise<number | undefined> {
  await navigator.clipboard.writeText(text);
  const mine = ++latest;
  try {
    return (await sendRequest({ type: 'clipboard-clear-later' })).seconds;
  } catch {
    setTimeout(() => {
      // A newer copy has its own clear; without clipboardRead the code cannot be checked, so the clear is blind.
      if (mine === latest) void navigator.clipboard.writeText('').catch(() => undefined);
    }, FALLBACK_CLEAR_MS);
    return undefined;
  }
}

/** Copies a code and says so in a toast: when the clipboard clears, that it will not, or that the browser refused. */
export function copyAndTell(text: string, toast: (message: string, ms?: number) => void): void {
  copyWithAutoClear(text).then(
    (seconds) =>
      seconds === undefined ? toast(t('lifecycle_copied_no_clear'), 8000) : toast(t('popup_copied', seconds)),
    () => toast(t('popup_copy_refused'), 5000),
  );
}
