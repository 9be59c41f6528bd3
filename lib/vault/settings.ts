import type { KeySlotBinding } from '../hid/slot-label';

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
  /** When the last backup was written (Unix ms), 0 for never; set by the background, not by the settings form. */
  lastBackupAt: number;
  /**
   * Sites of hardware-key slots, by "<key id>/<slot id>" (issue 7; set by the background). Kept with the
   * settings, in the clear like them: slot names are readable from the key without a PIN anyway.
   */
  keySlotSites: Record<string, KeySlotBinding>;
}

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  fillMode: 'click',
  submitAfterFill: false,
  backupReminder: true,
  lastBackupAt: 0,
  keySlotSites: {},
};

export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240, 1440] as const;
