import en from '../../locales/en/syncround.json';
import { encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import { SyncError } from './errors';
import type { FolderFile } from './ports';

const text = textsOf(en);

/*
 * STAND-INS for the file-format part of issue 20 (lib/sync/device-file.ts, folder-file.ts, sync-slot.ts), which is
 * built in parallel: the same signatures and behaviour as the contract gives them, so the round and the join can be
 * written and tested now. At merge this file becomes re-exports of those modules (or its importers import them
 * directly) and its bodies go.
 */

export const MAX_DEVICE_FILES = 64;
export const FOLDER_FILE = 'sync.json';

const NAME_RE = /^([a-z2-7]{26})\.([ab])\.tfsync$/;

/** `<device>.a.tfsync` (docs/sync-format.md "WebDAV"). */
export function deviceFileName(device: string, slot: 'a' | 'b'): string {
  return `${device}.${slot}.tfsync`;
}

/** The device and slot a file name gives; `undefined` when the name is not a device file's (a name, not a failure). */
export function parseDeviceFileName(name: string): { device: string; slot: 'a' | 'b' } | undefined {
  const m = NAME_RE.exec(name);
  return m ? { device: m[1] as string, slot: m[2] as 'a' | 'b' } : undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function makeFolderFile(f: FolderFile): Uint8Array {
  return encoder.encode(
    JSON.stringify({ format: 'twofold-sync', version: f.version, syncId: f.syncId, created: f.created }),
  );
}

export function parseFolderFile(bytes: Uint8Array): FolderFile {
  const damaged = () => new SyncError('malformed-file', text('syncround_folder_damaged'));
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
  } catch (cause) {
    throw new SyncError('malformed-file', text('syncround_folder_damaged'), {}, { cause });
  }
  if (typeof v !== 'object' || v === null || v.format !== 'twofold-sync') throw damaged();
  if (!Number.isSafeInteger(v.version) || (v.version as number) < 1) throw damaged();
  if ((v.version as number) > 1) throw new SyncError('newer-version', text('syncround_folder_newer'));
  if (typeof v.syncId !== 'string' || v.syncId === '' || !Number.isSafeInteger(v.created)) throw damaged();
  return { version: v.version as number, syncId: v.syncId, created: v.created as number };
}

/** 32 random bytes. */
export function newSyncKey(random: (n: number) => Uint8Array): Uint8Array {
  return random(32);
}

/** 26 characters of lower-case base32 of 16 random bytes. */
export function newDeviceId(random: (n: number) => Uint8Array): string {
  return encodeBase32(random(16)).toLowerCase().slice(0, 26);
}
