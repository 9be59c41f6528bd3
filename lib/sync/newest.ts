import { type Clock, maxClock } from './clock';
import { isPurged, REGISTERS, type SyncState } from './state';

/**
 * The greatest stamp a state holds: what the clock rule on merge (lib/sync/clock.ts `receive`) and the skew check
 * (`skewOf`) look at. `undefined` for a state with no stamp at all.
 */
export function newestClock(state: SyncState): Clock | undefined {
  let newest: Clock | undefined;
  const see = (c: Clock | undefined) => {
    if (c !== undefined) newest = newest === undefined ? c : maxClock(newest, c);
  };
  for (const d of Object.values(state.devices)) {
    see(d.name[1]);
    see(d.left);
  }
  for (const a of Object.values(state.accounts)) {
    if (isPurged(a)) {
      see(a.purged);
      continue;
    }
    see(a.deleted);
    see(a.mergedInto?.[1]);
    for (const r of REGISTERS) see(a[r][1]);
    see(a.group?.[1]);
    for (const k of Object.values(a.keys)) see(k.set);
    for (const c of Object.values(a.codes)) {
      see(c.code[1]);
      see(c.pos[0]);
      for (const u of c.uses) see(u);
      for (const u of c.unmarked) see(u);
    }
  }
  return newest;
}
