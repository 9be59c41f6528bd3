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
import {
  checkZipEntryCount,
  LimitError,
  ZIP_MAX_ENTRY_BYTES,
  ZIP_MAX_UNPACKED_BYTES,
  zipEntryTooLarge,
  zipUnpackedTooLarge,
} from '../../limits';
import { CARRIES_ALL } from '../../otp/carried';
import { announceKdf, asImportError, needPassword, wrongPassword } from '../crypto';
import { entryFromUri } from '../entry';
import { readUriLines } from '../otpauth-lines';
import { plain, text, textOf } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';
import { listZip, looksLikeZip } from '../zip-directory';

/*
 * WinAuth and Authenticator Plus ZIP exports (docs/import-formats.md "Other apps"; Stratum.Core
 * WinAuthBackupConverter.cs and AuthenticatorPlusBackupConverter.cs): a ZIP, usually password-protected with ZipCrypto,
 * holding a text file of otpauth URIs (WinAuth: winauth-YYYY-MM-DD.txt with an extra `icon=WinAuth` parameter;
 * Authenticator Plus: Accounts.txt). Any other ZIP is refused with a message saying what was expected. zip.js runs
 * without web workers: the extension's pages and Node both decompress in place.
 */

const WHAT = text('import_kind_winauth');
const ZIPCRYPTO_KDF: KdfCost = { algorithm: 'zipcrypto', memoryBytes: 0, iterations: 1 };
// WinZip AES (APPNOTE 7.2 / AE-x): PBKDF2-HMAC-SHA1 with 1000 iterations.
const AES_KDF: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 };
const ZIP_OPTIONS = { useWebWorkers: false, checkCrc32: true } as const;

const isTextName = (name: string): boolean => /\.txt$/i.test(name) && !/(^|\/)__MACOSX\//.test(name);
const isAuthenticatorPlus = (name: string): boolean => /(^|\/)accounts\.txt$/i.test(name);

function isFile(entry: Entry): entry is FileEntry {
  return !entry.directory;
}

/** The known export names first (winauth-*.txt, Accounts.txt), then any other .txt. */
function rank(name: string): number {
  return /(^|\/)winauth[^/]*\.txt$/i.test(name) || isAuthenticatorPlus(name) ? 0 : 1;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

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

async function readEntry(entry: FileEntry, password: string | undefined, before: number): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    data = await entry.getData(new CappedWriter(entry.filename, before), { ...ZIP_OPTIONS, password });
  } catch (e) {
    if (e instanceof LimitError) throw asImportError(e);
    const message = errorMessage(e);
    if (message === ERR_UNSUPPORTED_ENCRYPTION || message === ERR_UNSUPPORTED_COMPRESSION)
      throw new ImportError('unsupported', text('import_zip_method', entry.filename, message));
    // ZipCrypto checks one byte of the password, so a wrong one slips through 1 time in 256 and then
    // shows up as garbage: bad deflate data or a CRC mismatch.
    if (
      entry.encrypted &&
      (message === ERR_INVALID_PASSWORD ||
        message === ERR_INVALID_CRC32 ||
        message === ERR_INVALID_COMPRESSED_DATA ||
        message === ERR_INVALID_AUTHENTICATION_CODE)
    )
      throw wrongPassword(WHAT);
    throw new ImportError('damaged', text('import_zip_unreadable', entry.filename, textOf(e)), { cause: e });
  }
  return data;
}

function decodeEntry(entry: FileEntry, data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw new ImportError('damaged', text('import_zip_not_utf8', entry.filename));
  }
}

/** The caps on what the central directory declares, before anything is inflated (lib/limits.ts). */
function checkDeclared(all: readonly Entry[], texts: readonly FileEntry[]): void {
  checkZipEntryCount(all.length);
  let total = 0;
  for (const entry of texts) {
    if (entry.uncompressedSize > ZIP_MAX_ENTRY_BYTES) throw zipEntryTooLarge(entry.filename, ZIP_MAX_ENTRY_BYTES);
    total += entry.uncompressedSize;
    if (total > ZIP_MAX_UNPACKED_BYTES) throw zipUnpackedTooLarge(ZIP_MAX_UNPACKED_BYTES);
  }
}

async function readZip(bytes: Uint8Array, options: ReadOptions) {
  // The end record's count, before zip.js reads the directory at all.
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
    const texts = entries.filter(isFile).filter((e) => isTextName(e.filename));
    texts.sort((a, b) => rank(a.filename) - rank(b.filename));
    if (texts.length === 0) throw new ImportError('unsupported', text('import_zip_no_text'));
    try {
      checkDeclared(entries, texts);
    } catch (e) {
      throw asImportError(e);
    }
    let password: string | undefined;
    if (texts.some((e) => e.encrypted)) {
      password = needPassword(options, WHAT);
      announceKdf(texts.some((e) => e.zipCrypto === false && e.encrypted) ? AES_KDF : ZIPCRYPTO_KDF, options);
      options.onProgress?.({ stage: 'decrypting' });
    }
    const lists: string[] = [];
    let unpacked = 0;
    for (const entry of texts) {
      const data = await readEntry(entry, password, unpacked);
      unpacked += data.length;
      const text = decodeEntry(entry, data);
      if (/^\s*(otpauth|steam):\/\//im.test(text)) lists.push(text);
    }
    if (lists.length === 0) throw new ImportError('unsupported', text('import_zip_no_links'));
    return readUriLines(lists.join('\n'), (item) => entryFromUri(item.text));
  } finally {
    await reader.close().catch(() => undefined);
  }
}

export const winauthImporter: Importer = {
  id: 'winauth',
  app: plain('WinAuth'),
  carries: CARRIES_ALL, // otpauth:// lines
  detect(file: SniffedFile): Detection | false {
    if (!looksLikeZip(file.bytes)) return false;
    const listing = listZip(file.bytes) ?? [];
    const encrypted = listing.some((e) => e.encrypted);
    const detection: Detection = { encrypted, variant: plain('ZIP') };
    if (listing.some((e) => isAuthenticatorPlus(e.name))) detection.variant = plain('ZIP (Authenticator Plus)');
    if (encrypted) detection.kdf = listing.some((e) => e.encrypted && e.aes) ? AES_KDF : ZIPCRYPTO_KDF;
    return detection;
  },
  read(file, _detection, options) {
    return readZip(file.bytes, options);
  },
};
