import type { FileEntry } from '@zip.js/zip.js';
import { ZIP_MAX_ENTRY_BYTES, ZIP_MAX_UNPACKED_BYTES, zipEntryTooLarge, zipUnpackedTooLarge } from '../../limits';
import { CARRIES_ALL } from '../../otp/carried';
import { announceKdf, asImportError, needPassword } from '../crypto';
import { entryFromUri } from '../entry';
import { readUriLines } from '../otpauth-lines';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type ReadOptions, type SniffedFile } from '../types';
import { listZip, looksLikeZip } from '../zip-directory';
import {
  decodeZipText,
  inflateZipEntry,
  isZipFile,
  withZipEntries,
  ZIP_AES_KDF as AES_KDF,
  ZIP_CRYPTO_KDF as ZIPCRYPTO_KDF,
} from '../zip-read';

/*
 * WinAuth and Authenticator Plus ZIP exports (docs/import-formats.md "Other apps"; Stratum.Core
 * WinAuthBackupConverter.cs and AuthenticatorPlusBackupConverter.cs): a ZIP, usually password-protected with ZipCrypto,
 * holding a text file of otpauth URIs (WinAuth: winauth-YYYY-MM-DD.txt with an extra `icon=WinAuth` parameter;
 * Authenticator Plus: Accounts.txt). Any other ZIP is refused with a message saying what was expected. The ZIP is read
 * on the one path of lib/import/zip-read.ts (caps, wrong password told apart from damage).
 */

const WHAT = text('import_kind_winauth');
const isTextName = (name: string): boolean => /\.txt$/i.test(name) && !/(^|\/)__MACOSX\//.test(name);
const isAuthenticatorPlus = (name: string): boolean => /(^|\/)accounts\.txt$/i.test(name);

/** The known export names first (winauth-*.txt, Accounts.txt), then any other .txt. */
function rank(name: string): number {
  return /(^|\/)winauth[^/]*\.txt$/i.test(name) || isAuthenticatorPlus(name) ? 0 : 1;
}

/**
 * The caps on the sizes the central directory declares, before anything is inflated (lib/limits.ts); the entry count
 * is checked by withZipEntries.
 */
function checkDeclared(texts: readonly FileEntry[]): void {
  let total = 0;
  for (const entry of texts) {
    if (entry.uncompressedSize > ZIP_MAX_ENTRY_BYTES) throw zipEntryTooLarge(entry.filename, ZIP_MAX_ENTRY_BYTES);
    total += entry.uncompressedSize;
    if (total > ZIP_MAX_UNPACKED_BYTES) throw zipUnpackedTooLarge(ZIP_MAX_UNPACKED_BYTES);
  }
}

function readZip(bytes: Uint8Array, options: ReadOptions) {
  return withZipEntries(bytes, async (entries) => {
    const texts = entries.filter(isZipFile).filter((e) => isTextName(e.filename));
    texts.sort((a, b) => rank(a.filename) - rank(b.filename));
    if (texts.length === 0) throw new ImportError('unsupported', text('import_zip_no_text'));
    try {
      checkDeclared(texts);
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
      const data = await inflateZipEntry(entry, password, unpacked, WHAT);
      unpacked += data.length;
      const text = decodeZipText(entry, data);
      if (/^\s*(otpauth|steam):\/\//im.test(text)) lists.push(text);
    }
    if (lists.length === 0) throw new ImportError('unsupported', text('import_zip_no_links'));
    return readUriLines(lists.join('\n'), (item) => entryFromUri(item.text));
  });
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
