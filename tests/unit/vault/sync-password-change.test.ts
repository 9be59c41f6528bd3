import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RETIRED_SLOTS } from '../../../lib/sync/slot-change';
import { syncKeyring } from '../../../lib/sync/sync-slot';
import { createVault, unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';
import { makeRecord, PASSWORD, watched } from './sync-fixtures';

/* M2: a master-password change while sync is on makes a new sync slot (docs/sync-format.md "Keys"). */

const NOW = 1_800_000_000_000;
const NEXT = 'a brand new password';

async function syncedVault(engine: 'webdav' | 'storage-sync') {
  const { store, commits } = watched(await openIdbVaultStore(`pw-change-${randomUUID()}`));
  const vault = await createVault(store, PASSWORD, fx, CHEAP);
  const made = await makeRecord(vault.accounts(), NOW);
  const record = await vault.updateSync(() => ({
    record: engine === 'webdav' ? made : { ...made, engine: { kind: 'storage-sync' } },
  }));
  if (record === undefined) throw new Error('no record');
  return { store, commits, vault, record };
}

describe('master-password change with sync on', () => {
  it('replaces the sync slot with one for the new password, in the header’s commit, and announces a change', async () => {
    const { store, commits, vault, record } = await syncedVault('webdav');
    const changes: number[] = [];
    vault.onLocalChange(() => changes.push(1));
    const before = commits.length;
    await vault.changePassword(PASSWORD, NEXT, CHEAP);
    const after = vault.syncRecord();
    expect(after?.slots).toHaveLength(1);
    expect(after?.slots[0]?.id).not.toBe(record.slots[0]?.id);
    // The new slot opens to the same sync key with the new password; the old password opens it no more.
    const slots = after?.slots ?? [];
    expect(await syncKeyring.unwrap(slots, NEXT, record.syncId)).toEqual(record.syncKey);
    await expect(syncKeyring.unwrap(slots, PASSWORD, record.syncId)).rejects.toMatchObject({ code: 'wrong-password' });
    // One commit holds both the new header and the record.
    const written = commits.slice(before);
    expect(written).toHaveLength(1);
    expect(written[0]?.header).toBeDefined();
    expect(written[0]?.sync).toBeDefined();
    expect(changes).toHaveLength(1);
    // What was stored opens with the new password, and holds the new slot.
    const reopened = await unlockVault(store, NEXT, fx);
    expect(reopened.syncRecord()?.slots.map((s) => s.id)).toEqual(slots.map((s) => s.id));
  });

  it('for browser sync, remembers the replaced slot so the shared header drops it', async () => {
    const { vault, record } = await syncedVault('storage-sync');
    await vault.changePassword(PASSWORD, NEXT, CHEAP);
    expect(vault.syncRecord()?.seen[RETIRED_SLOTS]?.etag).toBe(record.slots[0]?.id);
  });

  it('without sync, only the header changes and nothing is announced', async () => {
    const { store, commits } = watched(await openIdbVaultStore(`pw-change-${randomUUID()}`));
    const vault = await createVault(store, PASSWORD, fx, CHEAP);
    const changes: number[] = [];
    vault.onLocalChange(() => changes.push(1));
    const before = commits.length;
    await vault.changePassword(PASSWORD, NEXT, CHEAP);
    expect(commits.slice(before).map((c) => Object.keys(c))).toEqual([['header']]);
    expect(changes).toHaveLength(0);
    expect(vault.syncRecord()).toBeUndefined();
  });
});
