import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../lib/encoding/base32';
import { REQUESTS } from '../../../lib/messaging/protocol';
import { encodeClock } from '../../../lib/sync/clock';
import { join } from '../../../lib/sync/join';
import { recordAccount } from '../../../lib/sync/local-edit';
import type { SyncState } from '../../../lib/sync/state';
import { liveAccounts } from '../../../lib/sync/view';
import {
  type Account,
  cleanGroup,
  fromAccountJson,
  isGroupName,
  MAX_GROUP_LENGTH,
  toAccountJson,
} from '../../../lib/vault/account-data';
import { VaultError } from '../../../lib/vault/errors';
import { DEFAULT_SETTINGS, validateSettings } from '../../../lib/vault/settings';
import { TRASH_MS, trashView, unexpired } from '../../../lib/vault/trash';
import { MAX_USAGE_ENTRIES, withUse } from '../../../lib/vault/usage';
import { openWithKey, unlockVault } from '../../../lib/vault/vault';
import { sampleAccount } from './fixtures';
import { freshVault, movingClock, PASSWORD, turnSyncOn } from './sync-fixtures';

const DAY = 24 * 60 * 60 * 1000;
type Draft = Omit<Account, 'id' | 'createdAt' | 'updatedAt' | 'order'>;
const draft = (issuer: string, secretByte: number, group?: string): Draft => {
  const {
    id: _i,
    createdAt: _c,
    updatedAt: _u,
    order: _o,
    ...rest
  } = sampleAccount({
    otp: {
      kind: 'totp',
      secret: new Uint8Array(20).fill(secretByte),
      issuer,
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    ...(group ? { group } : {}),
  });
  return rest;
};
const taken = (twin: Account) => new VaultError('duplicate', `taken by ${twin.otp.issuer}`);

describe('the group field (docs/vault-format.md "Account record")', () => {
  it('is written only when set, so an account without one stays byte-for-byte what it was', () => {
    const plain = sampleAccount();
    expect(toAccountJson(plain)).not.toContain('group');
    expect(toAccountJson({ ...plain, group: undefined })).toBe(toAccountJson(plain));
    const grouped = { ...plain, group: 'Work · 仕事' };
    expect(JSON.parse(toAccountJson(grouped)).group).toBe('Work · 仕事');
    expect(fromAccountJson(toAccountJson(grouped), plain.id, plain.createdAt).group).toBe('Work · 仕事');
    expect('group' in fromAccountJson(toAccountJson(plain), plain.id, plain.createdAt)).toBe(false);
  });

  it('refuses a stored group that is empty, untrimmed, too long or holds a control character', () => {
    const a = sampleAccount();
    for (const bad of ['', ' Work', 'a\nb', 'x'.repeat(101), 7]) {
      const json = JSON.stringify({ ...JSON.parse(toAccountJson(a)), group: bad });
      expect(() => fromAccountJson(json, a.id, a.createdAt)).toThrow(expect.objectContaining({ code: 'bad-record' }));
    }
    const longest = JSON.stringify({ ...JSON.parse(toAccountJson(a)), group: '銀'.repeat(100) });
    expect(fromAccountJson(longest, a.id, a.createdAt).group).toHaveLength(100);
  });

  it('cleans what a person types: trimmed, "" for none, too long or a control character refused', () => {
    expect(cleanGroup('  Work  ')).toBe('Work');
    expect(cleanGroup('   ')).toBe('');
    expect(() => cleanGroup('x'.repeat(101))).toThrow(expect.objectContaining({ code: 'bad-group' }));
    expect(() => cleanGroup('a\u0007b')).toThrow(expect.objectContaining({ code: 'bad-group' }));
  });
});

describe('one bound and one unit for a group name (vault, requests, collapsed groups)', () => {
  const astral = (n: number) => '𝄞'.repeat(n); // two UTF-16 units each
  const enrolItem = (group: string) => ({ uri: 'otpauth://totp/A?secret=JBSWY3DP', sites: [], group });
  const fits = (check: () => unknown) => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  };

  it('a name the vault keeps is one every request carrying it accepts, and the other way round', () => {
    for (const name of ['銀'.repeat(100), astral(50), astral(51), astral(100), 'x'.repeat(101), `${astral(49)}ab`]) {
      const vault = fits(() => cleanGroup(name));
      expect(fits(() => REQUESTS.enrol.payload({ items: [enrolItem(name)] }, 'p'))).toBe(vault);
      expect(fits(() => REQUESTS['account-update'].payload({ id: 'a', patch: { group: name } }, 'p'))).toBe(vault);
      expect(fits(() => REQUESTS['list-view-set'].payload({ collapsed: [name] }, 'p'))).toBe(vault);
      expect(isGroupName(name)).toBe(vault);
    }
    expect(fits(() => cleanGroup(astral(51)))).toBe(false);
    expect(MAX_GROUP_LENGTH).toBe(100);
  });

  it('the settings keep a collapsed group only when it is a group name by the same rule ("" is "No group")', () => {
    const record = (collapsed: string[]) => ({ ...DEFAULT_SETTINGS, listView: { sort: 'custom', collapsed } });
    const listViewOf = (collapsed: string[]) => validateSettings(record(collapsed)).settings.listView.collapsed;
    expect(listViewOf(['', 'Work', astral(50)])).toEqual(['', 'Work', astral(50)]);
    for (const bad of [astral(51), ' Work', 'a\nb']) expect(listViewOf(['Work', bad])).toEqual([]);
  });
});

describe('"Recently deleted" (docs/vault-format.md "Recently deleted")', () => {
  it('keeps a deleted account encrypted across reopening, and restores it as it was: same id, group and order', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const first = await vault.add(draft('First', 1));
    const gone = await vault.add(draft('GitHub', 2, 'Work'));
    await vault.add(draft('Last', 3));
    clock.advance(1000);
    await vault.remove(gone.id);
    expect(vault.accounts().map((a) => a.id)).not.toContain(gone.id);
    expect(trashView(vault.trash())).toEqual([
      {
        id: gone.id,
        kind: 'totp',
        issuer: 'GitHub',
        account: 'alice',
        group: 'Work',
        deletedAt: clock.now(),
        expiresAt: clock.now() + TRASH_MS,
      },
    ]);
    // Nothing of it in the clear in the stored record.
    const raw = (await store.readTrash()) as { data: Uint8Array };
    expect(new TextDecoder().decode(raw.data)).not.toContain('GitHub');

    const reopened = await unlockVault(store, PASSWORD, clock);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.trash().map((e) => e.account.id)).toEqual([gone.id]);
    clock.advance(1000);
    const back = await reopened.restoreFromTrash(gone.id, taken);
    expect({ ...back, updatedAt: 0 }).toEqual({ ...gone, updatedAt: 0 });
    expect(back.updatedAt).toBe(clock.now());
    expect(reopened.accounts().map((a) => a.otp.issuer)).toEqual(['First', 'GitHub', 'Last']);
    expect(reopened.trash()).toEqual([]);
    const again = await unlockVault(store, PASSWORD, clock);
    expect(again.get(gone.id).group).toBe('Work');
    expect(again.trash()).toEqual([]);
    expect(again.get(first.id).order).toBe(first.order);
  });

  it('refuses to restore over an account that now holds the same key, naming it, and changes nothing', async () => {
    const { store, vault } = await freshVault();
    const gone = await vault.add(draft('GitHub', 2));
    await vault.remove(gone.id);
    await vault.add(draft('GitHub again', 2));
    await expect(vault.restoreFromTrash(gone.id, taken)).rejects.toThrow('taken by GitHub again');
    expect(vault.trash().map((e) => e.account.id)).toEqual([gone.id]);
    const reopened = await unlockVault(store, PASSWORD, movingClock());
    expect(reopened.accounts().map((a) => a.otp.issuer)).toEqual(['GitHub again']);
    await expect(vault.restoreFromTrash('no-such-id', taken)).rejects.toMatchObject({ code: 'not-in-trash' });
  });

  it('"Delete forever" erases it for good, also after reopening', async () => {
    const { store, vault } = await freshVault();
    const a = await vault.add(draft('A', 1));
    const b = await vault.add(draft('B', 2));
    await vault.remove(a.id);
    await vault.remove(b.id);
    expect(vault.trash().map((e) => e.account.id)).toEqual([b.id, a.id]);
    await vault.purgeFromTrash(a.id);
    expect(vault.trash().map((e) => e.account.id)).toEqual([b.id]);
    const reopened = await unlockVault(store, PASSWORD, movingClock());
    expect(reopened.trash().map((e) => e.account.id)).toEqual([b.id]);
    await expect(reopened.purgeFromTrash(a.id)).rejects.toMatchObject({ code: 'not-in-trash' });
  });

  it('erases entries 30 days old at unlock, and keeps younger ones', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const old = await vault.add(draft('Old', 1));
    const young = await vault.add(draft('Young', 2));
    await vault.remove(old.id);
    clock.advance(10 * DAY);
    await vault.remove(young.id);
    clock.advance(20 * DAY - 1);
    expect((await unlockVault(store, PASSWORD, clock)).trash().map((e) => e.account.id)).toEqual([young.id, old.id]);
    clock.advance(1);
    expect((await unlockVault(store, PASSWORD, clock)).trash().map((e) => e.account.id)).toEqual([young.id]);
    // Erased in the stored record, not only hidden: a clock set back does not bring it back.
    expect((await unlockVault(store, PASSWORD, movingClock())).trash().map((e) => e.account.id)).toEqual([young.id]);
  });

  it('a rolled-back or damaged record never blocks the unlock: it is named, and the accounts open', async () => {
    const { store, vault } = await freshVault();
    const keep = await vault.add(draft('Keep', 1));
    const a = await vault.add(draft('A', 2));
    await vault.remove(a.id);
    const before = await store.readTrash();
    await vault.purgeFromTrash(a.id);
    // An older copy put back (the purged account with it).
    await store.commit({ trash: before as never });
    const rolled = await openWithKey(store, vault.key, movingClock());
    expect(rolled.accounts().map((x) => x.id)).toEqual([keep.id]);
    expect(rolled.trash()).toEqual([]);
    expect(rolled.unreadable.map((e) => e.code)).toEqual(['trash-unreadable']);
    // A later delete writes a version above the one put back.
    await rolled.remove(keep.id);
    const after = await openWithKey(store, vault.key, movingClock());
    expect(after.unreadable).toEqual([]);
    expect(after.trash().map((e) => e.account.id)).toEqual([keep.id]);

    const { store: store2, vault: vault2 } = await freshVault();
    await vault2.add(draft('B', 3));
    await store2.commit({ trash: { v: 2, version: 1, nonce: new Uint8Array(12), data: new Uint8Array(40) } });
    const damaged = await openWithKey(store2, vault2.key, movingClock());
    expect(damaged.accounts()).toHaveLength(1);
    expect(damaged.unreadable.map((e) => [e.code, e.recordId])).toEqual([['trash-unreadable', 'trash']]);
  });

  it('with sync on, a delete is a tombstone and a restore brings the account back in the replica', async () => {
    const clock = movingClock();
    const { vault } = await freshVault(clock);
    const a = await vault.add(draft('Synced', 1, 'Work'));
    await turnSyncOn(vault, clock.now());
    clock.advance(1000);
    await vault.remove(a.id);
    const deleted = vault.syncRecord()?.replica.state;
    expect(deleted && liveAccounts(deleted, clock.now()).map((x) => x.id)).toEqual([]);
    clock.advance(1000);
    await vault.restoreFromTrash(a.id, taken);
    const restored = vault.syncRecord()?.replica.state;
    const live = restored ? liveAccounts(restored, clock.now()) : [];
    expect(live.map((x) => [x.id, x.group, x.otp.issuer])).toEqual([[a.id, 'Work', 'Synced']]);
  });
});

describe('"Recently deleted" and what else holds the account (review fixes)', () => {
  it('"Delete forever" with sync on turns the tombstone into a purged marker in the same commit: no field, no key', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const a = await vault.add(draft('Purged', 9, 'Work'));
    await turnSyncOn(vault, clock.now());
    clock.advance(1000);
    await vault.remove(a.id);
    const secret = encodeBase32(a.otp.secret);
    expect(JSON.stringify(vault.syncRecord()?.replica.state)).toContain(secret);
    const tombstone = vault.syncRecord()?.replica.state;
    let announced = 0;
    vault.onLocalChange(() => announced++);
    clock.advance(1000);
    await vault.purgeFromTrash(a.id);
    expect(announced).toBe(1);
    const state = vault.syncRecord()?.replica.state;
    expect(state?.accounts[a.id]).toEqual({ purged: expect.any(String) });
    expect(JSON.stringify(state)).not.toContain(secret);
    expect(JSON.stringify(state)).not.toContain('Purged');
    // Stored so: the record read back at the next unlock is the purged one.
    const reopened = await unlockVault(store, PASSWORD, clock);
    expect(reopened.syncRecord()?.replica.state.accounts[a.id]).toEqual({ purged: expect.any(String) });
    // Another device's edit made after the deletion (a revived state) does not bring it back.
    const other = tombstone as SyncState;
    const revived = recordAccount(
      other,
      { ...a, notes: 'edited elsewhere' },
      encodeClock({ l: clock.now() + 5000, c: 0, d: 'zzzzzzzz' }),
      clock.now(),
    );
    const joined = join(state as SyncState, revived);
    expect(liveAccounts(joined, clock.now())).toEqual([]);
    expect(JSON.stringify(joined)).not.toContain(secret);
  });

  it('a restore that replaces the vault puts every account it removes into "Recently deleted"', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const kept = await vault.add(draft('Kept', 1));
    const lost = await vault.add(draft('Lost', 2, 'Work'));
    clock.advance(1000);
    await vault.applyMany(() => ({ adds: [draft('From backup', 3)], updates: [], removes: [lost.id] }));
    expect(
      vault
        .accounts()
        .map((x) => x.otp.issuer)
        .sort(),
    ).toEqual(['From backup', 'Kept']);
    expect(vault.trash().map((e) => [e.account.id, e.account.group, e.deletedAt])).toEqual([
      [lost.id, 'Work', clock.now()],
    ]);
    const reopened = await unlockVault(store, PASSWORD, clock);
    expect(reopened.trash().map((e) => e.account.id)).toEqual([lost.id]);
    await reopened.restoreFromTrash(lost.id, taken);
    expect(reopened.accounts().map((x) => x.id)).toContain(lost.id);
    expect(reopened.accounts().map((x) => x.id)).toContain(kept.id);
  });

  it('a damaged trash record is named once: the next unlock opens without the warning', async () => {
    const { store, vault } = await freshVault();
    await vault.add(draft('B', 3));
    await store.commit({ trash: { v: 2, version: 1, nonce: new Uint8Array(12), data: new Uint8Array(40) } });
    const first = await unlockVault(store, PASSWORD, movingClock());
    expect(first.unreadable.map((e) => e.code)).toEqual(['trash-unreadable']);
    const second = await unlockVault(store, PASSWORD, movingClock());
    expect(second.unreadable).toEqual([]);
    expect(second.trash()).toEqual([]);
    // The empty record is above the damaged one: deleting still works and is kept.
    await second.remove(second.accounts()[0]?.id as string);
    expect((await unlockVault(store, PASSWORD, movingClock())).trash()).toHaveLength(1);
  });

  it('an account sync brings back leaves "Recently deleted" (also a stale entry found at unlock)', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const a = await vault.add(draft('Back', 4));
    await turnSyncOn(vault, clock.now());
    await vault.remove(a.id);
    expect(vault.trash()).toHaveLength(1);
    await vault.updateSync((record) => ({ record, change: { put: [a], remove: [] } }));
    expect(vault.accounts().map((x) => x.id)).toEqual([a.id]);
    expect(vault.trash()).toEqual([]);
    expect((await unlockVault(store, PASSWORD, clock)).trash()).toEqual([]);
  });

  it('a deletion dated in the future is taken as now: never erased early, never more than 30 days left', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const a = await vault.add(draft('Ahead', 5));
    const b = await vault.add(draft('Normal', 6));
    // Deleted while the clock ran 40 days ahead; then the clock is put right.
    clock.advance(40 * DAY);
    await vault.remove(a.id);
    const ahead = clock.now();
    clock.advance(-40 * DAY);
    await vault.remove(b.id);
    const now = clock.now();
    const reopened = await unlockVault(store, PASSWORD, clock);
    const view = trashView(reopened.trash());
    expect(view.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    expect(Math.max(...view.map((e) => e.expiresAt - now))).toBeLessThanOrEqual(TRASH_MS);
    expect(reopened.trash().find((e) => e.account.id === a.id)?.deletedAt).toBeLessThan(ahead);
    expect(unexpired([{ account: a, deletedAt: now + 50 * DAY }], now)).toEqual([{ account: a, deletedAt: now }]);
    // 30 days after the clamped date it goes, like any other.
    clock.advance(TRASH_MS + 1000);
    expect((await unlockVault(store, PASSWORD, clock)).trash()).toEqual([]);
  });
});

describe('usage (docs/vault-format.md "Usage")', () => {
  it('records the last use per account, sealed, kept across reopening, never stamped for sync', async () => {
    const clock = movingClock();
    const { store, vault } = await freshVault(clock);
    const a = await vault.add(draft('A', 1));
    await turnSyncOn(vault, clock.now());
    const record = vault.syncRecord();
    clock.advance(5000);
    await vault.recordUse(a.id);
    expect(vault.usage()).toEqual({ [a.id]: clock.now() });
    expect(vault.syncRecord()?.replica).toEqual(record?.replica);
    const raw = (await store.readUsage()) as { data: Uint8Array };
    expect(new TextDecoder().decode(raw.data)).not.toContain(a.id);
    expect((await unlockVault(store, PASSWORD, clock)).usage()).toEqual({ [a.id]: clock.now() });
    await expect(vault.recordUse('no-such-id')).rejects.toMatchObject({ code: 'bad-record' });
  });

  it('is capped: the least recently used go first', () => {
    let usage: Record<string, number> = Object.fromEntries(
      Array.from({ length: MAX_USAGE_ENTRIES }, (_, i) => [`id-${i}`, 1000 + i]),
    );
    for (let i = MAX_USAGE_ENTRIES; i < MAX_USAGE_ENTRIES + 3; i++) usage = withUse(usage, `id-${i}`, 1000 + i);
    expect(Object.keys(usage)).toHaveLength(MAX_USAGE_ENTRIES);
    expect(['id-0', 'id-1', 'id-2'].map((id) => usage[id])).toEqual([undefined, undefined, undefined]);
    expect(usage['id-3']).toBe(1003);
    expect(usage[`id-${MAX_USAGE_ENTRIES + 2}`]).toBe(1000 + MAX_USAGE_ENTRIES + 2);
    // A use never moves back in time.
    expect(withUse({ x: 50 }, 'x', 10)).toEqual({ x: 50 });
  });
});
