import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from '../../../lib/sync/join';
import { emptyState, type SyncState } from '../../../lib/sync/state';
import { opArb, simulate, skewArb, views } from './simulate';

/*
 * Convergence (docs/sync-format.md "The join"): three replicas that receive the same set of states, each in its own
 * order, with repeats, end with the same state and show the same accounts; along the way no HOTP counter goes down
 * and no used recovery code becomes unused without a "Not used" on that device.
 */

const runArb = fc.record({ ops: fc.array(opArb, { minLength: 5, maxLength: 80 }), skew: skewArb });

/** A delivery order: every state at least once, some more than once, shuffled by fast-check. */
const deliveryArb = (n: number) =>
  fc
    .tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      fc.array(fc.nat(Math.max(0, n - 1)), { maxLength: 10 }),
    )
    .chain(([all, repeats]) =>
      fc.shuffledSubarray([...all, ...(n === 0 ? [] : repeats)], {
        minLength: all.length + (n === 0 ? 0 : repeats.length),
      }),
    );

describe('three replicas', () => {
  it('end equal whatever order and however often they receive the same states', () => {
    fc.assert(
      fc.property(
        runArb.chain((r) => {
          const run = simulate(r.ops, r.skew);
          const n = run.states.length;
          return fc.tuple(fc.constant(run), deliveryArb(n), deliveryArb(n), deliveryArb(n));
        }),
        ([run, o1, o2, o3]) => {
          const replicas = [o1, o2, o3].map((order) =>
            order.reduce<SyncState>((s, i) => join(s, run.states[i] as SyncState), emptyState()),
          );
          expect(replicas[1]).toEqual(replicas[0]);
          expect(replicas[2]).toEqual(replicas[0]);
          const seen = views(replicas, run.now);
          expect(seen[1]).toEqual(seen[0]);
          expect(seen[2]).toEqual(seen[0]);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('the devices themselves converge once each has merged every other device’s final state', () => {
    fc.assert(
      fc.property(runArb, fc.nat(5), ({ ops, skew }, rotate) => {
        const run = simulate(ops, skew);
        const finals = run.devices.map((d) => d.state);
        const order = [0, 1, 2].map((i) => (i + rotate) % 3);
        const met = finals.map((own, i) =>
          order.filter((j) => j !== i).reduce((s, j) => join(s, finals[j] as SyncState), own),
        );
        expect(views(met, run.now)[1]).toEqual(views(met, run.now)[0]);
        expect(views(met, run.now)[2]).toEqual(views(met, run.now)[0]);
      }),
      { numRuns: 120 },
    );
  });

  it('never lowers an HOTP counter, never unmarks a used code on its own, never loses a restore where it was made', () => {
    fc.assert(
      fc.property(runArb, ({ ops, skew }) => {
        const run = simulate(ops, skew);
        expect(run.countersDown).toEqual([]);
        expect(run.unmarkedWithoutAsking).toEqual([]);
        expect(run.restoresLost).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('never lowers an HOTP counter, never unmarks a used code on its own, folding one-key accounts after each merge', () => {
    fc.assert(
      fc.property(runArb, ({ ops, skew }) => {
        const run = simulate(ops, skew, true);
        expect(run.countersDown).toEqual([]);
        expect(run.unmarkedWithoutAsking).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
