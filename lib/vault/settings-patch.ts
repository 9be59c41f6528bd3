import type { KeySlotBinding } from '../hid/slot-label';
import { type FieldSignature, MAX_MARKS_PER_SITE, sameSignature } from '../offer/field-signature';
import {
  DEFAULT_PREFERENCES,
  type ListView,
  type Preferences,
  type SettingsRecord,
  type SiteOverrides,
} from './settings';

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
  | { keySlot: string; binding: KeySlotBinding | undefined }
  /** The site-override service: one change of the never-offer sites or the marked fields. */
  | { siteOverride: SiteOverrideChange }
  /** The popup's list: its sort, the groups collapsed, or its group filter (each part only when given). */
  | { listView: ListViewPatch }
  /** The popup's backup notice was dismissed until then (Unix ms). */
  | { backupNoticeHiddenUntil: number };

/**
 * A change of the popup's list view. The filter comes wrapped so that "show all groups" (no `group`) differs from
 * "filter unchanged" (no `filter`).
 */
export interface ListViewPatch {
  sort?: ListView['sort'];
  collapsed?: string[];
  filter?: { group?: string };
}

/** One change of the site overrides (README "When a field is missed"). */
export type SiteOverrideChange =
  /** "Never offer on this site" (`never: true`) or "Offer again" (`never: false`). */
  | { site: string; never: boolean }
  /** A marked field: replaces a mark of the same field; the oldest mark goes past the per-site cap. */
  | { site: string; mark: FieldSignature }
  /** Settings' "Remove" on a marked field: the mark at `index` in the site's list. */
  | { site: string; unmark: number };

/**
 * The overrides after `change`. Caps (lib/offer/field-signature.ts) are enforced where a list grows: the oldest mark
 * of a site goes first; a new site beyond the sites cap is refused when the record is checked (lib/vault/settings.ts).
 */
export function applySiteOverride(current: SiteOverrides, change: SiteOverrideChange): SiteOverrides {
  const never = current.never.filter((s) => s !== change.site);
  const fields = { ...current.fields };
  const list = fields[change.site] ?? [];
  if ('never' in change) return { never: change.never ? [...never, change.site] : never, fields };
  const next =
    'mark' in change
      ? [...list.filter((s) => !sameSignature(s, change.mark)), change.mark].slice(-MAX_MARKS_PER_SITE)
      : list.filter((_s, i) => i !== change.unmark);
  if (next.length > 0) fields[change.site] = next;
  else delete fields[change.site];
  return { never: current.never, fields };
}

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
  if ('listView' in patch) {
    const { sort, collapsed, filter } = patch.listView;
    const shown = filter ? filter.group : current.listView.filter;
    return {
      ...current,
      listView: {
        sort: sort ?? current.listView.sort,
        // Each name once: the popup may send a group twice when two clicks cross.
        collapsed: collapsed ? [...new Set(collapsed)] : [...current.listView.collapsed],
        ...(shown !== undefined ? { filter: shown } : {}),
      },
    };
  }
  if ('backupNoticeHiddenUntil' in patch) return { ...current, backupNoticeHiddenUntil: patch.backupNoticeHiddenUntil };
  if ('siteOverride' in patch) {
    return { ...current, siteOverrides: applySiteOverride(current.siteOverrides, patch.siteOverride) };
  }
  const keySlotSites = { ...current.keySlotSites };
  if (patch.binding && patch.binding.sites.length > 0)
    keySlotSites[patch.keySlot] = { name: patch.binding.name, sites: [...patch.binding.sites] };
  else delete keySlotSites[patch.keySlot];
  return { ...current, keySlotSites };
}

const PREFERENCE_NAMES = Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[];
