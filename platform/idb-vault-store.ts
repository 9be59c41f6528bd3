import { type IDBPDatabase, openDB } from 'idb';
import type { StoredRecord } from '../lib/vault/records';
import type { VaultChange, VaultStore } from '../lib/vault/store';

/**
 * IndexedDB layout of docs/vault-format.md: database `twofold`, stores meta / accounts / settings. The replica record
 * (docs/sync-format.md) is one more key in `meta`, so sync needed no IndexedDB version change; so are "Recently
 * deleted" (`trash`) and the last uses (`usage`).
 */
const DB_NAME = 'twofold';
const DB_VERSION = 1;

export interface IdbVaultStore extends VaultStore {
  close(): void;
}

export async function openIdbVaultStore(name = DB_NAME): Promise<IdbVaultStore> {
  const db: IDBPDatabase = await openDB(name, DB_VERSION, {
    upgrade(database) {
      if (!database.objectStoreNames.contains('meta')) database.createObjectStore('meta');
      if (!database.objectStoreNames.contains('accounts')) database.createObjectStore('accounts', { keyPath: 'id' });
      if (!database.objectStoreNames.contains('settings')) database.createObjectStore('settings');
    },
  });
  return {
    readHeader: () => db.get('meta', 'vault'),
    readRecords: () => db.getAll('accounts') as Promise<StoredRecord[]>,
    readIndex: () => db.get('meta', 'index'),
    readSettings: () => db.get('settings', 'settings'),
    readSync: () => db.get('meta', 'sync'),
    readTrash: () => db.get('meta', 'trash'),
    readUsage: () => db.get('meta', 'usage'),
    async commit(change: VaultChange) {
      // One readwrite transaction over every store (records, index and settings change together). A
      // request IndexedDB refuses synchronously (e.g. a record without its key) does not abort the transaction by itself, so any failure aborts it
      // explicitly: then nothing of the change lands.
      const tx = db.transaction(['meta', 'accounts', 'settings'], 'readwrite');
      const writes: Promise<unknown>[] = [];
      // After an abort every request rejects with AbortError; each is marked handled here, and the
      // first real failure still reaches the caller through Promise.all or the catch below.
      const track = (p: Promise<unknown>) => {
        p.catch(() => {});
        writes.push(p);
      };
      track(tx.done);
      try {
        if (change.header) track(tx.objectStore('meta').put(change.header, 'vault'));
        for (const r of change.put ?? []) track(tx.objectStore('accounts').put(r));
        for (const id of change.remove ?? []) track(tx.objectStore('accounts').delete(id));
        if (change.index) track(tx.objectStore('meta').put(change.index, 'index'));
        if (change.settings) track(tx.objectStore('settings').put(change.settings, 'settings'));
        if (change.sync) track(tx.objectStore('meta').put(change.sync, 'sync'));
        else if (change.sync === null) track(tx.objectStore('meta').delete('sync'));
        if (change.trash) track(tx.objectStore('meta').put(change.trash, 'trash'));
        if (change.usage) track(tx.objectStore('meta').put(change.usage, 'usage'));
        await Promise.all(writes);
      } catch (e) {
        try {
          tx.abort();
        } catch {
          // Already finished or aborted: IndexedDB rolled it back itself.
        }
        throw e;
      }
    },
    close: () => db.close(),
  };
}
