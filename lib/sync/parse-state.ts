import en from '../../locales/en/sync.json';
import { textsOf } from '../i18n/text';
import { fromAccountJson, toAccountJson } from '../vault/account-data';
import { type Clock, decodeClock } from './clock';
import { SyncError } from './errors';
import { type AccountEntry, type AccountState, REGISTERS, type SyncState } from './state';
import { accountOf } from './view';

const text = textsOf(en);

/*
 * A decrypted state is checked as strictly as a vault record before it is joined (docs/sync-format.md "Failures":
 * one bad account refuses the whole file, so a half-trusted file cannot half-apply). Structure and every clock here;
 * the account fields through the vault's own checks (`fromAccountJson`), on the account each entry shows.
 */

/** At most this many accounts or devices in one state: far above any real vault, far below a memory problem. */
export const MAX_STATE_ACCOUNTS = 20_000;
export const MAX_STATE_DEVICES = 64;

const damaged = (cause?: unknown) =>
  new SyncError('malformed-state', text('sync_state_damaged'), {}, cause === undefined ? undefined : { cause });

function check(ok: boolean): asserts ok {
  if (!ok) throw damaged();
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Own keys only. Ids (accounts, devices, keys) are never "__proto__"; a recovery code may normalise to it, and the
 * join stores codes as own properties (state.ts `setOwn`), so only code maps may hold it.
 */
const keysOf = (v: Record<string, unknown>, codes = false) => {
  const keys = Object.keys(v);
  check(codes || !keys.includes('__proto__'));
  return keys;
};
const isClock = (v: unknown): v is Clock => {
  check(typeof v === 'string');
  decodeClock(v as string);
  return true;
};
const isReg = (v: unknown, value: (x: unknown) => boolean) =>
  Array.isArray(v) && v.length === 2 && value(v[0]) && isClock(v[1]);
const isTime = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

const isString = (x: unknown) => typeof x === 'string';
/** What each register may hold (the vault's field types; their contents are checked by `fromAccountJson`). */
const REGISTER_VALUE: Record<(typeof REGISTERS)[number], (x: unknown) => boolean> = {
  issuer: isString,
  account: isString,
  sites: (x) => Array.isArray(x) && x.every(isString),
  notes: isString,
  pinned: (x) => typeof x === 'boolean',
  order: (x) => Number.isSafeInteger(x),
};

function checkAccount(id: string, v: unknown): AccountEntry {
  check(isObject(v));
  const a = v as Record<string, unknown>;
  keysOf(a);
  if ('purged' in a) {
    check(Object.keys(a).length === 1 && isClock(a.purged));
    return { purged: a.purged as Clock };
  }
  check(isTime(a.createdAt));
  if (a.deleted !== undefined) isClock(a.deleted);
  if (a.mergedInto !== undefined) check(isReg(a.mergedInto, isString));
  for (const r of REGISTERS) check(isReg(a[r], REGISTER_VALUE[r]));
  // Absent in a state written before groups; its name is checked with the rest by `fromAccountJson` below.
  if (a.group !== undefined) check(isReg(a.group, isString));
  check(isObject(a.keys) && isObject(a.counters) && isObject(a.codes));
  const keys = a.keys as Record<string, unknown>;
  check(keysOf(keys).length > 0);
  for (const k of keysOf(keys)) {
    const key = keys[k];
    check(isObject(key) && isObject(key.otp) && isClock(key.set));
  }
  const counters = a.counters as Record<string, unknown>;
  for (const k of keysOf(counters)) {
    const c = counters[k];
    check(k in keys && typeof c === 'string' && /^\d{1,20}$/.test(c) && BigInt(c) < 1n << 64n);
  }
  const codes = a.codes as Record<string, unknown>;
  for (const n of keysOf(codes, true)) {
    const r = codes[n];
    check(isObject(r) && isReg(r.code, isString));
    const rs = r as Record<string, unknown>;
    check(Array.isArray(rs.pos) && rs.pos.length === 2 && isClock(rs.pos[0]) && Number.isSafeInteger(rs.pos[1]));
    check(Array.isArray(rs.uses) && rs.uses.every(isClock) && Array.isArray(rs.unmarked) && rs.unmarked.every(isClock));
    check(rs.superseded === undefined || isTime(rs.superseded));
  }
  const state = v as unknown as AccountState;
  try {
    // The vault's checks on what the entry shows: names, key parameters, sites, notes, codes, order. `now` = 0 keeps
    // every previous key in the view, so each is checked too.
    const shown = accountOf(id, state, 0);
    fromAccountJson(toAccountJson(shown), id, shown.createdAt);
  } catch (cause) {
    throw damaged(cause);
  }
  return state;
}

/** Deep equality of two JSON values (own keys, any order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
  return true;
}

/**
 * The state in a decrypted body, every part checked; refused whole (SyncError 'malformed-state') if any is bad.
 *
 * `known` is a state this device already holds (its replica): an account entry equal to the one it holds under the
 * same id is taken as that object, without the vault's checks again. Joining an equal entry changes nothing, and a
 * round reads states that differ from its own in a few accounts, so this spares the checks of the other thousand
 * (and keeps their objects, which the round's digests remember: lib/sync/digest.ts).
 */
export function parseState(v: unknown, known?: SyncState): SyncState {
  check(isObject(v) && v.v === 1 && isObject(v.devices) && isObject(v.accounts));
  const devices = v.devices as Record<string, unknown>;
  const accounts = v.accounts as Record<string, unknown>;
  check(keysOf(devices).length <= MAX_STATE_DEVICES && keysOf(accounts).length <= MAX_STATE_ACCOUNTS);
  for (const d of keysOf(devices)) {
    const dev = devices[d];
    check(isObject(dev) && isReg(dev.name, isString));
    if ((dev as Record<string, unknown>).left !== undefined) isClock((dev as Record<string, unknown>).left);
  }
  const held = known?.accounts;
  for (const id of keysOf(accounts)) {
    const same = held !== undefined && Object.hasOwn(held, id) ? held[id] : undefined;
    if (same !== undefined && sameJson(accounts[id], same)) accounts[id] = same;
    else checkAccount(id, accounts[id]);
  }
  return v as unknown as SyncState;
}
