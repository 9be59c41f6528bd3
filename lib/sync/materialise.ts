import type { Account } from '../vault/account-data';
import { toAccountJson } from '../vault/account-data';
import type { SyncState } from './state';
import type { VaultSyncChange } from './vault-port';
import { liveAccounts } from './view';

/*
 * What a merge changes in the vault (docs/sync-format.md "Overview": "write the vault accounts that changed"): the
 * vault's accounts are made equal to what the state shows, account by account, comparing the JSON a vault record
 * holds plus its clear `createdAt`, so an account that did not change is not rewritten.
 */

const canonical = (a: Account) => `${a.createdAt}:${toAccountJson(a)}`;

/**
 * The accounts to put and the ids to remove so that `accounts` shows `liveAccounts(state, now)`. An account the
 * state does not hold at all is left alone: the vault records every local change in the replica in the same commit
 * (docs/sync-format.md "On the device"), so such an account is one the replica has not caught up with yet (the
 * vault stamps it on open), never one to delete.
 */
export function materialise(accounts: readonly Account[], state: SyncState, now: number): VaultSyncChange {
  const live = liveAccounts(state, now);
  const mine = new Map(accounts.map((a) => [a.id, a]));
  const put = live.filter((a) => {
    const held = mine.get(a.id);
    return held === undefined || canonical(held) !== canonical(a);
  });
  const liveIds = new Set(live.map((a) => a.id));
  const remove = accounts.filter((a) => !liveIds.has(a.id) && state.accounts[a.id] !== undefined).map((a) => a.id);
  return { put, remove };
}
