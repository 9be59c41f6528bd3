import { ClipboardError, text } from '../../lib/clipboard/errors';
import { clearFromBackgroundPage } from '../../platform/clipboard';
import { offscreenAvailable, orderClipboardClear } from '../../platform/offscreen';

/** How long a code copied from the popup stays on the clipboard (the popup's toast states it). */
export const CLEAR_AFTER_MS = 30_000;

/** Why Twofold opens the offscreen document, as Chromium asks (never shown to the person). */
const JUSTIFICATION = 'Clears a copied one-time code from the clipboard after 30 seconds.'; // i18n-ignore: for the browser, not a person

let firefoxTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The popup copied a code (issue 15 finding 9): clear the clipboard after CLEAR_AFTER_MS even if the popup closes.
 * Chromium: the offscreen document keeps the timer (the worker may stop meanwhile) and clears it. Firefox: its MV2
 * background page is persistent, so the timer lives here and the page writes the empty text (clipboardWrite).
 * Elsewhere: refused, and the popup's toast says Twofold cannot clear it.
 */
export async function clearClipboardLater(): Promise<{ seconds: number }> {
  if (import.meta.env.FIREFOX) {
    clearTimeout(firefoxTimer);
    firefoxTimer = setTimeout(() => void clearFromBackgroundPage().catch(() => undefined), CLEAR_AFTER_MS);
  } else if (!offscreenAvailable() || !(await orderClipboardClear(CLEAR_AFTER_MS, JUSTIFICATION))) {
    throw new ClipboardError('cannot-clear', text('lifecycle_cannot_clear'));
  }
  return { seconds: CLEAR_AFTER_MS / 1000 };
}
