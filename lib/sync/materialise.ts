import type { Account } from '../vault/account-data';
import { toAccountJson } from '../vault/account-data';
import type { AccountState, SyncState } from './state';
import type { VaultSyncChange } from './vault-port';
import { accountOf, isLive } from './view';

/*
 * What a merge changes in the vault (docs/sync-format.md "Overview": "write the vault accounts that changed"): the
 * vault's accounts are made equal to what the state shows, account by account, comparing the JSON a vault record
 * holds plus its clear `createdAt`, so an account that did not change is not rewritten.
 */

const canonical = (a: Account) => `${a.createdAt}:${toAccountJson(a)}`;

/*
 * The text of the account an entry shows, by entry object, for entries with one key: such an entry shows no
 * previous key, so its account does not depend on `now` (lib/sync/view.ts `accountOf`). A round compares every
 * account after each merge and one change touches one entry; states are never modified in place (lib/sync/join.ts),
 * so an entry that is the same object shows the same account. Previous keys age out with `now`: those entries are
 * always shown afresh.
 */
const shownText = new WeakMap<AccountState, { id: string; text: string }>();

function textShown(id: string, a: AccountState, now: number): string {
  const kept = shownText.get(a);
  if (kept !== undefined && kept.id === id) return kept.text;
  const text = canonical(accountOf(id, a, now));
  if (Object.keys(a.keys).length === 1) shownText.set(a, { id, text });
  return text;
}

/**
 * The accounts to put and the ids to remove so that `accounts` shows `liveAccounts(state, now)`. An account the
 * state does not hold at all is left alone: the vault records every local change in the replica in the same commit
 * (docs/sync-format.md "On the device"), so such an account is one the replica has not caught up with yet (the
 * vault stamps it on open), never one to delete.
 */
export function materialise(accounts: readonly Account[], state: SyncState, now: number): VaultSyncChange {
  const mine = new Map(accounts.map((a) => [a.id, a]));
  const put: Account[] = [];
  const liveIds = new Set<string>();
  // By id, as `liveAccounts` lists them.
  for (const id of Object.keys(state.accounts).sort()) {
    const entry = state.accounts[id];
    if (entry === undefined || !isLive(entry)) continue;
    liveIds.add(id);
    const held = mine.get(id);
    if (held === undefined || canonical(held) !== textShown(id, entry, now)) put.push(accountOf(id, entry, now));
  }
  const remove = accounts.filter((a) => !liveIds.has(a.id) && state.accounts[a.id] !== undefined).map((a) => a.id);
  return { put, remove };
}
