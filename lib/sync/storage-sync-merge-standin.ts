import en from '../../locales/en/sync.json';
import type { Text } from '../i18n/text';
import { textsOf } from '../i18n/text';
import { type Account, toAccountJson } from '../vault/account-data';
import type { SyncRecord } from './record';
import { mergeRemote } from './replica';
import type { SyncState } from './state';
import type { VaultSyncChange } from './vault-port';
import { liveAccounts } from './view';

/*
 * STAND-IN for lib/sync/round.ts's `mergeIntoRecord`, `RemoteState` and `RoundReport` (same signatures), until
 * round.ts exists: lib/sync/storage-sync-round.ts then imports them from './round' and this file goes. It merges
 * every remote state into the replica (lib/sync/replica.ts `mergeRemote`) and says which vault accounts change; the
 * clock notices and digests are round.ts's.
 */

const text = textsOf(en);

export interface RoundReport {
  merged: number;
  changed: string[];
  uploaded: boolean;
  notices: Text[];
}

export interface RemoteState {
  device: string;
  generation: number;
  state: SyncState;
  name: string;
}

export function mergeIntoRecord(
  record: SyncRecord,
  accounts: readonly Account[],
  remotes: readonly RemoteState[],
  now: number,
): { record: SyncRecord; change: VaultSyncChange; notices: Text[] } {
  let replica = record.replica;
  const seen = { ...record.seen };
  const notices: Text[] = [];
  for (const r of remotes) {
    const merged = mergeRemote(replica, r.state, now);
    if (merged.skew.kind === 'too-far-ahead') {
      notices.push(text('sync_state_damaged'));
      continue;
    }
    replica = merged.replica;
    seen[r.name] = { ...seen[r.name], generation: Math.max(seen[r.name]?.generation ?? 0, r.generation) };
  }
  const live = liveAccounts(replica.state, now);
  const held = new Map(accounts.map((a) => [a.id, toAccountJson(a)]));
  const put = live.filter((a) => held.get(a.id) !== toAccountJson(a));
  const liveIds = new Set(live.map((a) => a.id));
  // Only an account the replica holds as deleted leaves the vault; one it lacks was never synced and stays.
  const remove = accounts
    .filter((a) => !liveIds.has(a.id) && replica.state.accounts[a.id] !== undefined)
    .map((a) => a.id);
  return { record: { ...record, replica, seen }, change: { put, remove }, notices };
}
