import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { accountDigest } from '../../../lib/sync/digest';
import type { SyncRecord } from '../../../lib/sync/record';
import type { AccountState } from '../../../lib/sync/state';
import { accountOf, liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import type { StoredRecord } from '../../../lib/vault/records';
import type { VaultChange, VaultStore } from '../../../lib/vault/store';
import { openWithKey, type UnlockedVault } from '../../../lib/vault/vault';
import { fx, sampleAccount } from './fixtures';
import { dumpDatabase } from './idb-dump';
import { dropSyncFromIndex, freshVault, movingClock, turnSyncOn, watched } from './sync-fixtures';

const START = 1_800_000_000_000;

type Draft = Parameters<UnlockedVault['add']>[0];
const draftOf = (a: Account): Draft => {
  const { id: _i, createdAt: _c, updatedAt: _u, order: _o, ...rest } = a;
  return rest;
};
const hotp = (): Draft =>
  draftOf(
    sampleAccount({
      otp: {
        kind: 'hotp',
        secret: fx.random(20),
        issuer: 'Bank',
        account: 'bob',
        algorithm: 'SHA1',
        digits: 6,
        counter: 7n,
      },
      recoveryCodes: [{ code: 'r1-aaaa' }, { code: 'r2-bbbb' }],
    }),
  );

/** The account the replica shows for `id` (what another device would materialise). */
function shown(record: SyncRecord, id: string, now: number): Account {
  return accountOf(id, record.replica.state.accounts[id] as AccountState, now);
}

/** A vault with two accounts and sync on, over a store whose commits are recorded. */
async function syncedVault() {
  const clock = movingClock(START);
  const { name, store: base, vault: created } = await freshVault(clock);
  const { store, commits } = watched(base);
  const vault = await openWithKey(store, created.key.slice(), clock);
  const totp = await vault.add(draftOf(sampleAccount({ notes: 'totp' })));
  const counter = await vault.add(hotp());
  await turnSyncOn(vault, clock.now());
  commits.length = 0;
  clock.advance(60_000);
  return { name, base, store, commits, vault, clock, totp, counter };
}

/** The record as stored, reopened from the database (what the next unlock finds). */
async function storedRecord(store: VaultStore, vault: UnlockedVault): Promise<SyncRecord> {
  const again = await openWithKey(store, vault.key.slice(), fx);
  const record = again.syncRecord();
  if (!record) throw new Error('no record');
  return record;
}

describe('every local change stamps the replica in the same commit (docs/sync-format.md "On the device")', () => {
  it('add, edit, re-enrolment, HOTP code, recovery code, reorder, import, restore and delete each write accounts and record together', async () => {
    const { base, commits, vault, clock, totp, counter } = await syncedVault();
    const changes: [string, () => Promise<unknown>][] = [
      ['add', () => vault.add(draftOf(sampleAccount({ notes: 'added', otp: { ...totp.otp, secret: fx.random(20) } })))],
      ['edit', () => vault.update(totp.id, { notes: 'edited', sites: ['example.org'] })],
      [
        're-enrolment',
        () =>
          vault.update(totp.id, {
            otp: { ...totp.otp, secret: fx.random(20) },
            history: [{ otp: totp.otp, replacedAt: clock.now() }],
          }),
      ],
      ['HOTP code', () => vault.nextHotpCode(counter.id)],
      [
        'recovery code used',
        () =>
          vault.applyMany(() => ({
            adds: [],
            updates: [
              {
                id: counter.id,
                patch: { recoveryCodes: [{ code: 'r1-aaaa', usedAt: clock.now() }, { code: 'r2-bbbb' }] },
              },
            ],
          })),
      ],
      [
        'reorder',
        () =>
          vault.reorder([
            counter.id,
            ...vault
              .accounts()
              .filter((a) => a.id !== counter.id)
              .map((a) => a.id),
          ]),
      ],
      [
        'import',
        () =>
          vault.applyMany(() => ({
            adds: [draftOf(sampleAccount({ notes: 'imported', otp: { ...totp.otp, secret: fx.random(20) } }))],
            updates: [],
          })),
      ],
      [
        'restore (replace)',
        () =>
          vault.applyMany((current) => ({
            adds: [draftOf(sampleAccount({ notes: 'restored', otp: { ...totp.otp, secret: fx.random(20) } }))],
            updates: [],
            removes: [current.find((a) => a.notes === 'imported')?.id ?? ''],
          })),
      ],
      ['delete', () => vault.remove(totp.id)],
    ];
    for (const [what, change] of changes) {
      commits.length = 0;
      clock.advance(1_000);
      await change();
      expect(commits, what).toHaveLength(1);
      const c = commits[0] as VaultChange;
      expect((c.put ?? []).length + (c.remove ?? []).length, what).toBeGreaterThan(0);
      expect(c.sync, what).toBeDefined();
      expect(c.index, what).toBeDefined();
      const record = await storedRecord(base, vault);
      // The replica shows exactly the vault's live accounts, each as the vault holds it, and the digests match.
      const live = liveAccounts(record.replica.state, clock.now())
        .map((a) => a.id)
        .sort();
      expect(live, what).toEqual(
        vault
          .accounts()
          .map((a) => a.id)
          .sort(),
      );
      for (const a of vault.accounts()) {
        const s = shown(record, a.id, clock.now());
        expect([s.otp, s.notes, s.sites, s.order, s.recoveryCodes.map((r) => r.usedAt !== undefined)], what).toEqual([
          a.otp,
          a.notes,
          a.sites,
          a.order,
          a.recoveryCodes.map((r) => r.usedAt !== undefined),
        ]);
        expect(record.digests[a.id], what).toBe(accountDigest(a));
      }
      expect(Object.keys(record.digests).sort(), what).toEqual(live);
      // The change is stamped with this device's clock at the change's time.
      expect(record.replica.hlc.l, what).toBe(clock.now());
    }
  });

  it('a commit that fails (IndexedDB aborts it) leaves neither the accounts nor the record changed, on disk or in memory', async () => {
    const { name, base, vault, clock, totp } = await syncedVault();
    const before = await dumpDatabase(name);
    const recordBefore = vault.syncRecord();
    const accountsBefore = vault.accounts();
    // The same vault over a store that adds a record IndexedDB refuses (no key) to every commit: the transaction has
    // written the account, the index and the replica record when it fails and is aborted.
    const failing: VaultStore = {
      ...base,
      commit: (change: VaultChange) =>
        base.commit({ ...change, put: [...(change.put ?? []), { v: 2 } as unknown as StoredRecord] }),
    };
    const broken = await openWithKey(failing, vault.key.slice(), clock);
    await expect(broken.update(totp.id, { notes: 'lost' })).rejects.toBeDefined();
    await expect(broken.remove(totp.id)).rejects.toBeDefined();
    expect(await dumpDatabase(name)).toEqual(before);
    expect(broken.syncRecord()).toEqual(recordBefore);
    expect(broken.accounts()).toEqual(accountsBefore);
    // And the next change that succeeds is stamped from the record as it was.
    await vault.update(totp.id, { notes: 'kept' });
    expect(shown(await storedRecord(base, vault), totp.id, clock.now()).notes).toBe('kept');
  });

  it('tells onLocalChange listeners after each stamped change, once it is committed; not for a round of its own', async () => {
    const { vault, totp } = await syncedVault();
    const heard: string[] = [];
    const stop = vault.onLocalChange(() =>
      heard.push(
        vault
          .accounts()
          .map((a) => a.notes)
          .join(','),
      ),
    );
    await vault.update(totp.id, { notes: 'one' });
    await vault.updateSync((record) => ({ record: record && { ...record, generation: record.generation + 1 } }));
    await vault.remove(totp.id);
    // Each heard after its change is in memory: the edited notes, then the account gone.
    expect(heard).toEqual(['one,work laptop', 'work laptop']);
    stop();
    await vault.add(draftOf(sampleAccount({ otp: { ...totp.otp, secret: fx.random(20) } })));
    expect(heard.length).toBe(2);
  });
});

describe('updateSync (lib/sync/vault-port.ts)', () => {
  it('writes the accounts and the record in one commit, unstamped, with their digests', async () => {
    const { base, commits, vault, clock, totp, counter } = await syncedVault();
    const before = vault.syncRecord() as SyncRecord;
    const merged: Account = { ...totp, notes: 'from another device', updatedAt: clock.now() - 5_000 };
    const written = await vault.updateSync((record, accounts) => {
      expect(record).toEqual(before);
      expect(accounts).toEqual(vault.accounts());
      return {
        record: { ...(record as SyncRecord), generation: 5, lastSyncAt: clock.now() },
        change: { put: [merged], remove: [counter.id] },
      };
    });
    expect(commits).toHaveLength(1);
    const c = commits[0] as VaultChange;
    expect(c.put?.map((r) => r.id)).toEqual([totp.id]);
    expect(c.remove).toEqual([counter.id]);
    expect(c.sync).toBeDefined();
    // Not stamped: the replica is the one the round gave, clock and state untouched.
    expect(written?.replica).toEqual(before.replica);
    expect(written?.digests).toEqual({ [totp.id]: accountDigest(merged) });
    expect(vault.accounts()).toEqual([merged]);
    const stored = await storedRecord(base, vault);
    expect(stored.generation).toBe(5);
    expect(stored.replica).toEqual(before.replica);
    // The account is stored exactly as the round gave it (no new updatedAt), so the next open stamps nothing.
    const { store: w, commits: reopenCommits } = watched(base);
    const again = await openWithKey(w, vault.key.slice(), fx);
    expect(again.accounts()).toEqual([merged]);
    expect(reopenCommits).toEqual([]);
  });

  it('a failed commit leaves neither the accounts nor the record', async () => {
    const { name, base, vault, totp } = await syncedVault();
    const before = await dumpDatabase(name);
    const failing: VaultStore = {
      ...base,
      commit: (change: VaultChange) =>
        base.commit({ ...change, put: [...(change.put ?? []), { v: 2 } as unknown as StoredRecord] }),
    };
    const broken = await openWithKey(failing, vault.key.slice(), fx);
    const record = broken.syncRecord();
    await expect(
      broken.updateSync((r) => ({
        record: { ...(r as SyncRecord), generation: 99 },
        change: { put: [{ ...totp, notes: 'x' }], remove: [] },
      })),
    ).rejects.toBeDefined();
    expect(await dumpDatabase(name)).toEqual(before);
    expect(broken.syncRecord()).toEqual(record);
    expect(broken.get(totp.id).notes).toBe(totp.notes);
  });

  it('turning sync off deletes the record in one commit; later changes stamp nothing', async () => {
    const { base, commits, vault, totp } = await syncedVault();
    expect(await vault.updateSync(() => ({ record: undefined }))).toBeUndefined();
    expect(commits).toHaveLength(1);
    expect(commits[0]?.sync).toBeNull();
    expect(await base.readSync()).toBeUndefined();
    expect(vault.syncRecord()).toBeUndefined();
    await vault.update(totp.id, { notes: 'after' });
    expect(Object.keys(commits[1] ?? {})).not.toContain('sync');
  });
});

describe('changes made without the replica are stamped at open (docs/sync-format.md "On the device", digests)', () => {
  /** What a Twofold from before sync does: edits through the vault without reading or writing the record. */
  async function withOlderTwofold(
    base: VaultStore,
    key: Uint8Array,
    vaultId: string,
    edit: (v: UnlockedVault) => Promise<void>,
  ) {
    const older: VaultStore = {
      ...base,
      readSync: async () => undefined,
      commit: ({ sync: _dropped, ...change }: VaultChange) => base.commit(change),
    };
    await edit(await openWithKey(older, key.slice(), fx));
    await dropSyncFromIndex(base, key, vaultId);
  }

  it('an edited, an added and a deleted account become local edits, an add and a delete, in one commit', async () => {
    const { base, vault, clock, totp, counter } = await syncedVault();
    const vaultId = ((await base.readHeader()) as { id: string }).id;
    let added: Account | undefined;
    await withOlderTwofold(base, vault.key, vaultId, async (v) => {
      await v.update(totp.id, { notes: 'edited after a downgrade' });
      await v.remove(counter.id);
      added = await v.add(
        draftOf(sampleAccount({ notes: 'added after a downgrade', otp: { ...totp.otp, secret: fx.random(20) } })),
      );
    });
    clock.advance(10_000);
    const { store: w, commits } = watched(base);
    const opened = await openWithKey(w, vault.key.slice(), clock);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.put ?? []).toEqual([]);
    expect(commits[0]?.sync).toBeDefined();
    const record = opened.syncRecord() as SyncRecord;
    const live = liveAccounts(record.replica.state, clock.now());
    expect(live.map((a) => a.notes).sort()).toEqual(['added after a downgrade', 'edited after a downgrade']);
    expect(record.replica.state.accounts[counter.id]).toMatchObject({ deleted: expect.any(String) });
    expect(record.digests).toEqual(Object.fromEntries(opened.accounts().map((a) => [a.id, accountDigest(a)])));
    expect(added).toBeDefined();
    // The next open finds everything recorded: nothing more is written.
    const { store: w2, commits: again } = watched(base);
    await openWithKey(w2, vault.key.slice(), clock);
    expect(again).toEqual([]);
  });

  it('an account record the open could not use (rolled back) is not stamped as deleted', async () => {
    const { name, base, vault, clock, totp } = await syncedVault();
    const { openDB } = await import('idb');
    const db = await openDB(name);
    const old = await db.get('accounts', totp.id);
    await vault.update(totp.id, { notes: 'newer' });
    await db.put('accounts', old);
    db.close();
    const { store: w, commits } = watched(base);
    const opened = await openWithKey(w, vault.key.slice(), clock);
    expect(opened.unreadable.map((e) => [e.code, e.recordId])).toEqual([['record-rolled-back', totp.id]]);
    expect(commits).toEqual([]);
    const record = opened.syncRecord() as SyncRecord;
    expect(record.replica.state.accounts[totp.id]).not.toHaveProperty('deleted');
    expect(shown(record, totp.id, clock.now()).notes).toBe('newer');
  });
});
