import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { SiteError } from './errors';
import { describeHost, withoutTrailingDot } from './host';

const text = textsOf(en);

/** The parts of a page URL that decide which accounts belong to it. */
export interface Site {
  /** Lower-case ASCII host without trailing dot ("gist.github.com", "127.0.0.1", "[::1]"). */
  host: string;
  /** Its registrable domain ("github.com"); undefined for IPs, "localhost" and other single labels. */
  registrable: string | undefined;
  /** "http" or "https" (no colon). */
  scheme: 'http' | 'https';
  /** The port as URL.port writes it: '' for the scheme's default (443 for https, 80 for http). */
  port: string;
}

/**
 * Where a page is, for account matching. Only http and https pages have a site: anything else
 * (chrome:, chrome-extension:, file:, about:blank, data:, blob:, javascript:) throws a
 * {@link SiteError} 'unsupported-scheme' so the caller refuses to offer codes there; text that is not
 * an absolute URL throws 'invalid-url'.
 *
 * @example siteOf('https://Gist.GitHub.com./x') // { host: 'gist.github.com', registrable: 'github.com', scheme: 'https', port: '' }
 */
export function siteOf(url: string): Site {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // No `cause`: the parser's error carries the URL, which may hold a token in its query.
    throw new SiteError('invalid-url', text('core_site_page_not_url'));
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') {
    throw new SiteError('unsupported-scheme', text('core_site_page_scheme', scheme));
  }
  // http(s) URLs always have a host (WHATWG URL: special schemes require one), but "http://./" has
  // only the root label, which names no site.
  const host = withoutTrailingDot(parsed.hostname);
  if (host === '') throw new SiteError('invalid-url', text('core_site_page_no_host'));
  const info = describeHost(host);
  return { host: info.host, registrable: info.registrable, scheme, port: parsed.port };
}
