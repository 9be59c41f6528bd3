import { accountDigest } from '../sync/digest';
import { deleteAccount, purgeAccount, recordAccount } from '../sync/local-edit';
import type { SyncRecord } from '../sync/record';
import { localUpdate } from '../sync/replica';
import type { Account } from './account-data';

/*
 * How a vault change reaches the replica record (docs/sync-format.md "On the device: the replica record"): every local
 * change is one local update of the replica, stamped with one fresh clock, and the digests follow what the vault then
 * stores, so the record written in the same transaction as the accounts always describes them.
 */

/** The digests with `put` recorded as the vault stores them and `remove` gone. */
export function withDigests(record: SyncRecord, put: readonly Account[], remove: readonly string[]): SyncRecord {
  const digests = { ...record.digests };
  for (const a of put) digests[a.id] = accountDigest(a);
  for (const id of remove) delete digests[id];
  return { ...record, digests };
}

/** The record after a local change: accounts written (added or edited) and removed, one stamp at wall time `now`. */
export function stampLocalChange(
  record: SyncRecord,
  put: readonly Account[],
  remove: readonly string[],
  now: number,
): SyncRecord {
  const replica = localUpdate(record.replica, now, (state, stamp) => {
    let next = state;
    for (const a of put) next = recordAccount(next, a, stamp, now);
    for (const id of remove) next = deleteAccount(next, id, stamp);
    return next;
  });
  return withDigests({ ...record, replica }, put, remove);
}

/**
 * Changes made without the replica (an older Twofold after a downgrade, a hand-edited profile): accounts whose vault
 * JSON no longer matches their digest, or that have none, become local edits (an add when the replica lacks them);
 * accounts with a digest that the vault no longer holds become local deletes. Accounts in `skip` (records the open
 * named as unreadable, rolled back or missing) are left alone: a record Twofold could not use is never turned into a
 * deletion on every device. Undefined when nothing changed.
 */
export function stampOutsideChanges(
  record: SyncRecord,
  accounts: readonly Account[],
  skip: ReadonlySet<string>,
  now: number,
): SyncRecord | undefined {
  const held = new Set(accounts.map((a) => a.id));
  const changed = accounts.filter(
    (a) =>
      !skip.has(a.id) && (Object.hasOwn(record.digests, a.id) ? record.digests[a.id] : undefined) !== accountDigest(a),
  );
  const gone = Object.keys(record.digests).filter((id) => !held.has(id) && !skip.has(id));
  if (changed.length === 0 && gone.length === 0) return undefined;
  return stampLocalChange(record, changed, gone, now);
}

/**
 * The record after "Delete forever" of `id` while sync is on: its entry becomes a purged marker (docs/sync-format.md
 * "Deletion and tombstones"), one stamp at wall time `now`. The vault no longer holds the account, so no digest changes.
 */
export function stampPurge(record: SyncRecord, id: string, now: number): SyncRecord {
  const replica = localUpdate(record.replica, now, (state, stamp) => purgeAccount(state, id, stamp));
  return withDigests({ ...record, replica }, [], [id]);
}
