import type { Algorithm } from '../otp/types';
import type { Clock } from './clock';

/*
 * The replicated state (docs/sync-format.md "State"): a join-semilattice built from last-writer-wins registers,
 * max-registers and grow-only / observed-remove sets (Shapiro, Preguiça, Baquero, Zawirski, "Conflict-free
 * Replicated Data Types", 2011). Plain JSON: it is what a device file's body holds.
 */

/** A last-writer-wins register: the value and the stamp of the write that set it. */
export type Reg<T> = [T, Clock];

/** A key without its secret: the secret is the key's id (base32), so one secret is one entry. */
export interface OtpKey {
  kind: 'totp' | 'hotp' | 'steam';
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
}

export interface KeyState {
  otp: OtpKey;
  /** When this key became the current one; the greatest is the current key. */
  set: Clock;
}

export interface RecoveryState {
  code: Reg<string>;
  /** Where the code sits: the stamp of the save that brought it and its place in the page's list. */
  pos: [Clock, number];
  /** Every "used" mark, as stamps (grow-only). */
  uses: Clock[];
  /** The uses a "Not used" cancelled: only those it had seen (an observed-remove set). */
  unmarked: Clock[];
  /** Unix ms a newer set replaced it; the smallest wins. */
  superseded?: number;
}

export interface AccountState {
  createdAt: number;
  deleted?: Clock;
  mergedInto?: Reg<string>;
  issuer: Reg<string>;
  account: Reg<string>;
  sites: Reg<string[]>;
  notes: Reg<string>;
  pinned: Reg<boolean>;
  order: Reg<number>;
  /**
   * The account's group ('' for none). Optional, unlike the registers above: a state written before groups has none,
   * and joins as "no group, never set", so a group set anywhere wins (docs/sync-format.md "The join").
   */
  group?: Reg<string>;
  keys: Record<string, KeyState>;
  /** HOTP counters per key id, decimal (up to 2^64 − 1). */
  counters: Record<string, string>;
  /** Recovery codes by normalised code (lower case, no spaces or dashes). */
  codes: Record<string, RecoveryState>;
}

/**
 * "Erase deleted accounts from synced data now" (docs/sync-format.md "Deletion and tombstones"): above every other
 * state of its account, so its join with anything is itself; no fields.
 */
export interface PurgedState {
  purged: Clock;
}

export type AccountEntry = AccountState | PurgedState;

export interface DeviceState {
  name: Reg<string>;
  left?: Clock;
}

export interface SyncState {
  v: 1;
  devices: Record<string, DeviceState>;
  accounts: Record<string, AccountEntry>;
}

/** The register fields of an account, each joined on its own. */
export const REGISTERS = ['issuer', 'account', 'sites', 'notes', 'pinned', 'order'] as const;
export type RegisterName = (typeof REGISTERS)[number];

export function isPurged(e: AccountEntry): e is PurgedState {
  return 'purged' in e;
}

export function emptyState(): SyncState {
  return { v: 1, devices: {}, accounts: {} };
}

/** A recovery code as the state keys it: lower case, no spaces or dashes (lib/vault/recovery-codes.ts sameCode). */
export function normCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * `o[k] = v` as an own data property even for `k` = "__proto__" (a recovery code can normalise to that): a plain
 * assignment would set the object's prototype instead of a code.
 */
export function setOwn<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
