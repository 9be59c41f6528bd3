import type { Text } from '../i18n/text';
import { ZIP_MAX_ENTRY_BYTES, zipEntryTooLarge } from '../limits';
import { announceKdf, asImportError, needPassword } from './crypto';
import type { ReadOptions } from './types';
import { decodeZipText, inflateZipEntry, isZipFile, withZipEntries, ZIP_AES_KDF, ZIP_CRYPTO_KDF } from './zip-read';

/*
 * One named file out of a ZIP export (1Password's .1pux, Proton Pass's ZIP, Raivo OTP's password ZIP), read on the
 * ZIP path of zip-read.ts that formats/winauth.ts uses too: a password is asked for only when the member is
 * encrypted.
 */

export { ZIP_AES_KDF, ZIP_CRYPTO_KDF };

export interface ZipMember {
  name: string;
  text: string;
}

/**
 * The first member `wanted` accepts, as UTF-8 text; undefined when the ZIP has none. Throws ImportError for a damaged
 * ZIP, a cap, a missing or wrong password (`what` names the kind of file in those messages).
 */
export function readZipMember(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  options: ReadOptions,
  what: Text,
): Promise<ZipMember | undefined> {
  return withZipEntries(bytes, async (entries) => {
    const entry = entries.filter(isZipFile).find((e) => wanted(e.filename));
    if (!entry) return undefined;
    if (entry.uncompressedSize > ZIP_MAX_ENTRY_BYTES)
      throw asImportError(zipEntryTooLarge(entry.filename, ZIP_MAX_ENTRY_BYTES));
    let password: string | undefined;
    if (entry.encrypted) {
      password = needPassword(options, what);
      announceKdf(entry.zipCrypto ? ZIP_CRYPTO_KDF : ZIP_AES_KDF, options);
      options.onProgress?.({ stage: 'decrypting' });
    }
    const data = await inflateZipEntry(entry, password, 0, what);
    return { name: entry.filename, text: decodeZipText(entry, data) };
  });
}
