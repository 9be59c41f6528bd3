import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from '../../../lib/sync/join';
import { emptyState, type SyncState } from '../../../lib/sync/state';
import { opArb, simulate, skewArb, views } from './simulate';

/*
 * The join laws (docs/sync-format.md "The join"; Shapiro et al., "Conflict-free Replicated Data Types", 2011, §2.2):
 * commutative, associative, idempotent, and every local update inflationary. States come from random operation
 * sequences on three devices whose clocks disagree by hours.
 */

const runArb = fc.record({ ops: fc.array(opArb, { minLength: 5, maxLength: 60 }), skew: skewArb });

/** Three states a run produced (any device, any moment), or the empty state. */
function pick3(states: readonly SyncState[], i: number, j: number, k: number): [SyncState, SyncState, SyncState] {
  const at = (n: number) => (states.length === 0 ? emptyState() : (states[n % states.length] as SyncState));
  return [at(i), at(j), at(k)];
}

const idx = fc.nat(1000);

describe('the join of sync states', () => {
  it('is commutative: join(a, b) = join(b, a)', () => {
    fc.assert(
      fc.property(runArb, idx, idx, ({ ops, skew }, i, j) => {
        const [a, b] = pick3(simulate(ops, skew).states, i, j, 0);
        expect(join(a, b)).toEqual(join(b, a));
      }),
      { numRuns: 150 },
    );
  });

  it('is associative: join(join(a, b), c) = join(a, join(b, c))', () => {
    fc.assert(
      fc.property(runArb, idx, idx, idx, ({ ops, skew }, i, j, k) => {
        const [a, b, c] = pick3(simulate(ops, skew).states, i, j, k);
        expect(join(join(a, b), c)).toEqual(join(a, join(b, c)));
      }),
      { numRuns: 150 },
    );
  });

  it('is idempotent: join(a, a) = a, and joining a state already included changes nothing', () => {
    fc.assert(
      fc.property(runArb, idx, idx, ({ ops, skew }, i, j) => {
        const [a, b] = pick3(simulate(ops, skew).states, i, j, 0);
        expect(join(a, a)).toEqual(a);
        const ab = join(a, b);
        expect(join(ab, b)).toEqual(ab);
      }),
      { numRuns: 150 },
    );
  });

  it('every local update is inflationary: join(s, update(s)) = update(s)', () => {
    fc.assert(
      fc.property(runArb, ({ ops, skew }) => {
        for (const [before, after] of simulate(ops, skew).updates) expect(join(before, after)).toEqual(after);
      }),
      { numRuns: 100 },
    );
  });

  it('the empty state is the identity', () => {
    fc.assert(
      fc.property(runArb, idx, ({ ops, skew }, i) => {
        const [a] = pick3(simulate(ops, skew).states, i, 0, 0);
        expect(join(emptyState(), a)).toEqual(join(a, a));
        expect(views([join(a, emptyState())], 0)).toEqual(views([a], 0));
      }),
      { numRuns: 50 },
    );
  });
});
