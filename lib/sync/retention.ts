import { HISTORY_KEEP_MS, HISTORY_MAX } from '../vault/key-history';
import { physicalOf } from './clock';
import { newestClock } from './newest';
import { type AccountEntry, type AccountState, isPurged, type SyncState } from './state';
import { isLive, keysNewestFirst } from './view';

/*
 * The two collections of old data (docs/sync-format.md "Deletion and tombstones"). They change what is stored, never
 * what any device shows: a dropped tombstone was older than any state a device away for less than 400 days can
 * still bring, and a dropped previous key was already hidden by the vault's own 30-day rule
 * (lib/vault/key-history.ts).
 */

/** How long a deletion (or a purge) is kept: more than a year, for a laptop left in a drawer for a season. */
export const TOMBSTONE_KEEP_MS = 400 * 24 * 60 * 60 * 1000;

/** The newest stamp anywhere in one account's entry. */
function newestOf(entry: AccountEntry): number {
  const clock = newestClock({ v: 1, devices: {}, accounts: { x: entry } });
  return clock === undefined ? 0 : physicalOf(clock);
}

/** Previous keys replaced more than 30 days before `now`, or beyond the 10 newest, dropped with their counters. */
function withoutOldKeys(a: AccountState, now: number): AccountState {
  const keys = keysNewestFirst(a);
  const kept = keys.filter(([, key], i) => {
    if (i === 0) return true;
    const replacedAt = physicalOf((keys[i - 1] as [string, typeof key])[1].set);
    return i <= HISTORY_MAX && now - replacedAt < HISTORY_KEEP_MS;
  });
  if (kept.length === keys.length) return a;
  const ids = new Set(kept.map(([id]) => id));
  return {
    ...a,
    keys: Object.fromEntries(
      kept.map(([id, k]) => [id, k]).sort(([x], [y]) => ((x as string) < (y as string) ? -1 : 1)),
    ),
    counters: Object.fromEntries(Object.entries(a.counters).filter(([id]) => ids.has(id))),
  };
}

/** The state as this device writes it at `now`: old tombstones, purge markers and previous keys dropped. */
export function collect(state: SyncState, now: number): SyncState {
  const accounts: Record<string, AccountEntry> = {};
  for (const [id, entry] of Object.entries(state.accounts)) {
    if (isPurged(entry)) {
      if (now - physicalOf(entry.purged) <= TOMBSTONE_KEEP_MS) accounts[id] = entry;
      continue;
    }
    if (!isLive(entry) && now - newestOf(entry) > TOMBSTONE_KEEP_MS) continue;
    accounts[id] = withoutOldKeys(entry, now);
  }
  return { ...state, accounts };
}
