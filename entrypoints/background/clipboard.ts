import { ClipboardError, text } from '../../lib/clipboard/errors';
import { clearFromBackgroundPage } from '../../platform/clipboard';
import { offscreenAvailable, orderClipboardClear } from '../../platform/offscreen';

/** Why Twofold opens the offscreen document, as Chromium asks (never shown to the person). */
const JUSTIFICATION = 'Clears a copied one-time code from the clipboard after the time set in Settings.'; // i18n-ignore: for the browser, not a person

let firefoxTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The popup copied a code: clear the clipboard after `seconds` (the person's setting,
 * `clipboardClearSeconds`) even if the popup closes, since it closes as soon as the person clicks the page to
 * paste and a code left on the clipboard can be pasted anywhere later (docs/permissions.md, `clipboardWrite`).
 * Chromium: the offscreen document keeps the timer (the worker may stop meanwhile) and clears it. Firefox: its MV2
 * background page is persistent, so the timer lives here and the page writes the empty text (clipboardWrite).
 * Elsewhere: refused, and the popup's toast says Twofold cannot clear it.
 */
export async function clearClipboardLater(seconds: number): Promise<{ seconds: number }> {
  const ms = seconds * 1000;
  if (import.meta.env.FIREFOX) {
    clearTimeout(firefoxTimer);
    firefoxTimer = setTimeout(() => void clearFromBackgroundPage().catch(() => undefined), ms);
  } else if (!offscreenAvailable() || !(await orderClipboardClear(ms, JUSTIFICATION))) {
    throw new ClipboardError('cannot-clear', text('lifecycle_cannot_clear'));
  }
  return { seconds };
}
