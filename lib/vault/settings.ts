/** Non-secret preferences, stored in the clear (docs/vault-format.md "IndexedDB layout"). */
export interface Settings {
  /** Lock the vault after this many minutes without use. */
  autoLockMinutes: number;
  /** How the inline offer fills (autofill issue): on click, or by itself when exactly one account matches. */
  fillMode: 'click' | 'auto-single';
  /** Submit the form after filling (autofill issue). */
  submitAfterFill: boolean;
  /** Remind to back up when accounts were added since the last backup (backup issue). */
  backupReminder: boolean;
  /** Where backups are saved, as a folder relative to the browser's Downloads folder (backup issue). */
  backupFolder: string;
}

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  fillMode: 'click',
  submitAfterFill: false,
  backupReminder: true,
  backupFolder: 'Twofold backups',
};

const forbidden = (ch: string) => '\\:*?"<>|'.includes(ch) || ch.charCodeAt(0) < 0x20;

/**
 * A folder the downloads API accepts as a relative path: empty (Downloads itself) or names without
 * "..", a leading "/", or characters Windows forbids in file names.
 */
export function isBackupFolder(folder: string): boolean {
  if (folder.length > 200 || folder.startsWith('/')) return false;
  const parts = folder.split('/');
  return parts.every((part) =>
    part === '' ? parts.length === 1 : part !== '..' && part !== '.' && ![...part].some(forbidden),
  );
}
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240, 1440] as const;
