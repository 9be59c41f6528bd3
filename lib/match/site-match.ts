import { SiteError } from './errors';
import { parseSiteEntry, type SiteEntry } from './normalise-site';
import { type Site, siteOf } from './site-of';

/**
 * Whether an account whose `sites` are `sites` belongs to the page at `url`, i.e. whether its code
 * may be offered there (docs/architecture.md: "a code is only offered to a site the account belongs
 * to").
 *
 * - "github.com" (a registrable domain) matches every host whose registrable domain is github.com:
 *   github.com, gist.github.com; not evilgithub.com, github.com.evil.net, or a customer's host under
 *   a private PSL suffix ("amazonaws.com" does not match "x.s3.amazonaws.com").
 * - "login.example.co.uk" (more labels than its registrable domain) or "=example.com" match that host
 *   only; so do IPs, "localhost" and other single labels. Ports never matter.
 * - Case, a trailing dot, IDN vs punycode, scheme/path/port/leading "*." in entries are normalised
 *   ({@link parseSiteEntry}).
 *
 * Fails closed: a page that is not http(s) matches nothing, an entry that does not parse matches
 * nothing (one bad entry must not hide the others), an empty list matches nothing.
 */
export function siteMatches(sites: readonly string[], url: string): boolean {
  let site: Site;
  try {
    site = siteOf(url);
  } catch (e) {
    if (e instanceof SiteError) return false;
    throw e;
  }
  return sites.some((text) => {
    let entry: SiteEntry;
    try {
      entry = parseSiteEntry(text);
    } catch (e) {
      if (e instanceof SiteError) return false;
      throw e;
    }
    return entryMatches(entry, site);
  });
}

/** One parsed entry against one page site. */
export function entryMatches(entry: SiteEntry, site: Site): boolean {
  if (entry.exact) return site.host === entry.host;
  // Comparing registrable domains (not "ends with .github.com") keeps PSL boundaries: the host's
  // owner is whoever holds its registrable domain.
  return site.registrable !== undefined && site.registrable === entry.host;
}
