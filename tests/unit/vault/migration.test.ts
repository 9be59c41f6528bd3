import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../lib/vault/records';
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
});
