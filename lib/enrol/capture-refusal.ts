import en from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

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

const text = textsOf(en);

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
    return new CaptureError('protected-page', text('core_capture_extension_store'));
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
    return new CaptureError('protected-page', text('core_capture_browser_page', scheme));
  }
  if (/\.pdf(?:$|[?#])/i.test(url)) {
    return new CaptureError('pdf', text('core_capture_pdf'));
  }
  return undefined;
}

/** The tab is not the one showing in its window (the API captures a window, not a tab). */
export function notShowing(): CaptureError {
  return new CaptureError('not-visible', text('core_capture_not_visible'));
}

/** Turns the browser's capture error into a CaptureError that says what to do. */
export function captureFailure(message: string, url: string | undefined): CaptureError {
  const known = refusalFor(url);
  if (known) return known;
  if (/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/i.test(message)) {
    return new CaptureError('busy', text('core_capture_busy'));
  }
  if (/file:|file URL/i.test(message) || (url ?? '').startsWith('file:')) {
    return new CaptureError('file-access', text('core_capture_file_access'));
  }
  if (/activeTab|all_urls|permission|Cannot access/i.test(message)) {
    return new CaptureError('no-access', text('core_capture_no_access'));
  }
  return new CaptureError('failed', text('core_capture_failed', message));
}
