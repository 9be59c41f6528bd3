import type { HandlersFor } from '../../../lib/messaging/define';
import type { backupRequests } from '../../../lib/messaging/requests/backup';
import type { Backups } from '../backup';
import type { Exports } from '../exports';

/** Backups, restores and exports: entrypoints/background/backup.ts and exports.ts do the work. */
export function backupHandlers(backups: Backups, exports: Exports): HandlersFor<typeof backupRequests> {
  return {
    'backup-create': (req) => backups.create(req),
    'backup-saved': (req) => backups.saved(req),
    'backup-status': () => backups.status(),
    'backup-notice-hide': () => backups.hideNotice(),
    'restore-preview': (req) => backups.preview(req),
    'restore-apply': (req) => backups.apply(req),
    'export-file': (req) => exports.file(req),
    'export-migration': (req) => exports.migration(req),
    'export-sheet': (req) => exports.sheet(req),
  };
}
