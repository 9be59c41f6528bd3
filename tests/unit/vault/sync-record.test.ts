import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../../lib/vault/record-index';
import { openSync, type SealedSync, sealSync, sealSyncJson, toJson } from '../../../lib/vault/sync-record';
import { openWithKey, unlockVault } from '../../../lib/vault/vault';
import { fx, sampleAccount } from './fixtures';
import { dropSyncFromIndex, freshVault, makeRecord, PASSWORD, turnSyncOn, watched } from './sync-fixtures';

const NOW = 1_800_000_000_000;
const key = () => fx.random(32);

/** Writes `value` at `meta/"sync"` behind Twofold's back, as someone with the profile could. */
async function putRawSync(name: string, value: unknown): Promise<void> {
  const db = await openDB(name);
  if (value === undefined) await db.delete('meta', 'sync');
  else await db.put('meta', value, 'sync');
  db.close();
}

describe('the replica record, sealed (docs/sync-format.md "On the device: the replica record")', () => {
  it('opens to the record that was sealed: every field, byte strings included', async () => {
    const k = key();
    const record = await makeRecord([sampleAccount(), sampleAccount({ notes: 'second' })], NOW);
    const sealed = await sealSync(k, 'vault-1', 3, record, fx.random);
    expect(sealed.v).toBe(1);
    expect(sealed.version).toBe(3);
    const opened = await openSync(k, 'vault-1', sealed, { version: 3 });
    expect(opened.version).toBe(3);
    expect(opened.record).toEqual(record);
    // Nothing of it in the clear: the WebDAV password, the user, the URL's host.
    const clear = Buffer.from(sealed.data).toString('latin1');
    for (const s of ['app password 1', 'alice', 'dav.example.org', 'Work laptop']) expect(clear).not.toContain(s);
  });

  it('keeps the digest of the latest write attempt (H2): it round-trips and is checked like the digests', async () => {
    const k = key();
    const record = { ...(await makeRecord([sampleAccount()], NOW)), writtenDigest: 'ab'.repeat(32) };
    const opened = await openSync(k, 'vault-1', await sealSync(k, 'vault-1', 1, record, fx.random), { version: 1 });
    expect(opened.record.writtenDigest).toBe('ab'.repeat(32));
    expect(opened.record).toEqual(record);
  });

  it('never seals a record the reader would refuse (L5): an over-long ETag or URL fails the seal, not the next unlock', async () => {
    const k = key();
    const good = await makeRecord([sampleAccount()], NOW);
    const longTag = { ...good, seen: { 'sync.json': { generation: 0, etag: `"${'e'.repeat(2000)}"`, size: 10 } } };
    const longUrl = {
      ...good,
      engine: {
        kind: 'webdav' as const,
        url: `https://dav.example.org/${'p'.repeat(3000)}/`,
        user: 'a',
        password: 'b',
      },
    };
    for (const bad of [longTag, longUrl])
      await expect(sealSync(k, 'v', 1, bad, fx.random)).rejects.toMatchObject({ code: 'bad-record', recordId: 'sync' });
  });

  it('binds the vault id and the version: a record moved to another vault or relabelled does not open', async () => {
    const k = key();
    const record = await makeRecord([sampleAccount()], NOW);
    const sealed = await sealSync(k, 'vault-1', 3, record, fx.random);
    await expect(openSync(k, 'vault-2', sealed, undefined)).rejects.toMatchObject({
      code: 'record-unreadable',
      recordId: 'sync',
    });
    const relabelled: SealedSync = { ...sealed, version: 4 };
    await expect(openSync(k, 'vault-1', relabelled, { version: 4 })).rejects.toMatchObject({
      code: 'record-unreadable',
    });
    await expect(openSync(key(), 'vault-1', sealed, { version: 3 })).rejects.toMatchObject({
      code: 'record-unreadable',
    });
  });

  it('names a version the index does not expect: older rolled back, newer out of step, after sync off not in the index', async () => {
    const k = key();
    const sealed = await sealSync(k, 'v', 3, await makeRecord([], NOW), fx.random);
    await expect(openSync(k, 'v', sealed, { version: 4 })).rejects.toMatchObject({ code: 'record-rolled-back' });
    await expect(openSync(k, 'v', sealed, { version: 2 })).rejects.toMatchObject({ code: 'record-out-of-step' });
    await expect(openSync(k, 'v', sealed, { version: 3, off: true })).rejects.toMatchObject({
      code: 'record-not-in-index',
    });
    await expect(openSync(k, 'v', undefined, { version: 3 })).rejects.toMatchObject({ code: 'record-missing' });
    // No index entry (a Twofold from before sync rewrote the index): any authentic version is taken.
    expect((await openSync(k, 'v', sealed, undefined)).version).toBe(3);
  });

  it('checks the decrypted record strictly: a damaged state, a short sync key, a device id that is no id or a malformed digest refuses it', async () => {
    const k = key();
    const good = await makeRecord([sampleAccount()], NOW);
    const id = Object.keys(good.replica.state.accounts)[0] as string;
    const badState = structuredClone(good);
    (badState.replica.state.accounts[id] as { issuer: unknown }).issuer = ['GitHub', 'not a clock'];
    const badKey = { ...good, syncKey: fx.random(16) };
    const badDevice = { ...good, device: '../other' };
    const badDigest = { ...good, digests: { [id]: 'abc' } };
    const badWritten = { ...good, writtenDigest: 'xyz' };
    for (const bad of [badState, badKey, badDevice, badDigest, badWritten]) {
      const sealed = await sealSyncJson(k, 'v', 1, toJson(bad), fx.random);
      await expect(openSync(k, 'v', sealed, { version: 1 })).rejects.toMatchObject({ code: 'record-unreadable' });
    }
    expect((await openSync(k, 'v', await sealSync(k, 'v', 1, good, fx.random), { version: 1 })).record).toEqual(good);
  });
});

describe('the replica record in the vault', () => {
  it('is written with its version in the index, and opens with the vault', async () => {
    const { store, vault } = await freshVault();
    await vault.add({ ...sampleAccount(), id: undefined } as never);
    const record = await turnSyncOn(vault, NOW);
    const sealed = (await store.readSync()) as SealedSync;
    expect(sealed.version).toBe(1);
    const index = await openIndex(
      vault.key,
      ((await store.readHeader()) as { id: string }).id,
      await store.readIndex(),
    );
    expect(index.sync).toEqual({ version: 1 });
    const again = await openWithKey(store, vault.key.slice(), fx);
    expect(again.syncRecord()).toEqual(record);
    expect(again.unreadable).toEqual([]);
  });

  it('an older copy put back is named like a rolled-back record, is not used, and does not stop the unlock', async () => {
    const { name, store, vault } = await freshVault();
    const added = await vault.add({ ...sampleAccount(), id: undefined } as never);
    await turnSyncOn(vault, NOW);
    const old = await store.readSync();
    await vault.update(added.id, { notes: 'after the copy' });
    expect(((await store.readSync()) as SealedSync).version).toBe(2);
    vault.lock();
    await putRawSync(name, old);
    const { store: w, commits } = watched(store);
    const opened = await unlockVault(w, PASSWORD, fx);
    expect(opened.accounts().map((a) => a.notes)).toEqual(['after the copy']);
    expect(opened.syncRecord()).toBeUndefined();
    expect(opened.syncProblem).toMatchObject({ code: 'record-rolled-back', recordId: 'sync' });
    expect(opened.unreadable).toEqual([opened.syncProblem]);
    // Not stamped from the old copy, and nothing written at open.
    expect(commits).toEqual([]);
    // A local change while the record is not used writes no record either.
    await opened.update(added.id, { notes: 'later' });
    expect(commits.map((c) => 'sync' in c)).toEqual([false]);
    // Turning sync on again writes above every version seen, and the warning ends.
    await turnSyncOn(opened, NOW);
    expect(((await store.readSync()) as SealedSync).version).toBe(3);
    expect(opened.syncProblem).toBeUndefined();
    const reopened = await unlockVault(store, PASSWORD, fx);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.syncRecord()?.digests[added.id]).toBeDefined();
  });

  it('a record removed outside Twofold is named missing; one put back after sync was turned off is not used', async () => {
    const { name, store, vault } = await freshVault();
    await turnSyncOn(vault, NOW);
    const copy = await store.readSync();
    vault.lock();
    await putRawSync(name, undefined);
    const missing = await unlockVault(store, PASSWORD, fx);
    expect(missing.syncProblem).toMatchObject({ code: 'record-missing', recordId: 'sync' });
    // Turning sync off clears the warning and keeps the last version in the index.
    expect(await missing.updateSync(() => ({ record: undefined }))).toBeUndefined();
    const index = await openIndex(
      missing.key,
      ((await store.readHeader()) as { id: string }).id,
      await store.readIndex(),
    );
    expect(index.sync).toEqual({ version: 1, off: true });
    missing.lock();
    await putRawSync(name, copy);
    const putBack = await unlockVault(store, PASSWORD, fx);
    expect(putBack.syncRecord()).toBeUndefined();
    expect(putBack.syncProblem).toMatchObject({ code: 'record-not-in-index' });
  });

  it('an unreadable record is named and the vault opens without sync', async () => {
    const { name, store, vault } = await freshVault();
    await vault.add({ ...sampleAccount(), id: undefined } as never);
    await turnSyncOn(vault, NOW);
    const sealed = (await store.readSync()) as SealedSync;
    vault.lock();
    const data = sealed.data.slice();
    data[0] = (data[0] as number) ^ 1;
    await putRawSync(name, { ...sealed, data });
    const opened = await unlockVault(store, PASSWORD, fx);
    expect(opened.accounts()).toHaveLength(1);
    expect(opened.syncProblem).toMatchObject({ code: 'record-unreadable', recordId: 'sync' });
  });

  it('a record written before the index knew of it (a downgrade rewrote the index) is used, and the index learns it again', async () => {
    const { store, vault } = await freshVault();
    await turnSyncOn(vault, NOW);
    const vaultId = ((await store.readHeader()) as { id: string }).id as string;
    await dropSyncFromIndex(store, vault.key, vaultId);
    const opened = await openWithKey(store, vault.key.slice(), fx);
    expect(opened.syncRecord()).toBeDefined();
    expect(opened.unreadable).toEqual([]);
    await opened.add({ ...sampleAccount(), id: undefined } as never);
    expect((await openIndex(opened.key, vaultId, await store.readIndex())).sync).toEqual({ version: 2 });
  });

  it('a vault without sync never reads or writes a record: no sync entry in any commit or in the index', async () => {
    const { store: base, vault: created } = await freshVault();
    const { store, commits } = watched(base);
    const vault = await openWithKey(store, created.key.slice(), fx);
    const a = await vault.add({ ...sampleAccount(), id: undefined } as never);
    await vault.update(a.id, { notes: 'n' });
    await vault.nextHotpCode(a.id).catch(() => {});
    await vault.reorder([a.id]);
    await vault.applyMany(() => ({ adds: [{ ...sampleAccount(), notes: 'x' }], updates: [] }));
    await vault.remove(a.id);
    // Sync stays off: nothing written.
    expect(await vault.updateSync(() => ({ record: undefined }))).toBeUndefined();
    expect(commits.length).toBe(5);
    for (const c of commits) expect(Object.keys(c)).not.toContain('sync');
    expect(await base.readSync()).toBeUndefined();
    const index = await openIndex(vault.key, ((await base.readHeader()) as { id: string }).id, await base.readIndex());
    expect(index.sync).toBeUndefined();
  });
});
