import { bytesEqual } from '../encoding/bytes';
import { siteScope } from '../match/scope';
import type { OtpParams } from '../otp/types';
import type { Account } from '../vault/account-data';

/*
 * Re-enrolment (docs/enrolment.md "What a scan means"): a site's "reset two-factor" issues a new key for the same
 * sign-in. A scan or import of it must not add a second account that looks the same as the first (the inline menu would
 * show two identical entries, one of them dead); the review offers to replace the stored key instead.
 */

/** How a scanned key was recognised as a new key of a stored account. */
export type RenewedBy = 'name' | 'site';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The stored account that `params` is a new key of: the same issuer and account name, or the same account
 * name on one of `sites` (where the scan would bind it), but ANOTHER secret. An account name is required
 * either way: an issuer alone ("Google") is shared by every account a person has there. An empty issuer
 * matches only an empty issuer. Names are compared trimmed and without case, as people type them.
 */
export function findRenewed(
  params: OtpParams,
  existing: readonly Account[],
  sites: readonly string[],
): { account: Account; by: RenewedBy } | undefined {
  if (params.account.trim() === '') return undefined;
  const others = existing.filter(
    (a) => !bytesEqual(a.otp.secret, params.secret) && same(a.otp.account, params.account),
  );
  const byName = others.find((a) => same(a.otp.issuer, params.issuer));
  if (byName) return { account: byName, by: 'name' };
  const bySite = others.find((a) => a.sites.some((s) => sites.some((t) => same(s, t))));
  return bySite ? { account: bySite, by: 'site' } : undefined;
}

/**
 * True when a key matched by name alone ({@link findRenewed} `by: 'name'`) was scanned on a page that none of
 * the stored account's sites covers: two self-hosted servers ("GitLab", "alice" on gitlab.a.example and on
 * gitlab.b.example) share issuer and account name, and replacing by default would put the second server's key
 * over the first's (docs/enrolment.md "What a scan means"). Only when there is something to compare: the page's
 * address is known (`sites` holds a site suggested from it) and the stored account has sites.
 */
export function sitesDiffer(account: Account, pageUrl: string | undefined, sites: readonly string[]): boolean {
  if (pageUrl === undefined || !/^https?:/i.test(pageUrl) || sites.length === 0 || account.sites.length === 0)
    return false;
  if (account.sites.some((s) => sites.some((t) => same(s, t)))) return false;
  return siteScope(account.sites, pageUrl) === 'none';
}

/**
 * An account name that no stored account of `issuer` has: "alice", else "alice (2)", "alice (3)"… ("Keep both"
 * after a re-enrolment, so the two can be told apart in the list and the inline menu). The stored account keeps
 * its name; the one added gets the number, since the person knows the stored one by its name already.
 */
export function distinctAccountName(
  issuer: string,
  account: string,
  existing: readonly { issuer: string; account: string }[],
): string {
  const taken = (name: string) => existing.some((a) => same(a.issuer, issuer) && same(a.account, name));
  if (!taken(account)) return account;
  for (let n = 2; ; n++) {
    const candidate = `${account} (${n})`;
    if (!taken(candidate)) return candidate;
  }
}
