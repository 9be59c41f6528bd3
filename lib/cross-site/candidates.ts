import type { OtpKind } from '../otp/types';

/** An account as the picker lists it: names only, never a secret or a code. */
export interface CrossSiteAccount {
  id: string;
  issuer: string;
  account: string;
  /** One letter for the account's icon. */
  letter: string;
}

export interface NamedAccount {
  id: string;
  kind: OtpKind;
  issuer: string;
  account: string;
}

/** The first letter of the issuer, else of the account name, upper-cased ("?" for a nameless account). */
export function iconLetter(issuer: string, account: string): string {
  const first = Array.from(issuer.trim() || account.trim())[0];
  return first === undefined ? '?' : first.toLocaleUpperCase();
}

/**
 * What the picker may list for a site: every account except HOTP ones (a HOTP code never expires once handed out, so
 * one given to the wrong site stays usable there: never filled cross-site; docs/architecture.md "Cross-site choices")
 * and the ones the page already offered inline (they belong to the site, so the "not this site's" warning would be
 * wrong above them). Order is kept.
 */
export function crossSiteCandidates(accounts: readonly NamedAccount[], offered: readonly string[]): CrossSiteAccount[] {
  const skip = new Set(offered);
  return accounts
    .filter((a) => a.kind !== 'hotp' && !skip.has(a.id))
    .map((a) => ({ id: a.id, issuer: a.issuer, account: a.account, letter: iconLetter(a.issuer, a.account) }));
}

/** Lower case without accents, so "zoe" finds "Zoë" and "ECOLE" finds "école" (Unicode NFD, then marks dropped). */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The accounts whose issuer or account name contains every word of `query` (in any order, accents and case
 * ignored). An empty query keeps them all.
 */
export function searchCandidates(list: readonly CrossSiteAccount[], query: string): CrossSiteAccount[] {
  const words = foldForSearch(query)
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [...list];
  return list.filter((a) => {
    const hay = foldForSearch(`${a.issuer}\n${a.account}`);
    return words.every((w) => hay.includes(w));
  });
}
