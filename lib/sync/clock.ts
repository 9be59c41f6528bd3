import en from '../../locales/en/sync.json';
import { textsOf } from '../i18n/text';
import { SyncError } from './errors';

const text = textsOf(en);

/*
 * Hybrid logical clocks (docs/sync-format.md "Clocks"; Kulkarni, Demirbas, Madappa, Avva, Leone, "Logical Physical
 * Clocks", OPODIS 2014). A stamp is `(l, c, d)`: `l` milliseconds, `c` a counter, `d` the writer's device prefix.
 * Stamps compare by `l`, then `c`, then `d`, a total order, so two writes never tie. In a state a stamp is the
 * string `l.c.d` (`l`, `c` in base 36) — a `Clock`. Pure: the wall time is always a parameter.
 */

/** An encoded stamp, `l.c.d`. */
export type Clock = string;

export interface Stamp {
  l: number;
  c: number;
  d: string;
}

/** What a device keeps between writes: its last `(L, C)`. */
export interface Hlc {
  l: number;
  c: number;
}

/** Characters of the device id a stamp carries (docs/sync-format.md "Clocks"). */
export const DEVICE_PREFIX = 8;
/** Before this (2020-01-01 UTC) a stamp is malformed: no Twofold synced then. */
export const EARLIEST_L = Date.UTC(2020, 0, 1);
/** A stamp this far ahead of the local wall clock is named in the status line. */
export const AHEAD_WARN_MS = 5 * 60 * 1000;
/** A state whose newest stamp is this far ahead is not merged (it would lift every device's clock). */
export const AHEAD_REFUSE_MS = 7 * 24 * 60 * 60 * 1000;

const CLOCK_RE = /^([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([0-9a-z]{1,8})$/;

const damaged = () => new SyncError('malformed-state', text('sync_state_damaged'));

export function encodeClock(s: Stamp): Clock {
  return `${s.l.toString(36)}.${s.c.toString(36)}.${s.d}`;
}

/** The stamp of an encoded clock; a malformed one (or `l` before 2020) refuses the state it came in. */
export function decodeClock(clock: Clock): Stamp {
  const m = CLOCK_RE.exec(clock);
  if (!m) throw damaged();
  const l = Number.parseInt(m[1] as string, 36);
  const c = Number.parseInt(m[2] as string, 36);
  if (!Number.isSafeInteger(l) || !Number.isSafeInteger(c) || l < EARLIEST_L) throw damaged();
  // Canonical form only: "0a" and "a" would be one stamp under two spellings, and the join compares strings too.
  if (encodeClock({ l, c, d: m[3] as string }) !== clock) throw damaged();
  return { l, c, d: m[3] as string };
}

const cache = new Map<Clock, Stamp>();
/** Decoding with a small memo: a join compares the same stamps many times. */
function stampOf(clock: Clock): Stamp {
  let s = cache.get(clock);
  if (s === undefined) {
    s = decodeClock(clock);
    if (cache.size > 50_000) cache.clear();
    cache.set(clock, s);
  }
  return s;
}

/** Negative, zero or positive as `a` is before, equal to or after `b` in the total order `(l, c, d)`. */
export function compareClocks(a: Clock, b: Clock): number {
  if (a === b) return 0;
  const x = stampOf(a);
  const y = stampOf(b);
  if (x.l !== y.l) return x.l - y.l;
  if (x.c !== y.c) return x.c - y.c;
  return x.d < y.d ? -1 : x.d > y.d ? 1 : 0;
}

export function maxClock(a: Clock, b: Clock): Clock {
  return compareClocks(a, b) >= 0 ? a : b;
}

export function physicalOf(clock: Clock): number {
  return stampOf(clock).l;
}

/** The device part of a stamp for a device id. */
export function devicePrefix(deviceId: string): string {
  return deviceId.slice(0, DEVICE_PREFIX);
}

/**
 * A local write at wall time `now`: if `now > L` then `(now, 0)` else `(L, C + 1)`. Returns the new clock state and
 * the stamp for the write.
 */
export function tick(hlc: Hlc, now: number, deviceId: string): { hlc: Hlc; stamp: Clock } {
  const next = now > hlc.l ? { l: now, c: 0 } : { l: hlc.l, c: hlc.c + 1 };
  return { hlc: next, stamp: encodeClock({ ...next, d: devicePrefix(deviceId) }) };
}

/**
 * The merge of a state whose greatest stamp is `seen` = `(ls, cs)`: the new `l` is `max(L, ls, now)`, with the
 * counter that puts it after both `(L, C)` and `(ls, cs)`, so every later local write is ordered after everything
 * merged, whatever the wall clocks say.
 */
export function receive(hlc: Hlc, seen: Clock | undefined, now: number): Hlc {
  if (seen === undefined) return now > hlc.l ? { l: now, c: 0 } : hlc;
  const s = stampOf(seen);
  const l = Math.max(hlc.l, s.l, now);
  if (l === hlc.l && l === s.l) return { l, c: Math.max(hlc.c, s.c) + 1 };
  if (l === hlc.l) return { l, c: hlc.c + 1 };
  if (l === s.l) return { l, c: s.c + 1 };
  return { l, c: 0 };
}

/** How a state's newest stamp compares with this device's wall clock (docs/sync-format.md "Clock checks"). */
export type Skew = { kind: 'ok' } | { kind: 'ahead'; byMs: number } | { kind: 'too-far-ahead'; byMs: number };

/**
 * The check made before a state is merged. It never changes a stamp (that would break convergence): `ahead` is
 * merged and named in the status line, `too-far-ahead` is not merged at all.
 */
export function skewOf(newest: Clock | undefined, now: number): Skew {
  if (newest === undefined) return { kind: 'ok' };
  const byMs = physicalOf(newest) - now;
  if (byMs > AHEAD_REFUSE_MS) return { kind: 'too-far-ahead', byMs };
  if (byMs > AHEAD_WARN_MS) return { kind: 'ahead', byMs };
  return { kind: 'ok' };
}
