import { SiteError } from './errors';
import { describeHost } from './host';
import { parseSiteEntry, type SiteEntry } from './normalise-site';
import { type Site, siteOf } from './site-of';

/**
 * How far a page is from an account's sites (docs/site-matching.md):
 * - 'exact': the page is on one of the account's own origins; its code may be offered, and filled by
 *   itself when the person chose that;
 * - 'related': a host under one of its https entries that covers the hosts under it (a bare
 *   registrable domain, or an entry written with "*."); offered only on a click in Twofold's own UI,
 *   never filled by itself;
 * - 'none': anything else; the code is not offered (another site's code only past the cross-site
 *   step, never by this rule).
 */
export type Scope = 'exact' | 'related' | 'none';

const RANK: Record<Scope, number> = { none: 0, related: 1, exact: 2 };

/**
 * The scope of the page at `url` for an account whose `sites` are `sites`: the closest scope any
 * entry gives. Fails closed: a page that is not http(s) is 'none', an entry that does not parse
 * gives 'none' (one bad entry must not hide the others), an empty list gives 'none'.
 */
export function siteScope(sites: readonly string[], url: string): Scope {
  let site: Site;
  try {
    site = siteOf(url);
  } catch (e) {
    if (e instanceof SiteError) return 'none';
    throw e;
  }
  let best: Scope = 'none';
  for (const text of sites) {
    let entry: SiteEntry;
    try {
      entry = parseSiteEntry(text);
    } catch (e) {
      if (e instanceof SiteError) continue;
      throw e;
    }
    const scope = entryScope(entry, site);
    if (RANK[scope] > RANK[best]) best = scope;
    if (best === 'exact') break;
  }
  return best;
}

/** {@link siteScope} for anything that carries `sites` (an account, a key slot's binding). */
export function scopeOf(account: { readonly sites: readonly string[] }, url: string): Scope {
  return siteScope(account.sites, url);
}

/** One parsed entry against one page. */
export function entryScope(entry: SiteEntry, site: Site): Scope {
  // Plain http: anyone on the network path can write the page (RFC 6454 §3.2: the scheme is part
  // of the origin for this reason). Only an entry that itself names http admits it.
  if (site.scheme === 'http' && entry.scheme !== 'http') return 'none';
  // An https page satisfies an http entry for the same host and port: the same host name, over a
  // channel that is authenticated. A port the entry does not name is another server (RFC 6454 §4).
  if (site.port !== entry.port) return 'none';
  if (site.host === entry.host) return 'exact';
  // An entry that names one host ("login.bank.com", "=bank.com") relates nothing to it: only the
  // holder of a domain speaks for the hosts under it (docs/site-matching.md).
  if (entry.exact || site.scheme === 'http') return 'none';
  if (!site.host.endsWith(`.${entry.host}`)) return 'none';
  // Comparing registrable domains as well as the suffix keeps PSL boundaries: the host's owner is
  // whoever holds its registrable domain, including under private suffixes ("x.s3.amazonaws.com" is
  // under "amazonaws.com" by name but has its own registrable domain).
  const pageDomain = site.registrable;
  if (pageDomain === undefined) return 'none';
  return describeHost(entry.host).registrable === pageDomain ? 'related' : 'none';
}
