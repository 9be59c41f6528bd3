/*
 * Thin adapter over the clipboard for the places that clear it without a person's click: the Chromium offscreen
 * document and Firefox's background page. Neither reads the clipboard back first: that needs the clipboardRead
 * permission ("Read data you copy and paste"), far more than clearing a code is worth (docs/permissions.md). So the
 * clear is unconditional, and each newer copy from Twofold moves the deadline.
 */

/**
 * Empties the clipboard from a document without focus (the offscreen document): `navigator.clipboard` refuses an
 * unfocused document, but a copy command whose handler sets the data works in an extension page that holds
 * clipboardWrite (https://developer.chrome.com/docs/extensions/reference/api/offscreen#reasons, CLIPBOARD).
 * Returns whether the browser ran the copy.
 */
export function clearFromDocument(doc: Document): boolean {
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

/**
 * Empties the clipboard from Firefox's background page, which may write to it with clipboardWrite
 * (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Interact_with_the_clipboard).
 */
export async function clearFromBackgroundPage(): Promise<void> {
  await navigator.clipboard.writeText('');
}
