import browser from 'webextension-polyfill';

/*
 * STAND-IN: the WebDAV part's own version of this file replaces it, with the same three functions. It is here only so
 * the options page's sync panel can ask for the permission at the click (docs/sync-format.md "Joining a second
 * device": `permissions.request` needs the user's gesture, so the options page asks, never the background).
 */

/** The match pattern for one WebDAV folder's origin. Firefox's patterns take no port (docs/sync-format.md). */
function pattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Asks the person for the host permission of `url`'s origin; call it straight from a click handler. */
export function requestOrigin(url: string): Promise<boolean> {
  return browser.permissions.request({ origins: [pattern(url)] });
}

export function hasOrigin(url: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [pattern(url)] });
}

export async function removeOrigin(url: string): Promise<void> {
  await browser.permissions.remove({ origins: [pattern(url)] });
}
