import { encodeBase32 } from '../encoding/base32';
import { type Clock, compareClocks } from './clock';
import { joinAccount, joinReg } from './join';
import { type AccountState, REGISTERS, type Reg, type SyncState } from './state';
import { accountOf, isLive, keysNewestFirst } from './view';

/*
 * One key is one account (docs/sync-format.md "One key is one account"). Two devices can each add the same key while
 * apart; after a merge the live accounts that are one account are folded into the one with the smallest
 * `(createdAt, id)`. The fold is a local update like any edit (one fresh stamp), and two devices folding the same
 * group make the same survivor with the same values, so their results join to the same accounts.
 */

export interface Fold {
  survivor: string;
  folded: string[];
}

interface Keyed {
  id: string;
  a: AccountState;
  current: string;
  previous: Set<string>;
}

function byAge(x: Keyed, y: Keyed): number {
  return x.a.createdAt - y.a.createdAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

/** Groups of live accounts sharing a key: equal current keys (secret and kind), or one's current among another's kept previous keys. */
function groups(state: SyncState, now: number): Keyed[][] {
  const live: Keyed[] = [];
  for (const [id, a] of Object.entries(state.accounts)) {
    if (!isLive(a)) continue;
    const [currentId, key] = keysNewestFirst(a)[0] as [string, AccountState['keys'][string]];
    const previous = new Set((accountOf(id, a, now).history ?? []).map((h) => encodeBase32(h.otp.secret)));
    live.push({ id, a, current: `${key.otp.kind}:${currentId}`, previous });
  }
  const parent = live.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  const secretOf = (k: Keyed) => k.current.slice(k.current.indexOf(':') + 1);
  // Linear, not pairwise: each account is joined to the first holder of its current key (by secret and kind) and to
  // every account that keeps its secret as a previous key.
  const byCurrent = new Map<string, number>();
  const byPrevious = new Map<string, number[]>();
  live.forEach((k, i) => {
    for (const p of k.previous) byPrevious.set(p, [...(byPrevious.get(p) ?? []), i]);
  });
  live.forEach((k, i) => {
    const same = byCurrent.get(k.current);
    if (same === undefined) byCurrent.set(k.current, i);
    else parent[root(i)] = root(same);
    for (const j of byPrevious.get(secretOf(k)) ?? []) parent[root(i)] = root(j);
  });
  const out = new Map<number, Keyed[]>();
  live.forEach((k, i) => {
    out.set(root(i), [...(out.get(root(i)) ?? []), k]);
  });
  return [...out.values()].filter((g) => g.length > 1).map((g) => g.sort(byAge));
}

/** Follows `mergedInto` to the account it now lives in (cycles, which only a damaged state can hold, end the walk). */
function survivorOf(state: SyncState, id: string): string {
  const seen = new Set<string>();
  let at = id;
  for (;;) {
    const e = state.accounts[at];
    if (e === undefined || 'purged' in e) return at;
    const into = e.mergedInto;
    if (into === undefined || seen.has(at) || isLive(e)) return at;
    seen.add(at);
    at = into[0];
  }
}

/**
 * The state with every group of one-key accounts folded, stamped `stamp`, and every folded account's newer registers
 * passed on to its survivor. Returns the same state object when there was nothing to do.
 */
export function foldDuplicates(state: SyncState, stamp: Clock, now: number): { state: SyncState; folds: Fold[] } {
  const accounts = { ...state.accounts };
  const folds: Fold[] = [];
  for (const group of groups(state, now)) {
    const [first, ...rest] = group as [Keyed, ...Keyed[]];
    let survivor: AccountState = first.a;
    const sites: string[] = [...first.a.sites[0]];
    for (const other of rest) {
      const joined = joinAccount(survivor, { ...other.a, createdAt: survivor.createdAt });
      // Only the survivor's tombstone (if any) and fold mark stay its own.
      survivor = { ...joined, deleted: survivor.deleted, mergedInto: survivor.mergedInto } as AccountState;
      if (survivor.deleted === undefined) delete survivor.deleted;
      if (survivor.mergedInto === undefined) delete survivor.mergedInto;
      for (const s of other.a.sites[0]) if (!sites.includes(s)) sites.push(s);
      accounts[other.id] = { ...other.a, deleted: stamp, mergedInto: [first.id, stamp] };
    }
    survivor.sites = [sites, stamp];
    accounts[first.id] = survivor;
    folds.push({ survivor: first.id, folded: rest.map((r) => r.id) });
  }
  let changed = folds.length > 0;
  // An edit made to a folded account on a device that had not heard of the fold is passed on, not lost.
  for (const [id, e] of Object.entries(accounts)) {
    if ('purged' in e || e.mergedInto === undefined || isLive(e)) continue;
    const to = survivorOf({ ...state, accounts }, id);
    const target = accounts[to];
    if (to === id || target === undefined || 'purged' in target || !isLive(target)) continue;
    const next = { ...target } as AccountState;
    let passed = false;
    for (const r of REGISTERS) {
      if (compareClocks(e[r][1], target[r][1]) > 0) {
        (next as unknown as Record<string, Reg<unknown>>)[r] = joinReg<unknown>(target[r], e[r]);
        passed = true;
      }
    }
    // `isLive` narrowed `e` away: the entry is an AccountState that is not live.
    const group = (e as AccountState).group;
    if (group && (target.group === undefined || compareClocks(group[1], target.group[1]) > 0)) {
      next.group = target.group ? joinReg(target.group, group) : group;
      passed = true;
    }
    if (passed) {
      accounts[to] = next;
      changed = true;
    }
  }
  return changed ? { state: { ...state, accounts }, folds } : { state, folds };
}
