import browser from 'webextension-polyfill';
import { originPattern } from '../lib/sync/webdav-url';

/*
 * The optional host permission for the one WebDAV origin a person configures (docs/permissions.md "Sync",
 * docs/sync-format.md "Network, permissions and CSP"). The manifest declares every https host and the loopback hosts as
 * optional; only the configured origin is ever requested: the options page asks at the click that turns sync on (a
 * permission request needs a user gesture), the background checks before every round, and turning sync off removes
 * it. The person can revoke it in the browser's settings at any time, hence the check. Origins only: no API
 * permission is requested here. Each throws SyncError 'origin-refused' for a URL Twofold would not talk to.
 */

/** Asks the browser for the folder's origin; true when granted (already held, or allowed in the prompt). */
export async function requestOrigin(url: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(url)] });
}

/** True when the folder's origin may be reached now. */
export async function hasOrigin(url: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(url)] });
}

/** Gives the folder's origin back (sync turned off, or another server configured). */
export async function removeOrigin(url: string): Promise<void> {
  await browser.permissions.remove({ origins: [originPattern(url)] });
}
