import type { Account } from '../vault/account-data';
import type { SyncRecord } from './record';

/*
 * The vault's side of a sync round (docs/sync-format.md "On the device: the replica record"): the unlocked vault
 * implements it (lib/vault/vault.ts), tests implement it in memory. The round never writes the vault any other way,
 * so the record and the accounts it changes always land in one IndexedDB transaction.
 */

/** Whole accounts put (added or replaced) and ids removed by a merge. */
export interface VaultSyncChange {
  put: Account[];
  remove: string[];
}

export interface SyncVaultPort {
  /** The replica record, when sync is on. */
  syncRecord(): SyncRecord | undefined;
  accounts(): readonly Account[];
  /**
   * Runs `fn` inside the vault's commit queue on the CURRENT record and accounts, then writes what it returns in one
   * transaction: the record (`undefined` removes it: sync off) and the accounts put or removed. Accounts written this
   * way are not stamped as local edits (they come from the replica already). Answers the record written.
   */
  updateSync(
    fn: (
      current: SyncRecord | undefined,
      accounts: readonly Account[],
    ) => { record: SyncRecord | undefined; change?: VaultSyncChange },
  ): Promise<SyncRecord | undefined>;
}
