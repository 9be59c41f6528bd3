import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { join } from '../../../lib/sync/join';
import { materialise } from '../../../lib/sync/materialise';
import { parseState } from '../../../lib/sync/parse-state';
import type { SyncRecord } from '../../../lib/sync/record';
import type { AccountState, SyncState } from '../../../lib/sync/state';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import { freshVault, movingClock, turnSyncOn } from '../vault/sync-fixtures';
import { meetAll, TestDevice } from './device';
import { DEVICES, T0 } from './simulate';

/*
 * The group (docs/sync-format.md "The join": `group`) and a "Recently deleted" restore (docs/sync-format.md "Deletion
 * and tombstones") between devices.
 */

const account = (group?: string): Account => ({
  id: 'acc-1',
  createdAt: T0,
  updatedAt: T0,
  otp: {
    kind: 'totp',
    secret: new Uint8Array(10).fill(7),
    issuer: 'GitHub',
    account: 'alice',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  },
  sites: ['github.com'],
  notes: '',
  recoveryCodes: [],
  pinned: false,
  order: 0,
  ...(group ? { group } : {}),
});

/** The state as a Twofold from before groups writes it: its join knows no `group`, so its states have none. */
function withoutGroups(state: SyncState): SyncState {
  const accounts = Object.fromEntries(
    Object.entries(state.accounts).map(([id, e]) => {
      const { group: _g, ...rest } = e as AccountState;
      return [id, rest];
    }),
  );
  return { ...state, accounts };
}

const [A, B, C] = DEVICES as [string, string, string];
const MIN = 60_000;

describe('the group is a synced field', () => {
  it('the later edit wins, on every device, whatever the order of merges', () => {
    const a = new TestDevice(A);
    const b = new TestDevice(B);
    a.write(account('Work'), T0);
    meetAll([a, b], T0);
    b.edit('acc-1', T0 + MIN, (x) => ({ ...x, group: 'Home' }));
    a.edit('acc-1', T0 + 2 * MIN, (x) => ({ ...x, notes: 'edited' }));
    meetAll([a, b], T0 + 3 * MIN);
    expect(a.get('acc-1', T0).group).toBe('Home');
    expect(b.get('acc-1', T0).notes).toBe('edited');
    // Taken out of the group later elsewhere: no group anywhere.
    a.edit('acc-1', T0 + 4 * MIN, (x) => {
      const { group: _g, ...rest } = x;
      return rest;
    });
    meetAll([a, b], T0 + 5 * MIN);
    expect('group' in b.get('acc-1', T0)).toBe(false);
    expect(b.state).toEqual(a.state);
  });

  it('a state from a device without groups merges without losing the group', () => {
    const a = new TestDevice(A);
    const old = new TestDevice(B);
    a.write(account(), T0);
    old.merge(withoutGroups(a.state), T0);
    a.edit('acc-1', T0 + MIN, (x) => ({ ...x, group: 'Work' }));
    // The old device edits the notes later and writes its state, which has no group at all.
    old.merge(withoutGroups(a.state), T0 + 2 * MIN);
    old.edit('acc-1', T0 + 3 * MIN, (x) => ({ ...x, notes: 'from the old device' }));
    old.state = withoutGroups(old.state);
    const parsed = parseState(JSON.parse(JSON.stringify(old.state)));
    a.merge(parsed, T0 + 4 * MIN);
    expect(a.get('acc-1', T0)).toMatchObject({ group: 'Work', notes: 'from the old device' });
  });

  it('a state with a group is checked: a register of the wrong shape refuses the file', () => {
    const a = new TestDevice(A);
    a.write(account('Work'), T0);
    const json = JSON.parse(JSON.stringify(a.state));
    expect(parseState(structuredClone(json))).toEqual(a.state);
    json.accounts['acc-1'].group = ['Work'];
    expect(() => parseState(json)).toThrow(expect.objectContaining({ code: 'malformed-state' }));
    const control = JSON.parse(JSON.stringify(a.state));
    control.accounts['acc-1'].group[0] = 'a\nb';
    expect(() => parseState(control)).toThrow(expect.objectContaining({ code: 'malformed-state' }));
  });
});

describe('a restore from "Recently deleted" after a synced delete', () => {
  it('brings the account back on every device, whole (group included), and they converge', () => {
    const devices = [new TestDevice(A), new TestDevice(B, -2 * 3600_000), new TestDevice(C, 3600_000)];
    const [a, b, c] = devices as [TestDevice, TestDevice, TestDevice];
    a.write(account('Work'), T0);
    meetAll(devices, T0);
    // Deleted on the device whose clock runs an hour ahead.
    c.remove('acc-1', T0 + MIN);
    meetAll(devices, T0 + 2 * MIN);
    expect(devices.map((d) => d.live('acc-1'))).toEqual([false, false, false]);
    // Restored on the device whose clock runs two hours behind: the restore is still the newer edit.
    const kept = b.get('acc-1', T0 + 3 * MIN);
    b.write(kept, T0 + 3 * MIN);
    expect(b.live('acc-1')).toBe(true);
    meetAll(devices, T0 + 4 * MIN);
    expect(devices.map((d) => d.live('acc-1'))).toEqual([true, true, true]);
    expect(a.get('acc-1', T0 + 4 * MIN)).toMatchObject({ group: 'Work', notes: '', otp: { issuer: 'GitHub' } });
    expect(b.state).toEqual(a.state);
    expect(c.state).toEqual(a.state);
  });

  it('a deletion made after the restore, on another device, wins everywhere', () => {
    const devices = [new TestDevice(A), new TestDevice(B)];
    const [a, b] = devices as [TestDevice, TestDevice];
    a.write(account(), T0);
    meetAll(devices, T0);
    a.remove('acc-1', T0 + MIN);
    meetAll(devices, T0 + 2 * MIN);
    a.write(a.get('acc-1', T0), T0 + 3 * MIN);
    meetAll(devices, T0 + 4 * MIN);
    b.remove('acc-1', T0 + 5 * MIN);
    meetAll(devices, T0 + 6 * MIN);
    expect(devices.map((d) => d.live('acc-1'))).toEqual([false, false]);
  });
});

describe('a restore from "Recently deleted" over an account purged from synced data', () => {
  it('comes back under a fresh id, stays in the replica, and the next round does not remove it', async () => {
    const clock = movingClock();
    const { vault } = await freshVault(clock);
    const { id: _i, createdAt: _c, updatedAt: _u, order: _o, ...draft } = account('Work');
    const a = await vault.add(draft);
    await turnSyncOn(vault, clock.now());
    clock.advance(1000);
    await vault.remove(a.id);
    // Another device erased it from synced data ("Delete forever" there): the purge arrives with a round.
    const tombstone = vault.syncRecord()?.replica.state.accounts[a.id] as AccountState;
    const purged = tombstone.deleted as string;
    await vault.updateSync((record) => {
      const r = record as SyncRecord;
      const state = { ...r.replica.state, accounts: { ...r.replica.state.accounts, [a.id]: { purged } } };
      return { record: { ...r, replica: { ...r.replica, state } } };
    });
    clock.advance(1000);
    const back = await vault.restoreFromTrash(a.id, () => new Error('taken'));
    expect(back.id).not.toBe(a.id);
    expect(back).toMatchObject({ group: 'Work', otp: { issuer: 'GitHub' } });
    expect(vault.trash()).toEqual([]);
    const state = vault.syncRecord()?.replica.state as SyncState;
    expect(state.accounts[a.id]).toEqual({ purged });
    expect(liveAccounts(state, clock.now()).map((x) => [x.id, x.group])).toEqual([[back.id, 'Work']]);
    // What the next round would make of the vault: nothing to put, nothing to remove.
    expect(materialise(vault.accounts(), state, clock.now())).toEqual({ put: [], remove: [] });
    // And joined with the device that purged it, it is still there.
    const other: SyncState = { v: 1, devices: {}, accounts: { [a.id]: { purged } } };
    expect(liveAccounts(join(state, other), clock.now()).map((x) => x.id)).toEqual([back.id]);
  });
});
