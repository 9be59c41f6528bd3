import en from '../../locales/en/core.json';
import { bytesEqual } from '../encoding/bytes';
import { type Sub, type Text, textsOf } from '../i18n/text';
import { suggestSites } from '../match/suggest-sites';
import {
  CARRIES_ALL,
  type CodesSideBySide,
  codesSideBySide,
  codesWouldChange,
  type OtpParamName,
  withUnknownsKept,
} from '../otp/carried';
import { describeParams } from '../otp/describe';
import type { OtpParams } from '../otp/types';
import { formatOtpauthUri } from '../otp/uri';
import type { Account } from '../vault/account-data';
import { findRenewed, type RenewedBy, sitesDiffer } from './renewal';
import type { ScanOutcome } from './scan';

export { describeParams };

const text = textsOf(en);

/*
 * Turns a scan into what the confirmation screen shows (docs/enrolment.md "Flow"): each account with its parameters,
 * the site it will belong to, and whether Twofold already holds it. "Already holds" means the same
 * secret bytes: issuer and account names are labels a site may change, the secret is the account.
 */

/** How a scanned account relates to the vault. */
export type ExistingMatch =
  | { status: 'new' }
  /** Same secret and the same parameters and names: adding it again would only duplicate it. */
  | { status: 'same'; id: string; name: Sub }
  /** Same secret, something else differs (names, digits…): offered as "update", never duplicated. */
  | {
      status: 'changed';
      id: string;
      /** The stored account's name ({@link accountName}). */
      name: Sub;
      differences: Text[];
      /**
       * True when more than the names differ (type, algorithm, digits, period): codes would change. The review then
       * pre-selects "Keep": a wrong period or type locks the person out of the site
       * (docs/import-export.md "Review of a key Twofold already has").
       */
      paramsChanged: boolean;
      /** With `paramsChanged`, when the review was given the time: the stored and the incoming current code. */
      codes?: CodesSideBySide;
    }
  /**
   * Another secret, but the same issuer and account name (or the same site and account name) as a stored
   * account: the site issued a new key (a 2FA reset). Offered as "replace the key", never silently added twice.
   */
  | {
      status: 'renewed';
      id: string;
      name: Sub;
      by: RenewedBy;
      /**
       * Why the review pre-selects "Keep both" rather than "Replace" (absent: Replace is the default): 'sites-differ',
       * the names match but the page is on none of the stored account's sites (another server with the same issuer,
       * {@link sitesDiffer}); 'same-target', an earlier row of this scan already replaces this account's key (two
       * replacements of one account cannot both be stored). docs/enrolment.md "What a scan means".
       */
      keepBoth?: 'sites-differ' | 'same-target';
    };

export interface ReviewedAccount {
  /** The account as a canonical otpauth:// URI: what the confirmation sends back to be stored. */
  uri: string;
  kind: OtpParams['kind'];
  issuer: string;
  account: string;
  /** "TOTP · SHA1 · 6 digits · every 30 s", for the confirmation. */
  summary: Text;
  warnings: Text[];
  /** Sites to bind it to: the page it was scanned on, and the issuer when that is a domain. */
  sites: string[];
  match: ExistingMatch;
}

/**
 * An account's name as a substitution: "Issuer (account)", the issuer or the account name, or the text
 * "Unnamed account" (in the user's language) when it has neither.
 */
export function accountName(issuer: string, account: string): Sub {
  if (issuer && account) return `${issuer} (${account})`;
  return issuer || account || text('core_unnamed_account');
}

/** What would change if `next` replaced `current` (same secret), in words. */
export function differencesOf(current: OtpParams, next: OtpParams): Text[] {
  const out: Text[] = [];
  const quote = (s: string) => (s ? text('core_quoted', s) : text('core_none'));
  if (current.issuer !== next.issuer)
    out.push(text('core_difference_issuer', quote(current.issuer), quote(next.issuer)));
  if (current.account !== next.account)
    out.push(text('core_difference_account', quote(current.account), quote(next.account)));
  const before = describeParams(current);
  const after = describeParams(next);
  if (before.english !== after.english) out.push(text('core_difference_params', before, after));
  return out;
}

/**
 * How `params` relates to the vault. `carries` is what its source could say (lib/otp/carried.ts): any
 * other parameter is unknown and the stored value stands. With `unixSeconds`, a change of codes comes
 * with both current codes, for the review to show side by side.
 */
export function matchExisting(
  params: OtpParams,
  existing: readonly Account[],
  carries: readonly OtpParamName[] = CARRIES_ALL,
  unixSeconds?: number,
): ExistingMatch {
  return compareWithVault(params, existing, carries, unixSeconds).match;
}

/** The match, and the incoming account as it would be stored (unknown parameters taken from the vault's). */
function compareWithVault(
  params: OtpParams,
  existing: readonly Account[],
  carries: readonly OtpParamName[],
  unixSeconds: number | undefined,
): { match: ExistingMatch; params: OtpParams } {
  const found = existing.find((a) => bytesEqual(a.otp.secret, params.secret));
  if (!found) return { match: { status: 'new' }, params };
  const name = accountName(found.otp.issuer, found.otp.account);
  const known = withUnknownsKept(found.otp, params, carries);
  // A scanned HOTP code always says counter 0 or its own start; the stored counter has moved on since.
  const next = found.otp.kind === 'hotp' && known.kind === 'hotp' ? { ...known, counter: found.otp.counter } : known;
  // What an update stores keeps the source's counter when it is ahead (codes used in the other app).
  const stored = next.kind === 'hotp' && known.kind === 'hotp' && known.counter > next.counter ? known : next;
  const differences = differencesOf(found.otp, next);
  if (differences.length === 0) return { match: { status: 'same', id: found.id, name }, params: stored };
  const paramsChanged = codesWouldChange(found.otp, next);
  const codes = paramsChanged && unixSeconds !== undefined ? codesSideBySide(found.otp, next, unixSeconds) : undefined;
  return {
    match: { status: 'changed', id: found.id, name, differences, paramsChanged, ...(codes ? { codes } : {}) },
    params: stored,
  };
}

/** The accounts of a scan, each once (an export and a single code may hold the same key), reviewed. */
export function reviewScan(
  outcome: ScanOutcome,
  existing: readonly Account[],
  pageUrl: string | undefined,
  unixSeconds?: number,
): ReviewedAccount[] {
  const seen: Uint8Array[] = [];
  const out: ReviewedAccount[] = [];
  /** Accounts a row of this scan already replaces by default: a later row for one of them defaults to Keep both. */
  const replaced = new Set<string>();
  for (const { params: scanned, warnings, carries } of outcome.accounts) {
    if (seen.some((s) => bytesEqual(s, scanned.secret))) continue;
    seen.push(scanned.secret);
    // What is stored on "update" is the account as its source meant it: a parameter it cannot carry keeps
    // the vault's value, so updating the names of a 60 s account from a Google Authenticator export keeps 60 s.
    const found = compareWithVault(scanned, existing, carries ?? CARRIES_ALL, unixSeconds);
    const params = found.params;
    const sites = suggestSites(pageUrl ?? '', params.issuer);
    out.push({
      uri: formatOtpauthUri(params),
      kind: params.kind,
      issuer: params.issuer,
      account: params.account,
      summary: describeParams(params),
      warnings,
      sites,
      match: renewedOr(found.match, params, existing, pageUrl, sites, replaced),
    });
  }
  return out;
}

/** A key Twofold does not hold yet may still be a new key of a stored account ({@link findRenewed}). */
function renewedOr(
  match: ExistingMatch,
  params: OtpParams,
  existing: readonly Account[],
  pageUrl: string | undefined,
  sites: readonly string[],
  replaced: Set<string>,
): ExistingMatch {
  if (match.status !== 'new') return match;
  const found = findRenewed(params, existing, sites);
  if (!found) return match;
  const { account, by } = found;
  const name = accountName(account.otp.issuer, account.otp.account);
  const keepBoth =
    by === 'name' && sitesDiffer(account, pageUrl, sites)
      ? 'sites-differ'
      : replaced.has(account.id)
        ? 'same-target'
        : undefined;
  if (keepBoth === undefined) replaced.add(account.id);
  return { status: 'renewed', id: account.id, name, by, ...(keepBoth ? { keepBoth } : {}) };
}
