import { type Clock, type Hlc, receive, type Skew, skewOf, tick } from './clock';
import { type Fold, foldDuplicates } from './fold';
import { join } from './join';
import { newestClock } from './newest';
import type { SyncState } from './state';

/*
 * The pure steps of a sync round on one device (docs/sync-format.md "Overview"): a local update stamped with a fresh
 * clock, and the merge of a remote state (skew check, clock rule, join, one-key fold). The engines and the vault
 * wiring call these; they hold no I/O.
 */

export interface Replica {
  device: string;
  hlc: Hlc;
  state: SyncState;
}

/** A local change: one fresh stamp from the wall time `now`, given to `update`. */
export function localUpdate(
  replica: Replica,
  now: number,
  update: (state: SyncState, stamp: Clock) => SyncState,
): Replica {
  const next = tick(replica.hlc, now, replica.device);
  return { ...replica, hlc: next.hlc, state: update(replica.state, next.stamp) };
}

export interface Merged {
  replica: Replica;
  /** How far ahead the remote state's newest clock is; `too-far-ahead` means it was not merged at all. */
  skew: Skew;
  /** Accounts folded into one after the merge, for the status line. */
  folds: Fold[];
}

/**
 * `remote` joined into the replica at wall time `now`. A state more than 7 days ahead is not merged (it would lift
 * every device's clock and outlive tombstones); one minutes or hours ahead is merged and reported.
 */
export function mergeRemote(replica: Replica, remote: SyncState, now: number): Merged {
  const newest = newestClock(remote);
  const skew = skewOf(newest, now);
  if (skew.kind === 'too-far-ahead') return { replica, skew, folds: [] };
  const hlc = receive(replica.hlc, newest, now);
  const joined = join(replica.state, remote);
  const stamp = tick(hlc, now, replica.device);
  const folded = foldDuplicates(joined, stamp.stamp, now);
  // The fold's stamp is spent only when it was used, so an idle merge leaves the clock where the merge rule put it.
  return {
    replica: { ...replica, hlc: folded.state === joined ? hlc : stamp.hlc, state: folded.state },
    skew,
    folds: folded.folds,
  };
}
