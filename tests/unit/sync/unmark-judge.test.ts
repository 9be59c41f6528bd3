import { describe, expect, it } from 'vitest';
import { liveAccounts } from '../../../lib/sync/view';
import { type Op, simulate, silentlyUnmarked, T0 } from './simulate';

/*
 * The convergence property's judge of "a used code became unused without asking" (docs/sync-format.md "The join":
 * "Not used" cancels exactly the uses that device had seen, and travels with the state like any edit).
 */

// The counterexample fast-check found (seed -774287593, numRuns 4000), skew 0.
const ops: Op[] = [
  { kind: 'add', device: 1, slot: 0, hotp: false, secret: 0, dt: 0 },
  { kind: 'use-code', device: 1, pick: 0, code: 1, dt: 0 },
  { kind: 'sync', device: 0, from: 1, dt: 0 },
  { kind: 'unmark', device: 1, pick: 0, code: 1, dt: 0 },
  { kind: 'use-code', device: 0, pick: 0, code: 0, dt: 0 },
  { kind: 'unmark', device: 0, pick: 0, code: 0, dt: 0 },
  { kind: 'sync', device: 0, from: 0, dt: 0 },
  { kind: 'sync', device: 0, from: 1, dt: 0 },
  { kind: 'add', device: 0, slot: 0, hotp: false, secret: 0, dt: 0 },
];

describe('unmarking recovery codes across devices', () => {
  it('a "Not used" made on one device and merged into another is asked, not silent', () => {
    const run = simulate(ops, [0, 0, 0]);
    expect(run.unmarkedWithoutAsking).toEqual([]);
    // The "Not used" device 1 made did reach device 0: the code shows unused there too.
    const d0 = run.devices[0]?.state;
    if (d0 === undefined) throw new Error('three devices');
    const codes = liveAccounts(d0, run.now).find((a) => a.id === '1-0-0')?.recoveryCodes ?? [];
    expect(codes.find((r) => r.code === 'EFGH 5678')).toEqual({ code: 'EFGH 5678' });
  });

  it('a "Not used" covers its use still after a one-key fold moved the use into another account', () => {
    // Found with folding on (seed -1443085226): device 1 folds 1-0-0, whose code ijkl was used, into 0-0-0; device
    // 2's "Not used" of that use on 1-0-0 reaches device 1 folded into 0-0-0 the same way.
    const folding: Op[] = [
      { kind: 'add', device: 1, slot: 0, hotp: false, secret: 0, dt: 0 },
      { kind: 'use-code', device: 1, pick: 0, code: 2, dt: 0 },
      { kind: 'sync', device: 2, from: 1, dt: 0 },
      { kind: 'unmark', device: 2, pick: 0, code: 2, dt: 0 },
      { kind: 'add', device: 0, slot: 0, hotp: false, secret: 0, dt: 0 },
      { kind: 'sync', device: 1, from: 0, dt: 0 },
      { kind: 'sync', device: 0, from: 2, dt: 0 },
      { kind: 'sync', device: 1, from: 0, dt: 0 },
    ];
    const run = simulate(folding, [0, 0, 0], true);
    expect(run.unmarkedWithoutAsking).toEqual([]);
    // Devices 0 and 1 (device 2 never heard of 0-0-0) show one account, its code unused.
    for (const d of run.devices.slice(0, 2)) {
      const shown = liveAccounts(d.state, run.now);
      expect(shown.map((a) => a.id)).toEqual(['0-0-0']);
      expect(shown[0]?.recoveryCodes.find((r) => r.code === 'ijkl9012')).toEqual({ code: 'ijkl9012' });
    }
  });

  it('still reports a use that disappears with no "Not used" covering it', () => {
    const run = simulate(ops.slice(0, 4), [0, 0, 0]);
    const d0 = run.devices[0]?.state;
    const d1 = run.devices[1]?.state;
    if (d0 === undefined || d1 === undefined) throw new Error('three devices');
    // Device 1 after its "Not used", judged as if nobody had asked: the cancelled use counts as silent.
    expect(silentlyUnmarked(d0, d1, new Set(), T0)).toEqual(['1-0-0/EFGH 5678']);
    const use = d0.accounts['1-0-0'];
    if (use === undefined || 'purged' in use) throw new Error('account');
    const clock = use.codes.efgh5678?.uses[0];
    expect(silentlyUnmarked(d0, d1, new Set([`efgh5678@${clock}`]), T0)).toEqual([]);
  });
});
