import integrity from '../../locales/en/integrity.json';
import type { KeySlotBinding } from '../hid/slot-label';
import { textsOf } from '../i18n/text';
import {
  type FieldSignature,
  isFieldSignature,
  MAX_MARKED_SITES,
  MAX_MARKS_PER_SITE,
  MAX_NEVER_SITES,
} from '../offer/field-signature';
import { isGroupName } from './account-data';
import { VaultError } from './errors';

/**
 * What the settings form owns: the person's choices. Stored encrypted under the vault key with the background's
 * records (docs/vault-format.md "Settings"): none is secret, but each changes what Twofold does (an edited auto-lock
 * time kept a vault open for days), so none may be changed outside Twofold.
 */
export interface Preferences {
  /** Lock the vault after this many minutes without use. */
  autoLockMinutes: number;
  /** How the inline offer fills: on click, or by itself when exactly one account matches (docs/auto-fill.md). */
  fillMode: 'click' | 'auto-single';
  /** Submit the form after filling (docs/auto-fill.md). */
  submitAfterFill: boolean;
  /**
   * Seconds after which a code copied from the popup is cleared from the clipboard, one of
   * {@link CLIPBOARD_CLEAR_CHOICES}: short enough that a code does not linger, long enough to paste it.
   */
  clipboardClearSeconds: number;
  /** Remind to back up when accounts were added since the last backup (docs/backup-format.md). */
  backupReminder: boolean;
}

/** What the backup service owns (entrypoints/background/backup.ts): when the last backup was written. */
export interface BackupState {
  /** Unix ms of the last backup saved or restored, 0 for never; only ever moves forward. */
  lastBackupAt: number;
  /** The popup's backup notice was dismissed until then (Unix ms; 0 for shown when due). */
  backupNoticeHiddenUntil: number;
}

/** How the popup orders its list: the person's own order (drag), by name, or most recently used first. */
export type ListSort = 'custom' | 'name' | 'recent';
export const LIST_SORTS: readonly ListSort[] = ['custom', 'name', 'recent'];

/** What the popup's list owns: its sort and the groups folded away. Kept with the vault, so it is the same each open. */
export interface ListView {
  sort: ListSort;
  /** Names of collapsed groups ('' stands for accounts without a group). */
  collapsed: string[];
  /** The one group shown ('' for accounts without a group); absent: all groups. */
  filter?: string;
}
/** At most this many collapsed group names are kept (a vault has far fewer groups). */
export const MAX_COLLAPSED_GROUPS = 500;

/**
 * What the hardware-key service owns (entrypoints/background/keys.ts): the sites of each key slot, by
 * "<key id>/<slot id>". Encrypted with the rest: slot names are readable from the key without a PIN, but an edited
 * binding would hand a slot's codes to another site. While locked they cannot be read, so no slot is offered
 * (docs/hardware-keys.md "Site bindings").
 */
export type KeySlotSites = Record<string, KeySlotBinding>;

/**
 * What the site-override service owns (entrypoints/background/site-overrides.ts; README "When a field is missed"):
 * sites where the person said "Never offer on this site", and fields they marked as code fields, by site key
 * (lib/offer/field-signature.ts siteKeyOf). Encrypted with the rest: which sites a person uses is theirs, and an
 * edited list would silence Twofold on a site or offer codes to fields of an attacker's choosing. While locked they
 * cannot be read: a never-site's offer frame then only offers unlocking, and marked fields wait for the unlock.
 */
export interface SiteOverrides {
  /** Site keys that get no offers (at most MAX_NEVER_SITES). */
  never: string[];
  /** Site key → marked fields (at most MAX_MARKS_PER_SITE each, MAX_MARKED_SITES sites). */
  fields: Record<string, FieldSignature[]>;
}

/**
 * The stored settings record (`settings/"settings"`): four parts, each written by one owner only, and only through
 * a patch applied inside the vault's queue (lib/vault/settings-patch.ts; docs/architecture.md "Who owns which state").
 */
export interface SettingsRecord extends Preferences, BackupState {
  keySlotSites: KeySlotSites;
  siteOverrides: SiteOverrides;
  listView: ListView;
}

export const DEFAULT_PREFERENCES: Preferences = {
  autoLockMinutes: 15,
  fillMode: 'click',
  submitAfterFill: false,
  clipboardClearSeconds: 30,
  backupReminder: true,
};

export const DEFAULT_SETTINGS: SettingsRecord = {
  ...DEFAULT_PREFERENCES,
  lastBackupAt: 0,
  backupNoticeHiddenUntil: 0,
  keySlotSites: {},
  siteOverrides: { never: [], fields: {} },
  listView: { sort: 'custom', collapsed: [] },
};

/** The preferences part of a record, without the background's parts (what the settings page may see). */
export function preferencesOf(record: SettingsRecord): Preferences {
  return Object.fromEntries(
    Object.keys(DEFAULT_PREFERENCES).map((k) => [k, record[k as keyof Preferences]]),
  ) as unknown as Preferences;
}

export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240, 1440] as const;

/** The clipboard clear times Settings offers, in seconds. */
export const CLIPBOARD_CLEAR_CHOICES = [10, 20, 30, 60, 120] as const;

const itext = textsOf(integrity);
const isBool = (v: unknown) => typeof v === 'boolean';
const isBinding = (v: unknown) => {
  const b = v as Partial<KeySlotBinding> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.name === 'string' &&
    Array.isArray(b.sites) &&
    b.sites.every((s) => typeof s === 'string')
  );
};

/** A site key as siteKeyOf writes it: a lower-case host name or IP, at most 253 characters. */
const isSiteKey = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 253 && !/[\s/]/.test(v);
const isOverrides = (v: unknown) => {
  const o = v as Partial<SiteOverrides> | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const { never, fields } = o;
  if (!Array.isArray(never) || never.length > MAX_NEVER_SITES || !never.every(isSiteKey)) return false;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
  const sites = Object.entries(fields);
  return (
    sites.length <= MAX_MARKED_SITES &&
    sites.every(
      ([site, list]) =>
        isSiteKey(site) && Array.isArray(list) && list.length <= MAX_MARKS_PER_SITE && list.every(isFieldSignature),
    )
  );
};

const isListView = (v: unknown) => {
  const l = v as Partial<ListView> | null;
  return (
    typeof l === 'object' &&
    l !== null &&
    LIST_SORTS.includes(l.sort as ListSort) &&
    Array.isArray(l.collapsed) &&
    l.collapsed.length <= MAX_COLLAPSED_GROUPS &&
    // '' is the "No group" section; any other entry is a group name by the accounts' own rule.
    l.collapsed.every((g) => g === '' || isGroupName(g)) &&
    (l.filter === undefined || l.filter === '' || isGroupName(l.filter))
  );
};

/** What each setting may hold (docs/vault-format.md "Settings"). */
const VALID: { [K in keyof SettingsRecord]: (v: unknown) => boolean } = {
  autoLockMinutes: (v) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 1440,
  fillMode: (v) => v === 'click' || v === 'auto-single',
  submitAfterFill: isBool,
  clipboardClearSeconds: (v) => (CLIPBOARD_CLEAR_CHOICES as readonly unknown[]).includes(v),
  backupReminder: isBool,
  lastBackupAt: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  backupNoticeHiddenUntil: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  keySlotSites: (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v as object).every(isBinding),
  siteOverrides: isOverrides,
  listView: isListView,
};

/**
 * Settings as read: each value out of range is replaced by its default and named in `problems` (one
 * 'bad-setting' VaultError per setting, shown with the vault's other problems). A missing one is a default.
 */
export function validateSettings(raw: unknown): { settings: SettingsRecord; problems: VaultError[] } {
  const given = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: VaultError[] = [];
  for (const name of Object.keys(DEFAULT_SETTINGS) as (keyof SettingsRecord)[]) {
    if (!(name in given)) continue;
    if (VALID[name](given[name])) settings[name] = given[name];
    else
      problems.push(
        new VaultError('bad-setting', itext('integrity_bad_setting', name), { recordId: `settings/${name}` }),
      );
  }
  return { settings: settings as unknown as SettingsRecord, problems };
}

/** Settings about to be written: a value out of range is refused, naming the setting. */
export function checkSettingsToWrite(settings: SettingsRecord): SettingsRecord {
  for (const name of Object.keys(DEFAULT_SETTINGS) as (keyof SettingsRecord)[]) {
    if (!VALID[name](settings[name])) throw new VaultError('bad-setting', itext('integrity_setting_refused', name));
  }
  // Only the known settings are stored: nothing else rides along in the encrypted record.
  return Object.fromEntries(
    Object.keys(DEFAULT_SETTINGS).map((k) => [k, settings[k as keyof SettingsRecord]]),
  ) as unknown as SettingsRecord;
}
