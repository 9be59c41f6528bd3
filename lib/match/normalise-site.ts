import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { SiteError } from './errors';
import { describeHost, withoutTrailingDot } from './host';

const text = textsOf(en);

/** One entry of an account's `sites`, parsed (docs/site-matching.md). */
export interface SiteEntry {
  /** Canonical ASCII host ("github.com", "login.example.co.uk", "xn--bcher-kva.de", "[::1]"). */
  host: string;
  /**
   * true: `host` only, never another host: a leading "=", a host with more labels than its
   * registrable domain written without "*." ("login.bank.com"), and every IP or single label.
   * false: the hosts under `host` are "related" (offered on a click, never filled by themselves;
   * docs/site-matching.md): a bare registrable domain ("bank.com") or an entry written with a
   * leading "*." ("*.login.bank.com").
   */
  exact: boolean;
  /** 'https' unless the entry was written with "http://": an entry without a scheme means https. */
  scheme: 'http' | 'https';
  /** The port the entry names, as URL.port writes it: '' for the scheme's default (443, 80). */
  port: string;
}

/** What may be a scheme at the start ("https://", "chrome:"); see the use for "localhost:8080". */
const SCHEME = /^([a-z][a-z0-9+.-]*):(\/\/)?/i;
/** ASCII characters a host (with optional port or IPv6 brackets) may contain; non-ASCII goes to IDNA. */
const HOST_ASCII = /^[a-z0-9._:[\]-]$/i;
/** RFC 1035 §2.3.4 size limits, on the ASCII (punycode) form. */
const MAX_LABEL = 63;
const MAX_HOST = 253;

/**
 * Parses what a user (or an importer) wrote as a site into its canonical entry.
 *
 * Accepted and normalised: surrounding white space, upper case, a path, query or fragment, a leading
 * "*." (the hosts under a domain are already its related hosts), one trailing dot, Unicode (IDN) hosts
 * (to punycode, as the URL parser does), bare IPv6 ("::1"). Kept: an "http://" scheme (without one
 * the entry means https) and a port other than the scheme's default, because both make another
 * origin (RFC 6454 §4; docs/site-matching.md). A leading "=" asks for that exact host only; a
 * leading "*." makes the hosts under it related, which a bare registrable domain does by itself.
 * A longer host without "*." is that host only: entries written before scopes existed meant that.
 * Everything else throws a {@link SiteError} whose message names the problem.
 */
export function parseSiteEntry(input: string): SiteEntry {
  let rest = input.trim();
  if (rest === '') throw new SiteError('empty', text('core_site_empty'));
  const space = /\s/.exec(rest);
  if (space) {
    throw new SiteError('contains-space', text('core_site_contains_space', input, space.index + 1));
  }
  let exact = false;
  if (rest.startsWith('=')) {
    exact = true;
    rest = rest.slice(1);
  }
  // Bare IPv6 ("::1", "fe80::1"): bracket it as URLs do, before its colons look like a scheme or port.
  if (/^[0-9a-f:.]+$/i.test(rest) && rest.split(':').length > 2) rest = `[${rest}]`;
  const scheme = SCHEME.exec(rest);
  const afterScheme = scheme ? rest.slice(scheme[0].length) : '';
  // "x://" is always a scheme; "about:blank" and "mailto:a@b" are too, but "github.com:443" and
  // "github.com:http" are a host with a (bad) port: scheme names with dots exist but are never typed.
  const name = (scheme?.[1] ?? '').toLowerCase();
  let entryScheme: SiteEntry['scheme'] = 'https';
  if (scheme && (scheme[2] !== undefined || (!name.includes('.') && /^[^0-9]/.test(afterScheme)))) {
    if (name !== 'http' && name !== 'https') {
      throw new SiteError('unsupported-scheme', text('core_site_unsupported_scheme', input, name));
    }
    entryScheme = name;
    rest = afterScheme;
  }
  let authority = rest.split(/[/?#]/, 1)[0] ?? '';
  const wildcard = authority.startsWith('*.');
  if (wildcard) authority = authority.slice(2);
  if (authority === '') throw new SiteError('no-host', text('core_site_no_host', input));
  for (const ch of authority) {
    if (ch.charCodeAt(0) < 0x80 && !HOST_ASCII.test(ch)) throw invalidCharacter(input, ch);
  }
  let hostname: string;
  let port: string;
  try {
    // Parsed with the entry's own scheme, so the URL parser drops exactly that scheme's default port.
    ({ hostname, port } = new URL(`${entryScheme}://${authority}`));
  } catch (cause) {
    throw new SiteError('invalid-host', text('core_site_invalid_host', input), { cause });
  }
  const host = withoutTrailingDot(hostname);
  if (host === '') throw new SiteError('no-host', text('core_site_no_host', input));
  if (!host.startsWith('[')) checkLabels(input, host);
  const info = describeHost(host);
  if (info.isPublicSuffix && !exact) {
    throw new SiteError('public-suffix', text('core_site_public_suffix', host));
  }
  // Only the domain's holder speaks for the hosts under it; "login.bank.com" names one host, and
  // stretching it to "evil.bank.com" would offer its code to a sibling nobody listed.
  const coversHostsUnder = wildcard || host === info.registrable;
  return { host, exact: exact || info.registrable === undefined || !coversHostsUnder, scheme: entryScheme, port };
}

/**
 * The canonical text of an entry: its host; "http://" before it for an http entry and "https://"
 * for an https one with a port, the port after it when it is not the scheme's default; "=" first
 * only where the bare host would mean something else (a registrable domain, whose hosts would be
 * related, or a public suffix, which is refused without it); "*." before a longer host whose hosts
 * are related. normaliseSite(normaliseSite(x)) === normaliseSite(x).
 */
export function formatSiteEntry(entry: SiteEntry): string {
  const info = describeHost(entry.host);
  const bareIsExact = entry.host !== info.registrable && !info.isPublicSuffix;
  const host = !entry.exact && bareIsExact ? `*.${entry.host}` : entry.host;
  const origin =
    entry.scheme === 'http' || entry.port !== ''
      ? `${entry.scheme}://${host}${entry.port === '' ? '' : `:${entry.port}`}`
      : host;
  return entry.exact && !bareIsExact ? `=${origin}` : origin;
}

/**
 * The canonical form of a site the user typed into the popup's site editor, e.g.
 * "https://Gist.GitHub.com/login" → "gist.github.com", "*.GitHub.com" → "github.com",
 * "*.Gist.GitHub.com" → "*.gist.github.com", "=gist.github.com" → "gist.github.com",
 * "bücher.de" → "xn--bcher-kva.de", "=GitHub.com" → "=github.com",
 * "HTTP://127.0.0.1:5173/x" → "http://127.0.0.1:5173", "github.com:443" → "github.com". Throws a {@link SiteError}
 * ('empty', 'contains-space', 'unsupported-scheme', 'no-host', 'invalid-character', 'invalid-host',
 * 'public-suffix') whose message names the problem.
 */
export function normaliseSite(input: string): string {
  return formatSiteEntry(parseSiteEntry(input));
}

function checkLabels(input: string, host: string): void {
  if (host.length > MAX_HOST) throw new SiteError('invalid-host', text('core_site_too_long', input, MAX_HOST));
  for (const label of host.split('.')) {
    if (label === '') throw new SiteError('invalid-host', text('core_site_empty_label', input));
    if (label.length > MAX_LABEL) {
      throw new SiteError('invalid-host', text('core_site_long_label', input, MAX_LABEL, label.slice(0, 20)));
    }
  }
}

function invalidCharacter(input: string, ch: string): SiteError {
  const message =
    ch === '@'
      ? text('core_site_invalid_character_at', input)
      : ch === '*'
        ? text('core_site_invalid_character_star', input)
        : text('core_site_invalid_character', input, ch);
  return new SiteError('invalid-character', message);
}
