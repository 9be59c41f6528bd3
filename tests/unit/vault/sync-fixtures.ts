import { randomUUID } from 'node:crypto';
import { accountDigest } from '../../../lib/sync/digest';
import { stateOfVault } from '../../../lib/sync/local-edit';
import type { SyncRecord } from '../../../lib/sync/record';
import type { Account } from '../../../lib/vault/account-data';
import { openIndex, sealIndex } from '../../../lib/vault/record-index';
import { createPasswordSlot, type Effects } from '../../../lib/vault/slots';
import type { VaultChange, VaultStore } from '../../../lib/vault/store';
import { createVault, type UnlockedVault } from '../../../lib/vault/vault';
import { type IdbVaultStore, openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';

/** A device id as lib/sync makes them: 26 characters of lower-case base32. */
export const DEVICE = 'abcdefghijklmnopqrstuvwxyz';
export const PASSWORD = 'a good password';

/** A wall clock the test moves (the vault stamps the replica with `fx.now()`). */
export function movingClock(start = 1_800_000_000_000): Effects & { advance(ms: number): void } {
  let now = start;
  return {
    ...fx,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A replica record as a first sync would make it for `accounts`: every field filled, byte strings random. */
export async function makeRecord(accounts: readonly Account[], now: number): Promise<SyncRecord> {
  const syncKey = fx.random(32);
  return {
    v: 1,
    syncKey,
    syncId: randomUUID(),
    device: DEVICE,
    deviceName: 'Work laptop',
    engine: { kind: 'webdav', url: 'https://dav.example.org/Twofold/', user: 'alice', password: 'app password 1' },
    slots: [await createPasswordSlot(syncKey, PASSWORD, fx, CHEAP)],
    generation: 4,
    written: { a: 4, b: 3 },
    unsure: { slot: 'a', generation: 4 },
    seen: { 'zyxwvutsrqponmlkjihgfedcba.b.tfsync': { generation: 9, etag: '"e-9"', size: 4096, modified: now - 1000 } },
    replica: { device: DEVICE, hlc: { l: now, c: 0 }, state: stateOfVault(accounts, DEVICE, now) },
    digests: Object.fromEntries(accounts.map((a) => [a.id, accountDigest(a)])),
    lastSyncAt: now - 500,
  };
}

/** `store` with every commit recorded (before it goes through) in `commits`. */
export function watched<S extends VaultStore>(store: S): { store: S; commits: VaultChange[] } {
  const commits: VaultChange[] = [];
  return {
    commits,
    store: {
      ...store,
      commit: (c: VaultChange) => {
        commits.push(c);
        return store.commit(c);
      },
    },
  };
}

/** A fresh database with a vault in it, sync off. */
export async function freshVault(
  clock: Effects = fx,
): Promise<{ name: string; store: IdbVaultStore; vault: UnlockedVault }> {
  const name = `sync-vault-${randomUUID()}`;
  const store = await openIdbVaultStore(name);
  const vault = await createVault(store, PASSWORD, clock, CHEAP);
  return { name, store, vault };
}

/** Turns sync on with a record made from the vault's accounts, as a first sync's updateSync would. */
export async function turnSyncOn(vault: UnlockedVault, now: number): Promise<SyncRecord> {
  const record = await makeRecord(vault.accounts(), now);
  const written = await vault.updateSync(() => ({ record }));
  if (!written) throw new Error('no record written');
  return written;
}

/**
 * What a Twofold from before sync does to the index when it writes (it keeps only the fields it knows): the index
 * rewritten without its `sync` entry.
 */
export async function dropSyncFromIndex(store: VaultStore, key: Uint8Array, vaultId: string): Promise<void> {
  const index = await openIndex(key, vaultId, await store.readIndex());
  delete index.sync;
  await store.commit({ index: await sealIndex(key, vaultId, index, fx.random) });
}
