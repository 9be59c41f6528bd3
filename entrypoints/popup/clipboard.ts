import { t } from '../../components/i18n';

/** How long a copied code stays on the clipboard while the popup is open. */
export const CLEAR_AFTER_MS = 30_000;

let latest = 0;

/** The clipboard's text, or undefined when it cannot be read (no permission, no answer within 1 s). */
async function readClipboard(): Promise<string | undefined> {
  try {
    return await Promise.race([
      navigator.clipboard.readText(),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000)),
    ]);
  } catch {
    return undefined;
  }
}

/**
 * Copies `text`; 30 s later clears the clipboard if it still holds `text`. When the clipboard cannot
 * be read back (Twofold has no clipboard-read permission), it is cleared anyway unless Twofold copied
 * something newer since: the code is most likely still there. Timers die with the popup, so this
 * only happens while it is open.
 */
export async function copyWithAutoClear(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
  const mine = ++latest;
  setTimeout(async () => {
    if (mine !== latest) return; // a newer copy has its own timer
    const current = await readClipboard();
    if (current === undefined || current === text) {
      await navigator.clipboard.writeText('').catch(() => undefined);
    }
  }, CLEAR_AFTER_MS);
}

/** Copies a code and says so in a toast: when the clipboard clears, or that the browser refused. */
export function copyAndTell(text: string, toast: (message: string, ms?: number) => void): void {
  copyWithAutoClear(text).then(
    () => toast(t('popup_copied', CLEAR_AFTER_MS / 1000)),
    () => toast(t('popup_copy_refused'), 5000),
  );
}
