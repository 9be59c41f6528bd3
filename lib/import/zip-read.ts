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
  Uint8ArrayWriter,
  ZipReader,
} from '@zip.js/zip.js';
import type { Text } from '../i18n/text';
import {
  checkZipEntryCount,
  LimitError,
  ZIP_MAX_ENTRY_BYTES,
  ZIP_MAX_UNPACKED_BYTES,
  zipEntryTooLarge,
  zipUnpackedTooLarge,
} from '../limits';
import { asImportError, wrongPassword } from './crypto';
import { text, textOf } from './text';
import { ImportError, type KdfCost } from './types';
import { listZip } from './zip-directory';

/*
 * The one path by which importers read a ZIP (WinAuth / Authenticator Plus in formats/winauth.ts, and the members
 * zip-member.ts takes out of 1Password's .1pux, Proton Pass's ZIP and Raivo OTP's ZIP): zip.js without web workers
 * (the extension's pages and Node both inflate in place), the caps of lib/limits.ts on the directory and on the
 * inflated bytes, and a wrong password told apart from a damaged file.
 */

const ZIP_OPTIONS = { useWebWorkers: false, checkCrc32: true } as const;
/** WinZip AES (APPNOTE 7.2, AE-x): PBKDF2-HMAC-SHA1 with 1000 iterations. */
export const ZIP_AES_KDF: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 };
export const ZIP_CRYPTO_KDF: KdfCost = { algorithm: 'zipcrypto', memoryBytes: 0, iterations: 1 };

export const isZipFile = (entry: Entry): entry is FileEntry => !entry.directory;

/**
 * Counts the bytes as they are inflated and stops at the cap: a ZIP's declared sizes are the file's word, and a
 * bomb can declare 1 KiB and inflate to gigabytes. zip.js stops an entry at its declared size itself
 * (ERR_INVALID_UNCOMPRESSED_SIZE); this writer does not depend on that. `init` gets the declared size, which
 * Uint8ArrayWriter would allocate at once, so it is checked there too.
 */
export class CappedWriter extends Uint8ArrayWriter {
  #written = 0;
  constructor(
    private readonly name: string,
    /** Bytes all entries before this one inflated to. */
    private readonly before: number,
  ) {
    super();
  }
  #check(bytes: number): void {
    if (bytes > ZIP_MAX_ENTRY_BYTES) throw zipEntryTooLarge(this.name, ZIP_MAX_ENTRY_BYTES);
    if (this.before + bytes > ZIP_MAX_UNPACKED_BYTES) throw zipUnpackedTooLarge(ZIP_MAX_UNPACKED_BYTES);
  }
  override async init(size?: number): Promise<void> {
    this.#check(size ?? 0);
    await super.init?.(size);
  }
  override async writeUint8Array(array: Uint8Array): Promise<void> {
    this.#written += array.length;
    this.#check(this.#written);
    await super.writeUint8Array(array);
  }
}

/**
 * Calls `use` with the ZIP's entries and closes the reader afterwards. The end record's entry count is checked
 * before zip.js reads the directory at all, the directory's own count after; an unreadable directory is `damaged`.
 */
export async function withZipEntries<T>(bytes: Uint8Array, use: (entries: Entry[]) => Promise<T>): Promise<T> {
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
    return await use(entries);
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/**
 * One entry's bytes, inflated under the caps (`before`: what the entries read before it inflated to). `what` names
 * the kind of file in the wrong-password message.
 */
export async function inflateZipEntry(
  entry: FileEntry,
  password: string | undefined,
  before: number,
  what: Text,
): Promise<Uint8Array> {
  try {
    return await entry.getData(new CappedWriter(entry.filename, before), { ...ZIP_OPTIONS, password });
  } catch (e) {
    if (e instanceof LimitError) throw asImportError(e);
    const m = e instanceof Error ? e.message : String(e);
    if (m === ERR_UNSUPPORTED_ENCRYPTION || m === ERR_UNSUPPORTED_COMPRESSION)
      throw new ImportError('unsupported', text('import_zip_method', entry.filename, m));
    // ZipCrypto checks one byte of the password, so a wrong one slips through 1 time in 256 and then shows up as
    // bad deflate data or a CRC mismatch; WinZip AES checks two bytes and then the HMAC.
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

/** An entry's bytes as UTF-8 text; anything else is `damaged`. */
export function decodeZipText(entry: FileEntry, data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new ImportError('damaged', text('import_zip_not_utf8', entry.filename));
  }
}
