import en from '../../locales/en/options.json';
import { type Text, textsOf } from '../i18n/text';
import type { Account } from '../vault/account-data';

const text = textsOf(en);

/** Whether to remind the user to back up (a setting: docs/vault-format.md "Settings"), and why. */
export interface BackupReminder {
  due: boolean;
  /** Accounts added since the last backup (all of them when there was none). */
  added: number;
  /** Accounts changed (renamed, new sites or recovery codes…) since the last backup, not counting added ones. */
  changed: number;
  /** Unix ms of the last backup, or undefined for never. */
  lastBackupAt: number | undefined;
  /** "2 accounts added since your last backup." */
  message: Text;
  /**
   * The popup's notice was dismissed until then (Unix ms). Only the popup's notice waits (MainScreen):
   * `due` stays as computed, so the options page still says a backup is due.
   */
  hiddenUntil?: number;
}

/** How long "dismiss" keeps the popup's backup notice away (docs/backup-format.md "Reminder"). */
export const NOTICE_HIDDEN_DAYS = 7;
export const NOTICE_HIDDEN_MS = NOTICE_HIDDEN_DAYS * 24 * 60 * 60 * 1000;

/** The reminder while the popup's notice is dismissed (until `hiddenUntil`, Unix ms): told, the rest unchanged. */
export function withNoticeHidden(reminder: BackupReminder, hiddenUntil: number, now: number): BackupReminder {
  return now < hiddenUntil ? { ...reminder, hiddenUntil } : reminder;
}

/**
 * A backup is due when accounts were added since the last one (a changed account alone is not worth
 * nagging about: its key is already backed up). Time is a parameter-free comparison of stored times.
 */
export function backupReminder(
  accounts: readonly Account[],
  lastBackupAt: number | undefined,
  enabled: boolean,
): BackupReminder {
  const since = lastBackupAt ?? Number.NEGATIVE_INFINITY;
  const added = accounts.filter((a) => a.createdAt > since).length;
  const changed = accounts.filter((a) => a.createdAt <= since && a.updatedAt > since).length;
  const message =
    added === 0
      ? text('options_reminder_all_backed_up')
      : lastBackupAt === undefined
        ? text.counted('options_reminder_never', added)
        : text.counted('options_reminder_added', added);
  return { due: enabled && added > 0, added, changed, lastBackupAt, message };
}

/** "twofold-backup-2026-11-22.json", in UTC so the name does not depend on the machine's zone. */
export function backupFileName(nowMs: number): string {
  return `twofold-backup-${new Date(nowMs).toISOString().slice(0, 10)}.json`;
}
