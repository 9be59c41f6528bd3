import { type Clock, compareClocks, maxClock } from './clock';
import {
  type AccountEntry,
  type AccountState,
  type DeviceState,
  isPurged,
  type KeyState,
  REGISTERS,
  type RecoveryState,
  type Reg,
  type SyncState,
  setOwn,
} from './state';

/*
 * The join (least upper bound) of two states, field by field (docs/sync-format.md "The join"). Each piece is a
 * known semilattice, so the whole is commutative, associative and idempotent (tests/unit/sync/laws.test.ts). Results
 * are built in a canonical form (sorted sets, keys in sorted order) so equal states are equal JSON too. Inputs are
 * never modified.
 */

/** JSON text order: the tie-break for two values under one stamp (only a copied profile makes those). */
function jsonOrder(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function joinReg<T>(a: Reg<T>, b: Reg<T>): Reg<T> {
  const byClock = compareClocks(a[1], b[1]);
  if (byClock !== 0) return byClock > 0 ? a : b;
  return jsonOrder(a[0], b[0]) >= 0 ? a : b;
}

function joinOptional<T>(a: T | undefined, b: T | undefined, join: (x: T, y: T) => T): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return join(a, b);
}

/** Union by key, joining the entries present on both sides; keys in sorted order. */
function joinRecord<T>(a: Record<string, T>, b: Record<string, T>, join: (x: T, y: T) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = Object.hasOwn(a, k) ? a[k] : undefined;
    const y = Object.hasOwn(b, k) ? b[k] : undefined;
    setOwn(out, k, x === undefined ? (y as T) : y === undefined ? x : join(x, y));
  }
  return out;
}

/** A set of stamps as a sorted array without repeats. */
export function clockSet(...lists: readonly Clock[][]): Clock[] {
  return [...new Set(lists.flat())].sort(compareClocks);
}

function joinKey(a: KeyState, b: KeyState): KeyState {
  const byClock = compareClocks(a.set, b.set);
  if (byClock !== 0) return byClock > 0 ? a : b;
  return jsonOrder(a.otp, b.otp) >= 0 ? a : b;
}

/** The larger of two decimal counters (BigInt: HOTP counters go to 2^64 − 1, past a double's integers). */
function joinCounter(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

function joinPos(a: [Clock, number], b: [Clock, number]): [Clock, number] {
  const byClock = compareClocks(a[0], b[0]);
  if (byClock !== 0) return byClock < 0 ? a : b;
  return a[1] <= b[1] ? a : b;
}

function joinCode(a: RecoveryState, b: RecoveryState): RecoveryState {
  const superseded = joinOptional(a.superseded, b.superseded, Math.min);
  return {
    code: joinReg(a.code, b.code),
    pos: joinPos(a.pos, b.pos),
    uses: clockSet(a.uses, b.uses),
    unmarked: clockSet(a.unmarked, b.unmarked),
    ...(superseded === undefined ? {} : { superseded }),
  };
}

export function joinAccount(a: AccountState, b: AccountState): AccountState {
  const deleted = joinOptional(a.deleted, b.deleted, maxClock);
  const mergedInto = joinOptional(a.mergedInto, b.mergedInto, joinReg);
  const out = {
    createdAt: Math.min(a.createdAt, b.createdAt),
    ...(deleted === undefined ? {} : { deleted }),
    ...(mergedInto === undefined ? {} : { mergedInto }),
  } as AccountState;
  for (const r of REGISTERS) (out as unknown as Record<string, Reg<unknown>>)[r] = joinReg<unknown>(a[r], b[r]);
  const group = joinOptional(a.group, b.group, joinReg);
  if (group !== undefined) out.group = group;
  out.keys = joinRecord(a.keys, b.keys, joinKey);
  out.counters = joinRecord(a.counters, b.counters, joinCounter);
  out.codes = joinRecord(a.codes, b.codes, joinCode);
  return out;
}

/** A purged marker absorbs everything; two markers keep the later stamp. */
export function joinEntry(a: AccountEntry, b: AccountEntry): AccountEntry {
  if (isPurged(a) && isPurged(b)) return { purged: maxClock(a.purged, b.purged) };
  if (isPurged(a)) return a;
  if (isPurged(b)) return b;
  return joinAccount(a, b);
}

function joinDevice(a: DeviceState, b: DeviceState): DeviceState {
  const left = joinOptional(a.left, b.left, maxClock);
  return { name: joinReg(a.name, b.name), ...(left === undefined ? {} : { left }) };
}

export function join(a: SyncState, b: SyncState): SyncState {
  return {
    v: 1,
    devices: joinRecord(a.devices, b.devices, joinDevice),
    accounts: joinRecord(a.accounts, b.accounts, joinEntry),
  };
}
