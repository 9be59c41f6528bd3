import { encodeBase32 } from '../encoding/base32';
import type { OtpParams } from '../otp/types';
import type { Account, PreviousKey } from '../vault/account-data';
import { type Clock, compareClocks, decodeClock, devicePrefix, EARLIEST_L, encodeClock } from './clock';
import { clockSet } from './join';
import {
  type AccountState,
  isPurged,
  normCode,
  type OtpKey,
  REGISTERS,
  type RecoveryState,
  type Reg,
  type RegisterName,
  type SyncState,
  setOwn,
} from './state';
import { accountOf, isLive, keysNewestFirst } from './view';

/*
 * Local updates (docs/sync-format.md "Operations"): a vault change becomes the smallest state change that shows it,
 * every changed field stamped with the one fresh clock of that change (lib/sync/clock.ts `tick`). Each update is
 * inflationary: joining the old state with the new one gives the new one. Inputs are never modified.
 */

export function keyIdOf(otp: OtpParams): string {
  return encodeBase32(otp.secret);
}

function otpKeyOf(otp: OtpParams): OtpKey {
  if (otp.kind === 'totp') return { kind: 'totp', algorithm: otp.algorithm, digits: otp.digits, period: otp.period };
  if (otp.kind === 'hotp') return { kind: 'hotp', algorithm: otp.algorithm, digits: otp.digits };
  return { kind: 'steam' };
}

function registersOf(a: Account): { [R in RegisterName]: AccountState[R][0] } {
  return {
    issuer: a.otp.issuer,
    account: a.otp.account,
    sites: [...a.sites],
    notes: a.notes,
    pinned: a.pinned,
    order: a.order,
  };
}

const sameJson = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/**
 * The time each key of an account became current (docs/sync-format.md "Joining a second device", step 4): the
 * current key at the newest `replacedAt` of its history (else `createdAt`), each previous key at the `replacedAt`
 * of the key before it (else `createdAt`). Never later than `now`, never before 2020.
 */
function keyTimes(a: Account, now: number): { otp: OtpParams; at: number }[] {
  const history = [...(a.history ?? [])].sort((x, y) => y.replacedAt - x.replacedAt);
  const at = (t: number) => Math.max(EARLIEST_L, Math.min(t, now));
  const list: { otp: OtpParams; at: number }[] = [{ otp: a.otp, at: at(history[0]?.replacedAt ?? a.createdAt) }];
  history.forEach((h: PreviousKey, i) => {
    list.push({ otp: h.otp, at: at(history[i + 1]?.replacedAt ?? a.createdAt) });
  });
  return list;
}

/**
 * An account as a state of its own, every field stamped `stamp` (an add); previous keys and past uses of recovery
 * codes get `keyStamp` of the time they happened (by default a stamp just before `stamp`, so a previous key never
 * becomes current by arriving).
 */
export function accountState(
  a: Account,
  stamp: Clock,
  keyStamp: (at: number) => Clock = (at) => before(stamp, at),
): AccountState {
  const regs = registersOf(a);
  const out = { createdAt: a.createdAt } as AccountState;
  for (const r of REGISTERS) (out as unknown as Record<string, Reg<unknown>>)[r] = [regs[r], stamp];
  // Only when it has one: an account without a group makes the same state as before groups existed.
  if (a.group) out.group = [a.group, stamp];
  out.keys = {};
  out.counters = {};
  for (const k of keyTimes(a, Number.MAX_SAFE_INTEGER).reverse()) {
    const id = keyIdOf(k.otp);
    if (out.keys[id] !== undefined) continue;
    out.keys[id] = { otp: otpKeyOf(k.otp), set: k.otp === a.otp ? stamp : keyStamp(k.at) };
    if (k.otp.kind === 'hotp') out.counters[id] = k.otp.counter.toString();
  }
  out.codes = {};
  a.recoveryCodes.forEach((r, i) => {
    const n = normCode(r.code);
    if (Object.hasOwn(out.codes, n)) return;
    setOwn(out.codes, n, {
      code: [r.code, stamp],
      pos: [stamp, i],
      uses: r.usedAt === undefined ? [] : [keyStamp(r.usedAt)],
      unmarked: [],
      ...(r.supersededAt === undefined ? {} : { superseded: r.supersededAt }),
    });
  });
  return out;
}

/**
 * A vault's accounts as this device's first state (docs/sync-format.md "Joining a second device", step 4): register
 * stamps at the account's `updatedAt` (never later than `now`), key stamps at the time each key became current, so a
 * genuinely newer edit elsewhere wins and an older one loses.
 */
export function stateOfVault(accounts: readonly Account[], deviceId: string, now: number): SyncState {
  const d = devicePrefix(deviceId);
  const at = (t: number) => encodeClock({ l: Math.max(EARLIEST_L, Math.min(t, now)), c: 0, d });
  const state: SyncState = { v: 1, devices: {}, accounts: {} };
  for (const a of accounts) {
    const times = keyTimes(a, now);
    const own = at(a.updatedAt);
    const s = accountState(a, own, at);
    // The current key keeps the time it became current, not the last edit: a re-enrolment made elsewhere after it
    // still wins over this copy of the old key merely edited later.
    s.keys[keyIdOf(a.otp)] = { otp: otpKeyOf(a.otp), set: at((times[0] as { at: number }).at) };
    state.accounts[a.id] = s;
  }
  return state;
}

/** The state with `account` written as it now is: an add if the state lacks it, else only what changed. */
export function recordAccount(state: SyncState, account: Account, stamp: Clock, now: number): SyncState {
  const entry = state.accounts[account.id];
  if (entry === undefined) return withAccount(state, account.id, accountState(account, stamp));
  // A purged account is never written with fields again by a device that has seen the purge.
  if (isPurged(entry)) return state;
  const before = accountOf(account.id, entry, now);
  const next: AccountState = {
    ...entry,
    keys: { ...entry.keys },
    counters: { ...entry.counters },
    codes: { ...entry.codes },
  };
  const was = registersOf(before);
  const is = registersOf(account);
  // A deleted account written again is brought back (a "Recently deleted" restore): every field is stamped now, a
  // newer edit than the deletion, so it is live again on every device (docs/sync-format.md "Deletion and tombstones").
  const revive = !isLive(entry);
  for (const r of REGISTERS) {
    if (revive || !sameJson(was[r], is[r])) (next as unknown as Record<string, Reg<unknown>>)[r] = [is[r], stamp];
  }
  if ((before.group ?? '') !== (account.group ?? '') || (revive && (entry as AccountState).group))
    next.group = [account.group ?? '', stamp];
  recordKeys(next, entry, account, stamp);
  recordCodes(next, account, stamp);
  return withAccount(state, account.id, next);
}

function recordKeys(next: AccountState, entry: AccountState, account: Account, stamp: Clock): void {
  const id = keyIdOf(account.otp);
  const current = keysNewestFirst(entry)[0];
  const key = otpKeyOf(account.otp);
  // A re-enrolment (a new key), a restored previous key, or changed parameters: the key is set again, now.
  if (current === undefined || current[0] !== id || !sameJson(current[1].otp, key))
    next.keys[id] = { otp: key, set: stamp };
  // Previous keys the state has never seen (a restore merging histories): added under the current key.
  for (const h of account.history ?? []) {
    const hid = keyIdOf(h.otp);
    const cur = next.keys[id]?.set ?? stamp;
    if (next.keys[hid] === undefined) next.keys[hid] = { otp: otpKeyOf(h.otp), set: before(cur, h.replacedAt) };
  }
  if (account.otp.kind === 'hotp') {
    const held = next.counters[id];
    if (held === undefined || account.otp.counter > BigInt(held)) next.counters[id] = account.otp.counter.toString();
  }
}

/** A stamp before `stamp` and at most `at` (never before 2020), by the same device. */
function before(stamp: Clock, at: number): Clock {
  const s = decodeClock(stamp);
  return encodeClock({ l: Math.max(EARLIEST_L, Math.min(at, s.l - 1)), c: 0, d: s.d });
}

function recordCodes(next: AccountState, account: Account, stamp: Clock): void {
  account.recoveryCodes.forEach((r, i) => {
    const n = normCode(r.code);
    const held: RecoveryState | undefined = Object.hasOwn(next.codes, n) ? next.codes[n] : undefined;
    if (held === undefined) {
      setOwn(next.codes, n, {
        code: [r.code, stamp],
        pos: [stamp, i],
        uses: r.usedAt === undefined ? [] : [stamp],
        unmarked: [],
        ...(r.supersededAt === undefined ? {} : { superseded: r.supersededAt }),
      });
      return;
    }
    const unmarked = new Set(held.unmarked);
    const live = held.uses.filter((u) => !unmarked.has(u));
    let changed: RecoveryState = held;
    // Used here and not used in the state: one more use. "Not used" here: cancel exactly the uses seen.
    if (r.usedAt !== undefined && live.length === 0) changed = { ...changed, uses: clockSet(held.uses, [stamp]) };
    if (r.usedAt === undefined && live.length > 0) changed = { ...changed, unmarked: clockSet(held.unmarked, live) };
    if (r.supersededAt !== undefined && (held.superseded === undefined || r.supersededAt < held.superseded))
      changed = { ...changed, superseded: r.supersededAt };
    setOwn(next.codes, n, changed);
  });
}

/** The state with the account deleted at `stamp` (its fields kept under the tombstone). */
export function deleteAccount(state: SyncState, id: string, stamp: Clock): SyncState {
  const entry = state.accounts[id];
  if (entry === undefined || isPurged(entry)) return state;
  const deleted = entry.deleted === undefined || compareClocks(stamp, entry.deleted) > 0 ? stamp : entry.deleted;
  return withAccount(state, id, { ...entry, deleted });
}

function withAccount(state: SyncState, id: string, a: AccountState): SyncState {
  return { ...state, accounts: { ...state.accounts, [id]: a } };
}

/**
 * The state with the account purged at `stamp` (docs/sync-format.md "Deletion and tombstones"): a marker above every
 * state of it, with no field, so its key leaves the synced data. An id the state does not hold has nothing to erase.
 */
export function purgeAccount(state: SyncState, id: string, stamp: Clock): SyncState {
  const entry = state.accounts[id];
  if (entry === undefined) return state;
  const purged = isPurged(entry) && compareClocks(entry.purged, stamp) > 0 ? entry.purged : stamp;
  return { ...state, accounts: { ...state.accounts, [id]: { purged } } };
}
