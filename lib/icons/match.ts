import { describeHost } from '../match/host';
import { SiteError } from '../match/errors';
import { parseSiteEntry } from '../match/normalise-site';
import type { Brand, BrandLookup } from './brand-index';
import { compactName, issuerKeys } from './normalise';

/** Which brand an account's picture shows, and what decided it; `none` means initials. */
export type BrandMatch = { by: 'issuer' | 'site'; brand: Brand } | { by: 'none' };

/**
 * Issuers that are also the name of a brand in simple-icons but, typed by a person, are far more often a plain word
 * for where the account lives ("Local" for a server on this computer; the brand is a WordPress tool). They never
 * match by issuer; the brand can still come from a site (docs/brand-icons.md "Matching rule").
 */
const GENERIC_ISSUERS = new Set(['local', 'localhost']);

/**
 * The matching rule (docs/brand-icons.md "Matching rule"), pure:
 * 1. the issuer, normalised ({@link issuerKeys}), against the brands' titles, slugs and aliases, exactly (except a
 *    few issuers that are generic words, {@link GENERIC_ISSUERS});
 * 2. else each of the account's sites in order: its registrable domain (the Public Suffix List's eTLD+1, private
 *    section included, lib/match/host.ts) compacted whole ("mail.ru" → "mailru"), then its first label
 *    ("github.com" → "github", "amazon.co.uk" → "amazon");
 * 3. else no brand: the row shows initials.
 * The issuer wins over the sites because it is what the person sees as the row's name. A site on a public suffix's
 * private section stays its owner's ("alice.github.io" is Alice's, not GitHub's), and IP addresses and single-label
 * hosts name no brand.
 */
export function matchBrand(lookup: BrandLookup, account: { issuer: string; sites: readonly string[] }): BrandMatch {
  for (const key of issuerKeys(account.issuer)) {
    if (GENERIC_ISSUERS.has(key)) break;
    const brand = lookup.find(key);
    if (brand) return { by: 'issuer', brand };
  }
  for (const site of account.sites) {
    for (const key of siteKeys(site)) {
      const brand = lookup.find(key);
      if (brand) return { by: 'site', brand };
    }
  }
  return { by: 'none' };
}

/** The names a site entry is looked up by: its registrable domain compacted, then that domain's first label. */
export function siteKeys(site: string): string[] {
  let host: string;
  try {
    host = parseSiteEntry(site).host;
  } catch (e) {
    // A site the person could not have saved (docs/site-matching.md) names no brand; other errors are bugs.
    if (e instanceof SiteError) return [];
    throw e;
  }
  const registrable = describeHost(host).registrable;
  if (registrable === undefined) return [];
  const whole = compactName(registrable);
  const label = compactName(registrable.slice(0, registrable.indexOf('.')));
  return label === whole ? [whole] : [whole, label];
}
