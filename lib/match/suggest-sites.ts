import { SiteError } from './errors';
import { describeHost } from './host';
import { formatSiteEntry, parseSiteEntry } from './normalise-site';
import { siteOf } from './site-of';

/**
 * What to store as an account's `sites` when it is enrolled on the page at `url` with `issuer`
 * (the otpauth:// "issuer", Key Uri Format).
 *
 * - The origin the account was enrolled on (docs/site-matching.md): the page's host for https on
 *   the default port ("https://gist.github.com/x" → "gist.github.com"), with its scheme and port
 *   otherwise ("http://127.0.0.1:5173/enrol" → "http://127.0.0.1:5173", "https://h:8443" →
 *   "https://h:8443"), so the code is offered there and nowhere less safe; "=host" for a page on a
 *   public suffix itself ("github.io"), so the entry cannot cover every site under that suffix.
 *   A page on a registrable domain itself ("https://bank.com/") makes the hosts under it 'related'
 *   (offered on a click, never filled by themselves); a longer host ("login.bank.com") is that host
 *   only (docs/site-matching.md).
 * - The issuer, normalised, only when it is itself a domain under a listed public suffix
 *   ("GitHub.com" → "github.com"; "login.example.co.uk" stays that exact host). A name like "GitHub"
 *   or "Node.js" (no such TLD) adds nothing: guessing a domain from a brand is how a code ends up
 *   offered to a look-alike.
 *
 * A page that is not http(s) (an extension page, a file: QR image) contributes nothing, so the result
 * may be empty and the user types a site.
 */
export function suggestSites(url: string, issuer: string): string[] {
  const out: string[] = [];
  const page = pageSite(url);
  if (page !== undefined) out.push(page);
  const fromIssuer = issuerSite(issuer);
  if (fromIssuer !== undefined && !out.includes(fromIssuer)) out.push(fromIssuer);
  return out;
}

function pageSite(url: string): string | undefined {
  try {
    const { host, scheme, port } = siteOf(url);
    const info = describeHost(host);
    return formatSiteEntry({ host, scheme, port, exact: host !== info.registrable });
  } catch (e) {
    if (e instanceof SiteError) return undefined;
    throw e;
  }
}

function issuerSite(issuer: string): string | undefined {
  const text = issuer.trim();
  // Cheap filter before parsing: a domain has a dot.
  if (!text.includes('.')) return undefined;
  try {
    const entry = parseSiteEntry(text);
    const info = describeHost(entry.host);
    if (info.isIp || info.registrable === undefined || !info.listedSuffix) return undefined;
    return formatSiteEntry(entry);
  } catch (e) {
    if (e instanceof SiteError) return undefined;
    throw e;
  }
}
