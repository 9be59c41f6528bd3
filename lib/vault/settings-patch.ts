import type { KeySlotBinding } from '../hid/slot-label';
import { DEFAULT_PREFERENCES, type Preferences, type SettingsRecord } from './settings';

/**
 * One change of the settings record, as data: which part it touches names its owner. A patch never carries what
 * its writer last read of the other parts, so applying it cannot undo another owner's change; the vault applies
 * patches one at a time in its queue, each to the record as it is then (docs/architecture.md "Who owns which state").
 */
export type SettingsPatch =
  /** The settings form (the `settings-set` handler): the preferences it names. */
  | { preferences: Partial<Preferences> }
  /** The backup service: a backup of this time was saved or restored. */
  | { backupAt: number }
  /** The hardware-key service: a slot's sites, or no binding (undefined, or no sites). */
  | { keySlot: string; binding: KeySlotBinding | undefined };

/** The record after `patch`; the input is left as it was. Range checks come after, when the record is written. */
export function applySettingsPatch(current: SettingsRecord, patch: SettingsPatch): SettingsRecord {
  if ('preferences' in patch) {
    // Only the preference names: a patch typed loosely elsewhere cannot reach the background's parts.
    const next = { ...current };
    for (const name of PREFERENCE_NAMES) {
      const value = patch.preferences[name];
      if (value !== undefined) (next as Record<string, unknown>)[name] = value;
    }
    return next;
  }
  if ('backupAt' in patch) {
    // Never backward: a restore of an older backup does not make the reminder count from further back.
    return { ...current, lastBackupAt: Math.max(current.lastBackupAt, patch.backupAt) };
  }
  const keySlotSites = { ...current.keySlotSites };
  if (patch.binding && patch.binding.sites.length > 0)
    keySlotSites[patch.keySlot] = { name: patch.binding.name, sites: [...patch.binding.sites] };
  else delete keySlotSites[patch.keySlot];
  return { ...current, keySlotSites };
}

const PREFERENCE_NAMES = Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[];
