import en from '../../locales/en/syncfile.json';
import { textsOf } from '../i18n/text';
import { SyncError } from './errors';
import type { FolderFile } from './ports';

/*
 * `sync.json`, the folder's write-once marker (docs/sync-format.md "WebDAV"): clear JSON naming the format, its
 * version and the sync group. Readers ignore unknown fields; a version above this one means a newer Twofold changed
 * the folder's layout, and this device then writes nothing there.
 */

const text = textsOf(en);
const encoder = new TextEncoder();

export const FOLDER_FILE = 'sync.json';
const FOLDER_FORMAT = 'twofold-sync';
/** The folder layout this Twofold writes and reads. */
export const FOLDER_VERSION = 1;
/** Far above the ~100 bytes Twofold writes: a bigger file is not read at all. */
const MAX_FOLDER_FILE_BYTES = 64 * 1024;
/** A sync group's id: a UUID where Twofold makes it; any short id of letters, digits and dashes is read. */
export const SYNC_ID = /^[A-Za-z0-9-]{1,64}$/;

export function makeFolderFile(f: FolderFile): Uint8Array {
  const file = { format: FOLDER_FORMAT, version: f.version, syncId: f.syncId, created: f.created };
  const bytes = encoder.encode(`${JSON.stringify(file, null, 2)}\n`);
  // What this device writes, every device must read.
  parseFolderFile(bytes);
  return bytes;
}

/** The folder file's fields: 'malformed-file', 'too-large' or 'newer-version' (nothing else of it read). */
export function parseFolderFile(bytes: Uint8Array): FolderFile {
  if (bytes.length > MAX_FOLDER_FILE_BYTES)
    throw new SyncError('too-large', text('syncfile_folder_too_large', Math.ceil(bytes.length / 1024)));
  let f: unknown;
  try {
    f = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new SyncError('malformed-file', text('syncfile_folder_not_sync'), {}, { cause });
  }
  if (typeof f !== 'object' || f === null || Array.isArray(f) || (f as { format?: unknown }).format !== FOLDER_FORMAT)
    throw new SyncError('malformed-file', text('syncfile_folder_not_sync'));
  const { version, syncId, created } = f as Record<string, unknown>;
  const field = (what: string) => new SyncError('malformed-file', text('syncfile_folder_field', what));
  if (!Number.isSafeInteger(version) || (version as number) < 1) throw field('version');
  if ((version as number) > FOLDER_VERSION)
    throw new SyncError('newer-version', text('syncfile_folder_newer', version as number));
  if (typeof syncId !== 'string' || !SYNC_ID.test(syncId)) throw field('syncId');
  if (!Number.isSafeInteger(created) || (created as number) < 0) throw field('created');
  return { version: version as number, syncId, created: created as number };
}
