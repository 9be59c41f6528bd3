import reenrolEn from '../../locales/en/reenrol.json';
import { bytesEqual } from '../encoding/bytes';
import { textsOf } from '../i18n/text';
import type { OtpParams } from '../otp/types';
import type { Account, PreviousKey } from './account-data';
import { VaultError } from './errors';

const text = textsOf(reenrolEn);

/**
 * Previous keys of an account (docs/vault-format.md "Previous keys"; docs/enrolment.md). A site's 2FA reset
 * issues a new key; replacing the stored one keeps the old one here so a mistaken replace (the reset was never
 * confirmed on the site) can be undone. Pure: the clock is a parameter.
 */

/** How long a replaced key can be restored: long enough to notice a reset that did not take. */
export const HISTORY_KEEP_MS = 30 * 24 * 60 * 60 * 1000;
/** At most this many previous keys per account, newest first (a record must stay small). */
export const HISTORY_MAX = 10;

/** The previous keys still kept at `now`: younger than 30 days, newest first, at most {@link HISTORY_MAX}. */
export function pruneHistory(history: readonly PreviousKey[] | undefined, now: number): PreviousKey[] {
  return (history ?? [])
    .filter((h) => now - h.replacedAt < HISTORY_KEEP_MS)
    .sort((a, b) => b.replacedAt - a.replacedAt)
    .slice(0, HISTORY_MAX);
}

/** The account with its expired previous keys dropped (called on every write of an account). */
export function withPrunedHistory(account: Account, now: number): Account {
  if (account.history === undefined) return account;
  const { history: _dropped, ...rest } = account;
  const kept = pruneHistory(account.history, now);
  return kept.length > 0 ? { ...rest, history: kept } : rest;
}

/** The account's key as `next` would be: the new secret and parameters under the names the person chose. */
function keyOf(account: Account, next: OtpParams): OtpParams {
  return { ...next, issuer: account.otp.issuer, account: account.otp.account };
}

/**
 * The change that gives `account` the key `next` (a re-enrolment): its id, names, sites, notes and recovery
 * codes stay; the key it held goes first into its history.
 */
export function replaceKeyPatch(account: Account, next: OtpParams, now: number): Pick<Account, 'otp' | 'history'> {
  const history = pruneHistory([{ otp: account.otp, replacedAt: now }, ...(account.history ?? [])], now);
  return { otp: keyOf(account, next), history };
}

/**
 * The change that swaps the previous key replaced at `replacedAt` back in; the current key takes its place in
 * the history. Refused (VaultError 'bad-record') when that key is no longer kept.
 */
export function restoreKeyPatch(account: Account, replacedAt: number, now: number): Pick<Account, 'otp' | 'history'> {
  const kept = pruneHistory(account.history, now);
  const entry = kept.find((h) => h.replacedAt === replacedAt);
  if (!entry) throw new VaultError('bad-record', text('reenrol_restore_gone'), { recordId: account.id });
  const others = kept.filter((h) => h !== entry);
  const history = pruneHistory([{ otp: account.otp, replacedAt: now }, ...others], now);
  return { otp: keyOf(account, entry.otp), history };
}

/**
 * Previous keys of two copies of one account (a backup restored over the vault): each key once (the later
 * replacement wins), never the account's current key. Pruned on write like any history.
 */
export function mergeHistories(current: OtpParams, ...lists: (readonly PreviousKey[] | undefined)[]): PreviousKey[] {
  const out: PreviousKey[] = [];
  const all = lists.flatMap((l) => l ?? []).sort((a, b) => b.replacedAt - a.replacedAt);
  for (const h of all) {
    if (bytesEqual(h.otp.secret, current.secret) || out.some((o) => bytesEqual(o.otp.secret, h.otp.secret))) continue;
    out.push(h);
  }
  return out;
}
