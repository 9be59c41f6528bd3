import type { LegacyVaultHeader, VaultHeader } from './header';
import type { SealedIndex } from './record-index';
import type { StoredRecord } from './records';
import type { SealedSettings } from './settings-record';
import type { SealedSync } from './sync-record';
import type { SealedTrash } from './trash';
import type { SealedUsage } from './usage';

/**
 * Where the vault lives (port; `platform/idb-vault-store.ts` implements it over IndexedDB, tests may
 * use the same adapter over fake-indexeddb). Only encrypted records, the encrypted index and settings,
 * and the header pass through it (docs/vault-format.md "IndexedDB layout").
 */
export interface VaultStore {
  readHeader(): Promise<unknown>;
  readRecords(): Promise<StoredRecord[]>;
  /** `meta/"index"`, as stored (undefined in a format 1 vault). */
  readIndex(): Promise<unknown>;
  /** `settings/"settings"`, as stored: sealed in format 2, a clear object in format 1. */
  readSettings(): Promise<unknown>;
  /** `meta/"sync"`, the sealed replica record, as stored (undefined while sync is off or was never on). */
  readSync(): Promise<unknown>;
  /** `meta/"trash"`, the sealed "Recently deleted" record, as stored (docs/vault-format.md "Recently deleted"). */
  readTrash(): Promise<unknown>;
  /** `meta/"usage"`, when each account was last used here, sealed (docs/vault-format.md "Usage"). */
  readUsage(): Promise<unknown>;
  /** Writes every part of one change in a single transaction: all of it lands, or none. */
  commit(change: VaultChange): Promise<void>;
}

export interface VaultChange {
  header?: VaultHeader | LegacyVaultHeader;
  put?: StoredRecord[];
  remove?: string[];
  /** Written with every change of records or settings (docs/vault-format.md "The index"). */
  index?: SealedIndex;
  settings?: SealedSettings;
  /** The replica record (docs/sync-format.md "On the device: the replica record"); null deletes it (sync off). */
  sync?: SealedSync | null;
  /** "Recently deleted", written with the index whenever an account goes in or out of it. */
  trash?: SealedTrash;
  usage?: SealedUsage;
}
