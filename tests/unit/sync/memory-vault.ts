import { tick } from '../../../lib/sync/clock';
import { accountDigest } from '../../../lib/sync/digest';
import { deleteAccount, recordAccount } from '../../../lib/sync/local-edit';
import type { SyncRecord } from '../../../lib/sync/record';
import { localUpdate } from '../../../lib/sync/replica';
import type { SyncVaultPort, VaultSyncChange } from '../../../lib/sync/vault-port';
import type { Account } from '../../../lib/vault/account-data';

/*
 * An in-memory SyncVaultPort: the accounts and the replica record, written together by `updateSync` (as the vault's
 * one IndexedDB transaction), and local edits that stamp the replica the way the vault does
 * (docs/sync-format.md "On the device": the account, the replica and the digest in one commit).
 */
export class MemoryVault implements SyncVaultPort {
  private list = new Map<string, Account>();
  record: SyncRecord | undefined;
  /** How many commits `updateSync` made. */
  commits = 0;
  /** Fails the next `updateSync` (a vault locked mid-round, a quota error). */
  failNextUpdate = false;

  constructor(accounts: readonly Account[] = []) {
    for (const a of accounts) this.list.set(a.id, a);
  }

  syncRecord(): SyncRecord | undefined {
    return this.record;
  }

  accounts(): readonly Account[] {
    return [...this.list.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  get(id: string): Account | undefined {
    return this.list.get(id);
  }

  async updateSync(
    fn: (
      current: SyncRecord | undefined,
      accounts: readonly Account[],
    ) => { record: SyncRecord | undefined; change?: VaultSyncChange },
  ): Promise<SyncRecord | undefined> {
    if (this.failNextUpdate) {
      this.failNextUpdate = false;
      throw new Error('vault write failed');
    }
    // Structured clone, as IndexedDB would: the caller keeps no live reference into what was stored.
    const out = fn(this.record === undefined ? undefined : structuredClone(this.record), this.accounts());
    for (const a of out.change?.put ?? []) this.list.set(a.id, a);
    for (const id of out.change?.remove ?? []) this.list.delete(id);
    this.record = out.record === undefined ? undefined : structuredClone(out.record);
    this.commits++;
    return this.record;
  }

  /** A local add or edit, stamped into the replica when sync is on (as lib/vault does). */
  write(account: Account, now: number): void {
    this.list.set(account.id, account);
    const r = this.record;
    if (r === undefined) return;
    const replica = localUpdate(r.replica, now, (s, stamp) => recordAccount(s, account, stamp, now));
    this.record = { ...r, replica, digests: { ...r.digests, [account.id]: accountDigest(account) } };
  }

  edit(id: string, now: number, change: (a: Account) => Account): void {
    const a = this.list.get(id);
    if (a === undefined) throw new Error(`no account ${id}`);
    this.write({ ...change(a), updatedAt: now }, now);
  }

  remove(id: string, now: number): void {
    this.list.delete(id);
    const r = this.record;
    if (r === undefined) return;
    const next = tick(r.replica.hlc, now, r.replica.device);
    const { [id]: _gone, ...digests } = r.digests;
    this.record = {
      ...r,
      replica: { ...r.replica, hlc: next.hlc, state: deleteAccount(r.replica.state, id, next.stamp) },
      digests,
    };
  }
}
