import { SyncError } from './errors';
import { davText } from './http-status';

/*
 * The WebDAV folder a person types (docs/sync-format.md "What is stored where" and "Network, permissions and CSP").
 * Plain http is accepted only for a server on this computer: the password travels in every request's
 * `Authorization: Basic` header, readable by anyone on the path of a plain-http connection (RFC 7617 §4). Loopback is
 * what the manifest can grant and the CSP can name: `http://127.0.0.1/*`, `http://localhost/*` and
 * `connect-src http://127.0.0.1:* http://localhost:*`. `[::1]` is loopback too, but a CSP source expression cannot
 * name an IPv6 literal (CSP3 `host-source` is letters, digits and dashes; https://www.w3.org/TR/CSP3/#grammardef-host-source),
 * so a request there would be blocked: it gets a message saying what to type instead.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * The folder URL as Twofold keeps it: `https://host[:port]/path/` with a trailing slash, no user or password, no query
 * or fragment. Throws SyncError 'origin-refused' with a Text saying which rule the typed address breaks.
 */
export function normaliseFolderUrl(typed: string): string {
  const raw = typed.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SyncError('origin-refused', davText('syncdav_url_invalid'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SyncError('origin-refused', davText('syncdav_url_invalid'));
  if (url.hostname === '') throw new SyncError('origin-refused', davText('syncdav_url_invalid'));
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new SyncError(
      'origin-refused',
      url.hostname === '[::1]' ? davText('syncdav_loopback_ipv6') : davText('syncdav_https_only'),
    );
  }
  if (url.username !== '' || url.password !== '')
    throw new SyncError('origin-refused', davText('syncdav_url_credentials'));
  // `new URL('https://h/?')` has an empty search but the person did type a query: refuse any `?` or `#` at all.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw))
    throw new SyncError('origin-refused', davText('syncdav_url_query'));
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `${url.origin}${path}`;
}

/**
 * The match pattern to request as an optional host permission for a folder URL: scheme and host, every path, no port.
 * Firefox's match patterns cannot carry a port ("host must not include a port number", MDN "Match patterns") and
 * Chromium's without one match every port, so both browsers get the same grant (docs/sync-research.md §2).
 */
export function originPattern(url: string): string {
  const u = new URL(normaliseFolderUrl(url));
  return `${u.protocol}//${u.hostname}/*`;
}
