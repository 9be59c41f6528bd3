import { decodeBase32, encodeBase32 } from '../encoding/base32';
import type { Algorithm, OtpKind, OtpParams } from '../otp/types';
import type { Account, PreviousKey, RecoveryCode } from './account-data';

/**
 * An account as the background sends it to extension pages (messages are JSON, so bytes travel as
 * base32). Time-based accounts carry their secret so the popup computes codes locally every second;
 * HOTP accounts do not: their codes come from the background, which advances the counter first.
 */
export interface AccountView {
  id: string;
  kind: OtpKind;
  issuer: string;
  account: string;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  counter?: string;
  secret?: string;
  sites: string[];
  notes: string;
  recoveryCodes: RecoveryCode[];
  /**
   * Keys a re-enrolment replaced, newest first, without their secrets (the Edit view lists them with
   * "Restore"; docs/vault-format.md "Previous keys"). Absent when there are none.
   */
  previousKeys?: PreviousKeyView[];
  pinned: boolean;
  order: number;
  createdAt: number;
  updatedAt: number;
  /** The group the account is filed under (docs/vault-format.md "Account record"); absent for none. */
  group?: string;
  /** When its code was last copied or filled here (Unix ms; this browser only, never synced); absent for never. */
  lastUsedAt?: number;
}

/**
 * An account in "Recently deleted" (docs/vault-format.md): what the list shows, never a secret. It can be restored in
 * one click until `expiresAt`, 30 days after `deletedAt`, when it is erased for good.
 */
export interface DeletedAccountView {
  id: string;
  kind: OtpKind;
  issuer: string;
  account: string;
  group?: string;
  deletedAt: number;
  expiresAt: number;
}

/** A previous key as extension pages see it: when it was replaced and how its codes were made, never its secret. */
export interface PreviousKeyView {
  replacedAt: number;
  kind: OtpKind;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
}

function previousKeyView(h: PreviousKey): PreviousKeyView {
  const o = h.otp;
  if (o.kind === 'steam') return { replacedAt: h.replacedAt, kind: o.kind };
  return {
    replacedAt: h.replacedAt,
    kind: o.kind,
    algorithm: o.algorithm,
    digits: o.digits,
    ...(o.kind === 'totp' ? { period: o.period } : {}),
  };
}

export function toView(a: Account): AccountView {
  const o = a.otp;
  const base = {
    id: a.id,
    kind: o.kind,
    issuer: o.issuer,
    account: o.account,
    sites: a.sites,
    notes: a.notes,
    recoveryCodes: a.recoveryCodes,
    ...(a.history && a.history.length > 0 ? { previousKeys: a.history.map(previousKeyView) } : {}),
    pinned: a.pinned,
    order: a.order,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    ...(a.group ? { group: a.group } : {}),
  };
  switch (o.kind) {
    case 'totp':
      return { ...base, algorithm: o.algorithm, digits: o.digits, period: o.period, secret: encodeBase32(o.secret) };
    case 'steam':
      return { ...base, secret: encodeBase32(o.secret) };
    case 'hotp':
      return { ...base, algorithm: o.algorithm, digits: o.digits, counter: o.counter.toString() };
  }
}

/**
 * The parameters of a time-based account (TOTP, Steam) as the popup computes its codes from the view;
 * undefined for HOTP, whose codes only the background hands out. Throws if the secret is not base32.
 */
export function timeBasedParams(a: AccountView): OtpParams | undefined {
  if (a.secret === undefined) return undefined;
  const common = { secret: decodeBase32(a.secret), issuer: a.issuer, account: a.account };
  if (a.kind === 'steam') return { kind: 'steam', ...common };
  if (a.kind === 'totp')
    return { kind: 'totp', ...common, algorithm: a.algorithm ?? 'SHA1', digits: a.digits ?? 6, period: a.period ?? 30 };
  return undefined;
}
