import { TwofoldError } from '../errors';

/*
 * Pages a browser never lets an extension capture, and the errors `tabs.captureVisibleTab` gives
 * (Chrome: "Cannot access contents of url …", "Either the '<all_urls>' or 'activeTab' permission is
 * required", "…MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND…"), turned into what the user can do instead.
 */

export type CaptureErrorCode =
  | 'protected-page'
  | 'pdf'
  | 'file-access'
  | 'no-access'
  | 'not-visible'
  | 'busy'
  | 'failed';
export class CaptureError extends TwofoldError<CaptureErrorCode> {}

const INSTEAD = 'Save the QR code as a picture and add it from a file in Twofold instead.';

const STORES = [
  /^https:\/\/chromewebstore\.google\.com\//,
  /^https:\/\/chrome\.google\.com\/webstore/,
  /^https:\/\/addons\.mozilla\.org\//,
  /^https:\/\/microsoftedge\.microsoft\.com\/addons/,
];

/** Why a page at `url` cannot be captured, before trying; undefined when it can be tried. */
export function refusalFor(url: string | undefined): CaptureError | undefined {
  if (url === undefined || url === '') return undefined;
  if (STORES.some((re) => re.test(url))) {
    return new CaptureError(
      'protected-page',
      'Extension stores cannot be scanned: the browser hides them from every extension.',
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? '';
  if (
    [
      'chrome',
      'edge',
      'brave',
      'opera',
      'vivaldi',
      'about',
      'view-source',
      'devtools',
      'chrome-extension',
      'moz-extension',
      'chrome-search',
      'chrome-untrusted',
    ].includes(scheme)
  ) {
    return new CaptureError(
      'protected-page',
      `Browser pages (${scheme}:) cannot be scanned: the browser does not let extensions see them. ${INSTEAD}`,
    );
  }
  if (/\.pdf(?:$|[?#])/i.test(url)) {
    return new CaptureError(
      'pdf',
      `PDF files open in the browser's own viewer, which extensions cannot capture. ${INSTEAD}`,
    );
  }
  return undefined;
}

/** Turns the browser's capture error into a CaptureError that says what to do. */
export function captureFailure(message: string, url: string | undefined): CaptureError {
  const known = refusalFor(url);
  if (known) return known;
  if (/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/i.test(message)) {
    return new CaptureError('busy', 'The browser allows only two captures a second. Try again in a moment.');
  }
  if (/file:|file URL/i.test(message) || (url ?? '').startsWith('file:')) {
    return new CaptureError(
      'file-access',
      'Files opened from disk can be scanned only when Twofold may read file URLs: turn on “Allow access to file URLs” in the browser’s extension details for Twofold.',
    );
  }
  if (/activeTab|all_urls|permission|Cannot access/i.test(message)) {
    return new CaptureError(
      'no-access',
      'Twofold may capture a page only right after you ask it to from that page: open Twofold from the toolbar, the page’s right-click menu or the shortcut while the page is showing, then scan.',
    );
  }
  return new CaptureError('failed', `The page could not be captured: ${message}`);
}
