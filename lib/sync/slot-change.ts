import type { PasswordSlot } from '../vault/slots';
import type { SyncRecord } from './record';

/*
 * A master-password change while sync is on (docs/sync-format.md "Keys"): the device's next write carries a sync slot
 * for the new password only, so the old password stops opening what this device writes from then on.
 */

/**
 * `seen` key under which a browser-sync device keeps the ids of its own replaced slots (space-separated, in `etag`):
 * the shared header holds every device's slots, and another browser that read the old header writes the old slot
 * back, so this device keeps dropping it from the union it writes.
 */
export const RETIRED_SLOTS = 'tf:retired';
/** How many replaced slot ids are remembered: more than the header can hold (docs/sync-format.md, at most 8). */
const RETIRED_KEEP = 16;

/** The ids of this device's own replaced slots (browser sync). */
export function retiredSlotIds(record: SyncRecord): Set<string> {
  const held = record.seen[RETIRED_SLOTS]?.etag;
  return new Set(held === undefined || held === '' ? [] : held.split(' '));
}

/** The record with `slot` as this device's only slot; for browser sync the replaced ids are remembered. */
export function withNewSlot(record: SyncRecord, slot: PasswordSlot): SyncRecord {
  if (record.engine.kind !== 'storage-sync') return { ...record, slots: [slot] };
  const retired = [...retiredSlotIds(record), ...record.slots.map((s) => s.id)]
    .filter((id, i, all) => id !== slot.id && all.indexOf(id) === i)
    .slice(-RETIRED_KEEP);
  return {
    ...record,
    slots: [slot],
    seen: { ...record.seen, [RETIRED_SLOTS]: { generation: 0, etag: retired.join(' ') } },
  };
}
