import { tick } from '../lib/sync/clock';
import { foldDuplicates } from '../lib/sync/fold';
import { join } from '../lib/sync/join';
import { recordAccount } from '../lib/sync/local-edit';
import { emptyState, type SyncState } from '../lib/sync/state';
import { liveAccounts } from '../lib/sync/view';
import type { Account } from '../lib/vault/account-data';
import { sampleAccounts, type Timing, time } from './otp-core';

/*
 * The sync merge (docs/sync-format.md "Measured goals"): the join of two 1,000-account states with 100 conflicting
 * edits (goal < 50 ms), and what follows it in a round: the accounts the state shows and the one-key fold.
 */

const T = Date.UTC(2026, 11, 1);

/** Two replicas of one 1,000-account state, each with the same 100 accounts' notes edited differently. */
export function conflictingReplicas(): [SyncState, SyncState] {
  let s = emptyState();
  let hlc = { l: 0, c: 0 };
  sampleAccounts(1000).forEach((otp, i) => {
    const account: Account = {
      id: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
      createdAt: T,
      updatedAt: T,
      otp,
      sites: [`site${i}.example`],
      notes: 'notes',
      recoveryCodes: Array.from({ length: 8 }, (_, j) => ({ code: `code-${i}-${j}` })),
      pinned: false,
      order: i,
    };
    const t = tick(hlc, T + i, 'aaaaaaaa');
    hlc = t.hlc;
    s = recordAccount(s, account, t.stamp, T + i);
  });
  const shown = liveAccounts(s, T + 5000);
  const edit = (device: string, at: number) => {
    let out = s;
    let h = { l: 0, c: 0 };
    for (let i = 0; i < 100; i++) {
      const a = shown[i * 10] as Account;
      const t = tick(h, at + i, device);
      h = t.hlc;
      out = recordAccount(out, { ...a, notes: `${device} ${i}` }, t.stamp, at + i);
    }
    return out;
  };
  return [edit('bbbbbbbb', T + 10_000), edit('cccccccc', T + 20_000)];
}

export function benchSyncMerge(): { join: Timing; view: Timing; fold: Timing; stateJsonBytes: number } {
  const [b, c] = conflictingReplicas();
  const joined = join(b, c);
  return {
    join: time(() => join(b, c), 30),
    view: time(() => liveAccounts(joined, T + 30_000), 10),
    fold: time(() => foldDuplicates(joined, 'mx4j3rc0.1.dddddddd', T + 30_000), 10),
    stateJsonBytes: JSON.stringify(joined).length,
  };
}
