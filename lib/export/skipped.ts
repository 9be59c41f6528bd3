import type { Text } from '../i18n/text';
import type { Account } from '../vault/account-data';

/** An account a format cannot hold: left out of the file and listed with why (never dropped silently). */
export interface ExportSkip {
  account: Account;
  reason: Text;
}

/** A file another app reads, and the accounts it could not take. */
export interface ExportFile {
  text: string;
  skipped: ExportSkip[];
}
