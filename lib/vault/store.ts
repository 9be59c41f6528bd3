import type { VaultHeader } from './header';
import type { AccountRecord } from './records';

/**
 * Where the vault lives (port; `platform/idb-vault-store.ts` implements it over IndexedDB, tests may
 * use the same adapter over fake-indexeddb). Only encrypted records and the header pass through it.
 */
export interface VaultStore {
  readHeader(): Promise<unknown>;
  readRecords(): Promise<AccountRecord[]>;
  /** Writes every part of one change in a single transaction: all of it lands, or none. */
  commit(change: VaultChange): Promise<void>;
}

export interface VaultChange {
  header?: VaultHeader;
  put?: AccountRecord[];
  remove?: string[];
}
