import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AHEAD_REFUSE_MS,
  compareClocks,
  decodeClock,
  EARLIEST_L,
  encodeClock,
  receive,
  skewOf,
  tick,
} from '../../../lib/sync/clock';
import { SyncError } from '../../../lib/sync/errors';

const T = Date.UTC(2026, 11, 1);
const HOUR = 3600_000;
const DEV = 'k3m4n5p6q7r8s9t0u1v2w3x4y5';

describe('hybrid logical clock', () => {
  it('encodes l and c in base 36 with the device prefix, and decodes back', () => {
    const c = encodeClock({ l: T, c: 35, d: 'k3m4n5p6' });
    expect(c).toBe(`${T.toString(36)}.z.k3m4n5p6`);
    expect(decodeClock(c)).toEqual({ l: T, c: 35, d: 'k3m4n5p6' });
  });

  it('refuses malformed stamps, stamps before 2020 and non-canonical spellings', () => {
    for (const bad of [
      '',
      'x',
      `${T.toString(36)}.0`,
      `${T.toString(36)}.0.ABC`,
      `${(EARLIEST_L - 1).toString(36)}.0.a`,
      `0${T.toString(36)}.0.a`,
      `${T.toString(36)}.00.a`,
      'zzzzzzzzzzz.0.a',
    ])
      expect(() => decodeClock(bad), bad).toThrow(SyncError);
    try {
      decodeClock('x');
    } catch (e) {
      expect((e as SyncError).code).toBe('malformed-state');
    }
  });

  it('orders by l, then c, then device', () => {
    const a = encodeClock({ l: T, c: 5, d: 'zzzzzzzz' });
    const b = encodeClock({ l: T + 1, c: 0, d: 'aaaaaaaa' });
    const c = encodeClock({ l: T + 1, c: 0, d: 'bbbbbbbb' });
    const d = encodeClock({ l: T + 1, c: 1, d: 'aaaaaaaa' });
    expect([d, c, b, a].sort(compareClocks)).toEqual([a, b, c, d]);
  });

  it('a local write moves to the wall time, or counts up when the wall time has not passed the clock', () => {
    const first = tick({ l: 0, c: 0 }, T, DEV);
    expect(first.hlc).toEqual({ l: T, c: 0 });
    expect(decodeClock(first.stamp).d).toBe('k3m4n5p6');
    expect(tick(first.hlc, T, DEV).hlc).toEqual({ l: T, c: 1 });
    // A wall clock set back an hour: stamps still grow.
    expect(tick({ l: T, c: 1 }, T - HOUR, DEV).hlc).toEqual({ l: T, c: 2 });
  });

  it('after a merge the next write is after everything merged, whatever the wall clocks say', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: T - 10 * HOUR, max: T + 10 * HOUR }),
        fc.nat(5),
        fc.integer({ min: T - 10 * HOUR, max: T + 10 * HOUR }),
        fc.nat(5),
        fc.integer({ min: T - 10 * HOUR, max: T + 10 * HOUR }),
        (l, c, seenL, seenC, now) => {
          const seen = encodeClock({ l: seenL, c: seenC, d: 'zzzzzzzz' });
          const own = { l, c };
          const next = tick(receive(own, seen, now), now, DEV).stamp;
          expect(compareClocks(next, seen)).toBeGreaterThan(0);
          expect(compareClocks(next, encodeClock({ l, c, d: 'zzzzzzzz' }))).toBeGreaterThan(0);
          expect(decodeClock(next).l).toBe(Math.max(l, seenL, now));
        },
      ),
    );
  });

  it('names a clock minutes-to-days ahead, and refuses one more than 7 days ahead', () => {
    const at = (ms: number) => encodeClock({ l: T + ms, c: 0, d: 'aaaaaaaa' });
    expect(skewOf(at(4 * 60_000), T)).toEqual({ kind: 'ok' });
    expect(skewOf(at(3 * HOUR), T)).toEqual({ kind: 'ahead', byMs: 3 * HOUR });
    expect(skewOf(at(AHEAD_REFUSE_MS + 1), T)).toEqual({ kind: 'too-far-ahead', byMs: AHEAD_REFUSE_MS + 1 });
    expect(skewOf(at(-3 * HOUR), T)).toEqual({ kind: 'ok' });
    expect(skewOf(undefined, T)).toEqual({ kind: 'ok' });
  });
});
