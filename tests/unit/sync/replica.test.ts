import { describe, expect, it } from 'vitest';
import { AHEAD_REFUSE_MS, compareClocks, decodeClock } from '../../../lib/sync/clock';
import { recordAccount } from '../../../lib/sync/local-edit';
import { newestClock } from '../../../lib/sync/newest';
import { localUpdate, mergeRemote, type Replica } from '../../../lib/sync/replica';
import { emptyState } from '../../../lib/sync/state';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';

const T = Date.UTC(2026, 11, 1);
const HOUR = 3600_000;

function account(id: string, secret: number): Account {
  return {
    id,
    createdAt: T,
    updatedAt: T,
    otp: {
      kind: 'totp',
      secret: new Uint8Array(10).fill(secret),
      issuer: id,
      account: '',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: [],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order: 0,
  };
}

const replica = (device: string): Replica => ({ device, hlc: { l: 0, c: 0 }, state: emptyState() });
const add = (r: Replica, a: Account, now: number) => localUpdate(r, now, (s, stamp) => recordAccount(s, a, stamp, now));

describe('a sync round’s merge', () => {
  it('merges a state hours ahead, reports it, and stamps the next local write after it', () => {
    const remote = add(replica('bbbbbbbb0000000000000000bb'), account('A', 1), T + 3 * HOUR);
    const merged = mergeRemote(replica('aaaaaaaa0000000000000000aa'), remote.state, T);
    expect(merged.skew).toEqual({ kind: 'ahead', byMs: 3 * HOUR });
    expect(liveAccounts(merged.replica.state, T).map((a) => a.id)).toEqual(['A']);
    const next = add(merged.replica, account('B', 2), T);
    const stampB = (next.state.accounts.B as { notes: [string, string] }).notes[1];
    expect(compareClocks(stampB, newestClock(remote.state) as string)).toBeGreaterThan(0);
  });

  it('does not merge a state more than 7 days ahead, and leaves the clock alone', () => {
    const remote = add(replica('bbbbbbbb0000000000000000bb'), account('A', 1), T + AHEAD_REFUSE_MS + HOUR);
    const mine = add(replica('aaaaaaaa0000000000000000aa'), account('B', 2), T);
    const merged = mergeRemote(mine, remote.state, T);
    expect(merged.skew.kind).toBe('too-far-ahead');
    expect(merged.replica).toEqual(mine);
  });

  it('folds one-key accounts the merge brought together, and says so', () => {
    const remote = add(replica('bbbbbbbb0000000000000000bb'), account('B', 1), T + 1);
    const mine = add(replica('aaaaaaaa0000000000000000aa'), account('A', 1), T);
    const merged = mergeRemote(mine, remote.state, T + 2);
    expect(merged.folds).toEqual([{ survivor: 'A', folded: ['B'] }]);
    expect(liveAccounts(merged.replica.state, T + 2).map((a) => a.id)).toEqual(['A']);
    expect(decodeClock(newestClock(merged.replica.state) as string).d).toBe('aaaaaaaa');
  });
});
