import type { BackupReminder } from '../../backup/reminder';
import type { NewerKey, RestoreStatus } from '../../backup/restore';
import type { SheetEntry } from '../../export/sheet';
import type { Sub, Text } from '../../i18n/text';
import type { CodesSideBySide } from '../../otp/carried';
import { type Ok, request } from '../define';
import { accountIds, id, password } from '../fields';
import { arrayOf, int, obj, oneOf, optional, str } from '../schema';

/** A backup file's text; 64 M characters is far above any vault. */
const backupText = str(64_000_000, 1);
/** A backup's derived key, base64 of 32 bytes: the options page derives it (docs/backup-format.md). */
const backupKey = str(44, 44);

/**
 * A restore preview as a page sees it: names and differences, never secrets. Names are `accountName`s: a Text
 * ("Unnamed account") for an account with neither issuer nor account name, rendered by the page.
 */
export interface RestorePreviewView {
  /** When the backup was written (Unix ms). */
  created: number;
  accounts: number;
  items: {
    index: number;
    name: Sub;
    status: RestoreStatus;
    differences: Text[];
    existing?: Sub;
    /** A conflict whose taking would change the codes: both current codes (lib/backup/restore.ts). */
    codes?: CodesSideBySide;
    /** A re-enrolled account: the copy with the newer key, which a merge keeps by default (lib/backup/restore.ts). */
    newer?: NewerKey;
  }[];
  /** Vault accounts the backup lacks: kept by merge, deleted by replace. */
  onlyInVault: Sub[];
  onlyInVaultIds: string[];
}

/*
 * Backups, restores and exports (docs/backup-format.md, docs/import-export.md). Every request that hands secrets to
 * a page carries the master password typed again (`masterPassword`): an open popup alone must not be enough to take
 * every secret away (docs/architecture.md "Threat model", attack 12).
 */
export const backupRequests = {
  'backup-create': request<{ text: string; fileName: string; accounts: number; created: number }>()({
    from: ['extension-page'],
    doc: 'writes an encrypted backup of the whole vault; the page saves the text as a file',
    payload: obj({ password, masterPassword: password }),
  }),
  'backup-saved': request<Ok>()({
    from: ['extension-page'],
    doc: 'the page saved the backup file (its `created` time): the backup reminder counts from then',
    payload: obj({ created: int(0, 1e15) }),
  }),
  'backup-notice-hide': request<Ok>()({
    from: ['extension-page'],
    doc: 'the popup’s backup notice was dismissed: it stays away for a while (it still shows in the options page)',
    payload: obj({}),
  }),
  'backup-status': request<BackupReminder>()({
    from: ['extension-page'],
    doc: 'whether a backup is due (accounts added since the last one)',
    payload: obj({}),
  }),
  'restore-preview': request<RestorePreviewView>()({
    from: ['extension-page'],
    doc: 'opens a backup with the key the options page derived in its worker (never derived here, `docs/backup-format.md`) and compares it with the vault; nothing is changed',
    payload: obj({ text: backupText, key: backupKey }),
  }),
  'restore-apply': request<{ added: number; updated: number; removed: number }>()({
    from: ['extension-page'],
    doc: 'applies a restore in one transaction: merge (taking the listed conflicts’ backup versions) or replace (stateless: the file and key are sent again)',
    payload: obj({
      text: backupText,
      key: backupKey,
      mode: oneOf('merge', 'replace'),
      take: arrayOf(int(0, 1_000_000), 100_000),
      /** Replace: the ids the preview said would be deleted; anything else refuses the restore. */
      expectRemoved: arrayOf(id, 100_000),
    }),
  }),
  'export-file': request<{ text: string; fileName: string; type: string; skipped: { name: Sub; reason: Text }[] }>()({
    from: ['extension-page'],
    doc: 'accounts as a file another app reads: Aegis (encrypted or plain), 2FAS, Bitwarden JSON or an otpauth URI list; `skipped` lists the accounts the format cannot hold',
    payload: obj({
      format: oneOf('aegis-encrypted', 'aegis-plain', 'twofas', 'bitwarden', 'uri-list'),
      ids: accountIds,
      password: optional(password),
      masterPassword: password,
    }),
  }),
  'export-migration': request<{ uris: string[]; skipped: { name: Sub; reason: Text }[] }>()({
    from: ['extension-page'],
    doc: 'accounts as Google Authenticator transfer QR codes (10 per code, numbered as one batch)',
    payload: obj({ ids: accountIds, masterPassword: password }),
  }),
  'export-sheet': request<{ entries: SheetEntry[] }>()({
    from: ['extension-page'],
    doc: 'what the printable recovery sheet (or one account’s QR code) shows',
    payload: obj({ ids: accountIds, masterPassword: password }),
  }),
} as const;
