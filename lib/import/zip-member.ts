import {
  type Entry,
  ERR_INVALID_AUTHENTICATION_CODE,
  ERR_INVALID_COMPRESSED_DATA,
  ERR_INVALID_CRC32,
  ERR_INVALID_PASSWORD,
  ERR_UNSUPPORTED_COMPRESSION,
  ERR_UNSUPPORTED_ENCRYPTION,
  type FileEntry,
  Uint8ArrayReader,
  ZipReader,
} from '@zip.js/zip.js';
import type { Text } from '../i18n/text';
import { checkZipEntryCount, LimitError, ZIP_MAX_ENTRY_BYTES, zipEntryTooLarge } from '../limits';
import { announceKdf, asImportError, needPassword, wrongPassword } from './crypto';
import { CappedWriter } from './formats/winauth';
import { text, textOf } from './text';
import { ImportError, type KdfCost, type ReadOptions } from './types';
import { listZip } from './zip-directory';

/*
 * One named file out of a ZIP export (1Password's .1pux, Proton Pass's ZIP, Raivo OTP's password ZIP), read with
 * zip.js the way lib/import/formats/winauth.ts reads its ZIPs: the caps of lib/limits.ts on the directory and on
 * the inflated bytes, a password asked for only when the member is encrypted, and a wrong password told apart
 * from a damaged file. Runs without web workers, in the extension's pages and in Node alike.
 */

const ZIP_OPTIONS = { useWebWorkers: false, checkCrc32: true } as const;
/** WinZip AES (APPNOTE 7.2, AE-x): PBKDF2-HMAC-SHA1 with 1000 iterations. */
export const ZIP_AES_KDF: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 };
export const ZIP_CRYPTO_KDF: KdfCost = { algorithm: 'zipcrypto', memoryBytes: 0, iterations: 1 };

export interface ZipMember {
  name: string;
  text: string;
}

const isFile = (entry: Entry): entry is FileEntry => !entry.directory;
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function inflate(entry: FileEntry, password: string | undefined, what: Text): Promise<Uint8Array> {
  try {
    return await entry.getData(new CappedWriter(entry.filename, 0), { ...ZIP_OPTIONS, password });
  } catch (e) {
    if (e instanceof LimitError) throw asImportError(e);
    const m = message(e);
    if (m === ERR_UNSUPPORTED_ENCRYPTION || m === ERR_UNSUPPORTED_COMPRESSION)
      throw new ImportError('unsupported', text('import_zip_method', entry.filename, m));
    // ZipCrypto checks one byte of the password, so a wrong one can pass that check and show up as bad deflate
    // data or a CRC mismatch; WinZip AES checks two bytes and then the HMAC.
    if (
      entry.encrypted &&
      (m === ERR_INVALID_PASSWORD ||
        m === ERR_INVALID_CRC32 ||
        m === ERR_INVALID_COMPRESSED_DATA ||
        m === ERR_INVALID_AUTHENTICATION_CODE)
    )
      throw wrongPassword(what);
    throw new ImportError('damaged', text('import_zip_unreadable', entry.filename, textOf(e)), { cause: e });
  }
}

/**
 * The first member `wanted` accepts, as UTF-8 text; undefined when the ZIP has none. Throws ImportError for a damaged
 * ZIP, a cap, a missing or wrong password (`what` names the kind of file in those messages).
 */
export async function readZipMember(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  options: ReadOptions,
  what: Text,
): Promise<ZipMember | undefined> {
  try {
    checkZipEntryCount(listZip(bytes)?.length ?? 0);
  } catch (e) {
    throw asImportError(e);
  }
  const reader = new ZipReader(new Uint8ArrayReader(bytes), ZIP_OPTIONS);
  try {
    let entries: Entry[];
    try {
      entries = await reader.getEntries();
    } catch (e) {
      throw new ImportError('damaged', text('import_zip_damaged', textOf(e)), { cause: e });
    }
    try {
      checkZipEntryCount(entries.length);
    } catch (e) {
      throw asImportError(e);
    }
    const entry = entries.filter(isFile).find((e) => wanted(e.filename));
    if (!entry) return undefined;
    if (entry.uncompressedSize > ZIP_MAX_ENTRY_BYTES)
      throw asImportError(zipEntryTooLarge(entry.filename, ZIP_MAX_ENTRY_BYTES));
    let password: string | undefined;
    if (entry.encrypted) {
      password = needPassword(options, what);
      announceKdf(entry.zipCrypto ? ZIP_CRYPTO_KDF : ZIP_AES_KDF, options);
      options.onProgress?.({ stage: 'decrypting' });
    }
    const data = await inflate(entry, password, what);
    try {
      return { name: entry.filename, text: new TextDecoder('utf-8', { fatal: true }).decode(data) };
    } catch {
      throw new ImportError('damaged', text('import_zip_not_utf8', entry.filename));
    }
  } finally {
    await reader.close().catch(() => undefined);
  }
}
