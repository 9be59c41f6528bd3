import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../lib/vault/records';
import { type SessionPort, VaultSession } from '../../../lib/vault/session';
import type { VaultChange, VaultStore } from '../../../lib/vault/store';
import { unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { fx } from './fixtures';
import { goldenView, loadGolden } from './golden';
import { dumpDatabase, loadDatabase } from './idb-dump';

/** A format 1 vault from the golden file, in a database of its own. */
async function legacyVault() {
  const golden = loadGolden('v1.json');
  const name = `migration-${randomUUID()}`;
  await loadDatabase(name, golden.database);
  return { golden, name, store: await openIdbVaultStore(name) };
}

describe('format 1 → 2 upgrade on the first unlock', () => {
  it('re-encrypts every record with the new associated data, writes the index and moves the settings, in one go', async () => {
    const { golden, name, store } = await legacyVault();
    const vault = await unlockVault(store, golden.password, fx);
    expect(vault.accounts().map(goldenView)).toEqual(golden.expect.accounts);
    const after = await dumpDatabase(name);
    const header = after.meta?.find(([k]) => k === 'vault')?.[1] as { version: number; id: string };
    expect(header.version).toBe(2);
    expect(header.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.meta?.map(([k]) => k)).toEqual(['index', 'vault']);
    const records = (after.accounts ?? []).map(([, r]) => r as { v: number; version: number });
    expect(records.map((r) => [r.v, r.version])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    // The settings are no longer in the clear.
    expect(JSON.stringify(after.settings)).not.toContain('autoLockMinutes');
    expect(vault.settings()).toEqual(golden.expect.settings);
  });

  it('loses nothing when the upgrade transaction fails midway, and upgrades on the next unlock', async () => {
    const { golden, name, store } = await legacyVault();
    const before = await dumpDatabase(name);
    // The upgrade's commit, with a record IndexedDB refuses (no key) after the header and records: the
    // transaction has already written part of the change when it fails and is aborted.
    let attempts = 0;
    const failing: VaultStore = {
      ...store,
      commit: (change: VaultChange) => {
        attempts++;
        return store.commit({ ...change, put: [...(change.put ?? []), { v: 2 } as unknown as StoredRecord] });
      },
    };
    await expect(unlockVault(failing, golden.password, fx)).rejects.toThrow(
      expect.objectContaining({ code: 'upgrade-failed' }),
    );
    expect(attempts).toBe(1);
    expect(await dumpDatabase(name)).toEqual(before);
    const vault = await unlockVault(store, golden.password, fx);
    expect(vault.unreadable).toEqual([]);
    expect(vault.accounts().map(goldenView)).toEqual(golden.expect.accounts);
  });

  it('validates the settings format 1 kept in the clear: an edited auto-lock time becomes the default, with a note', async () => {
    const { golden, name, store } = await legacyVault();
    const db = await openDB(name);
    await db.put('settings', { ...golden.expect.settings, autoLockMinutes: 14_400 }, 'settings');
    db.close();
    const vault = await unlockVault(store, golden.password, fx);
    expect(vault.settings()).toEqual({ ...golden.expect.settings, autoLockMinutes: 15 });
    expect(vault.unreadable.map((e) => [e.code, e.recordId])).toEqual([['bad-setting', 'settings/autoLockMinutes']]);
    expect(vault.unreadable[0]?.message).toMatch(/“autoLockMinutes” had a value out of range/);
  });

  it('leaves an unreadable format 1 record as it is, never opens it later, and never takes a format 1 copy back', async () => {
    const { golden, name, store } = await legacyVault();
    const db = await openDB(name);
    const records = (await db.getAll('accounts')) as (StoredRecord & { data: Uint8Array })[];
    const [damaged, intact] = records as [StoredRecord & { data: Uint8Array }, StoredRecord];
    const flipped = damaged.data.slice();
    flipped[0] = (flipped[0] as number) ^ 0xff;
    await db.put('accounts', { ...damaged, data: flipped });
    db.close();
    const upgraded = await unlockVault(store, golden.password, fx);
    expect(upgraded.unreadable.map((e) => [e.code, e.recordId])).toEqual([['record-unreadable', damaged.id]]);
    expect(upgraded.accounts()).toHaveLength(2);
    // Someone puts the intact account's format 1 copy back over its upgraded record.
    const db2 = await openDB(name);
    await db2.put('accounts', intact);
    db2.close();
    const reopened = await unlockVault(store, golden.password, fx);
    expect(reopened.accounts()).toHaveLength(1);
    expect(reopened.unreadable.map((e) => [e.code, e.recordId]).sort()).toEqual(
      [
        ['record-unreadable', damaged.id],
        ['record-unreadable', intact.id],
      ].sort(),
    );
  });

  it('refuses to "upgrade" a format 2 vault whose header was set back to version 1, and changes nothing', async () => {
    const { golden, name, store } = await legacyVault();
    const upgraded = await unlockVault(store, golden.password, fx);
    upgraded.lock();
    const db = await openDB(name);
    const header = await db.get('meta', 'vault');
    await db.put('meta', { ...header, version: 1 }, 'vault');
    db.close();
    const before = await dumpDatabase(name);
    await expect(unlockVault(store, golden.password, fx)).rejects.toThrow(
      expect.objectContaining({ code: 'upgrade-refused' }),
    );
    expect(await dumpDatabase(name)).toEqual(before);
    // Put back, the header opens the vault whole: nothing was lost.
    const db2 = await openDB(name);
    await db2.put('meta', header, 'vault');
    db2.close();
    const reopened = await unlockVault(store, golden.password, fx);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.accounts().map(goldenView)).toEqual(golden.expect.accounts);
  });

  it('two unlocks at once upgrade a format 1 vault once: a change made after the first is kept', async () => {
    const { golden, store } = await legacyVault();
    const data = new Map<string, unknown>();
    const port: SessionPort = {
      get: async <T>(k: string) => data.get(k) as T | undefined,
      set: async (k, v) => {
        data.set(k, structuredClone(v));
      },
      remove: async (k) => {
        data.delete(k);
      },
    };
    // The first write is slow enough for the other unlock to read the header while it is still version 1,
    // and the second slower still, so a change made in between is written before it.
    let commits = 0;
    const slow: VaultStore = {
      ...store,
      commit: async (change: VaultChange) => {
        commits++;
        if (commits <= 2) await new Promise((r) => setTimeout(r, commits * 50));
        return store.commit(change);
      },
    };
    const session = new VaultSession(slow, port, fx);
    const first = session.unlock(golden.password);
    const second = session.unlock(golden.password);
    await first;
    const vault = await session.require();
    const [account] = vault.accounts();
    if (!account) throw new Error('no account');
    await vault.update(account.id, { notes: 'changed after the upgrade' });
    await second;
    const reopened = await unlockVault(store, golden.password, fx);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.accounts()).toHaveLength(golden.expect.accounts.length);
    expect(reopened.get(account.id).notes).toBe('changed after the upgrade');
    // The session still uses one vault, the one that wrote the change.
    expect((await session.require()).get(account.id).notes).toBe('changed after the upgrade');
  });
});
