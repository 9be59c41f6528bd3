import { type IDBPDatabase, openDB } from 'idb';
import type { AccountRecord } from '../lib/vault/records';
import { DEFAULT_SETTINGS, type Settings } from '../lib/vault/settings';
import type { VaultChange, VaultStore } from '../lib/vault/store';

/** IndexedDB layout of docs/vault-format.md: database `twofold`, stores meta / accounts / settings. */
const DB_NAME = 'twofold';
const DB_VERSION = 1;

export interface IdbVaultStore extends VaultStore {
  readSettings(): Promise<Settings>;
  writeSettings(settings: Settings): Promise<void>;
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
    readRecords: () => db.getAll('accounts') as Promise<AccountRecord[]>,
    async commit(change: VaultChange) {
      // One readwrite transaction over both stores. A request IndexedDB refuses synchronously (e.g. a
      // record without its key) does not abort the transaction by itself, so any failure aborts it
      // explicitly: then nothing of the change lands.
      const tx = db.transaction(['meta', 'accounts'], 'readwrite');
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
    async readSettings() {
      return { ...DEFAULT_SETTINGS, ...((await db.get('settings', 'settings')) as Partial<Settings> | undefined) };
    },
    async writeSettings(settings) {
      await db.put('settings', settings, 'settings');
    },
    close: () => db.close(),
  };
}
