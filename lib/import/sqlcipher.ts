import { cbc } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha512 } from '@noble/hashes/sha2.js';
import enPlusDb from '../../locales/en/importplusdb.json';
import { type Text, textsOf } from '../i18n/text';
import { checkFileSize } from '../limits';
import { announceKdf, asImportError, pbkdf2, utf8, wrongPassword } from './crypto';
import { ImportError, type ReadOptions } from './types';

/*
 * SQLCipher databases (Authenticator Plus's authplus.db; Stratum's database once a password is set) opened with the
 * person's password into a plain SQLite image that sql.js then reads (lib/import/sqlite.ts). The format is SQLCipher's
 * own, as its design page and source describe it (https://www.zetetic.net/sqlcipher/design/; zetetic/sqlcipher
 * src/crypto_impl.c, sqlcipher_page_cipher and sqlcipher_codec_key_derive): the first 16 bytes of the file are the
 * salt; the key is PBKDF2(password, salt); every page is AES-256-CBC, its IV and HMAC kept in the page's reserved
 * space (IV, then HMAC; the reserve rounded up to the AES block); the HMAC key is PBKDF2(key, salt XOR 0x3a, 2
 * iterations), and the HMAC covers the page's ciphertext, its IV and the page number as a little-endian uint32.
 * Page 1's first 16 bytes hold the salt instead of "SQLite format 3\0", which the plain image gets back.
 * Default settings per major version (https://www.zetetic.net/sqlcipher/sqlcipher-api/#cipher_compatibility):
 * 4: 4096-byte pages, PBKDF2-HMAC-SHA512 256 000, HMAC-SHA512; 3: 1024, PBKDF2-HMAC-SHA1 64 000, HMAC-SHA1;
 * 2: as 3 with 4000 iterations. Version 1 had no HMAC, so a wrong password could not be told from a damaged file:
 * not read. Settings changed by the app (another page size, iteration count) are not guessed.
 */

/** Messages of this part (locales/<lang>/importplusdb.json). */
export const plusDbText = textsOf(enPlusDb);

export interface SqlCipherSettings {
  version: 2 | 3 | 4;
  pageSize: number;
  iterations: number;
  hash: 'SHA-1' | 'SHA-512';
}

/** Newest first, as SQLCipher's own migration tries them (PRAGMA cipher_migrate). */
export const SQLCIPHER_SETTINGS: readonly SqlCipherSettings[] = [
  { version: 4, pageSize: 4096, iterations: 256_000, hash: 'SHA-512' },
  { version: 3, pageSize: 1024, iterations: 64_000, hash: 'SHA-1' },
  { version: 2, pageSize: 1024, iterations: 4_000, hash: 'SHA-1' },
];

const SALT_BYTES = 16;
const IV_BYTES = 16;
const KEY_BYTES = 32;
const AES_BLOCK = 16;
const HMAC_SALT_MASK = 0x3a;
const MAGIC = 'SQLite format 3\0';

const hmacBytes = (s: SqlCipherSettings) => (s.hash === 'SHA-1' ? 20 : 64);
/** The reserved space: IV and HMAC rounded up to the AES block (crypto_impl.c, sqlcipher_codec_ctx_reserve_setup). */
export const reserveOf = (s: SqlCipherSettings) => Math.ceil((IV_BYTES + hmacBytes(s)) / AES_BLOCK) * AES_BLOCK;

/** Whether the bytes can be a SQLCipher file with these settings: whole pages, at least one. */
function fits(bytes: Uint8Array, s: SqlCipherSettings): boolean {
  return bytes.length >= s.pageSize && bytes.length % s.pageSize === 0;
}

/** Whether some known settings could have written the file (its size a whole number of their pages). */
export function mayBeSqlCipher(bytes: Uint8Array): boolean {
  return SQLCIPHER_SETTINGS.some((s) => fits(bytes, s));
}

function pageMac(s: SqlCipherSettings, hmacKey: Uint8Array, page: Uint8Array, start: number, pgno: number) {
  const mac = hmac.create(s.hash === 'SHA-1' ? sha1 : sha512, hmacKey);
  const end = s.pageSize - reserveOf(s) + IV_BYTES;
  mac.update(page.subarray(start, end));
  mac.update(new Uint8Array([pgno & 0xff, (pgno >>> 8) & 0xff, (pgno >>> 16) & 0xff, pgno >>> 24]));
  return mac.digest();
}

function macMatches(s: SqlCipherSettings, hmacKey: Uint8Array, page: Uint8Array, start: number, pgno: number) {
  const want = pageMac(s, hmacKey, page, start, pgno);
  const at = s.pageSize - reserveOf(s) + IV_BYTES;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= (want[i] as number) ^ (page[at + i] as number);
  return diff === 0;
}

async function keys(s: SqlCipherSettings, password: string, salt: Uint8Array, options: ReadOptions) {
  announceKdf({ algorithm: 'pbkdf2', memoryBytes: 0, iterations: s.iterations }, options);
  const key = await pbkdf2(s.hash, utf8(password), salt, s.iterations, KEY_BYTES);
  const macSalt = salt.map((b) => b ^ HMAC_SALT_MASK);
  const hmacKey = await pbkdf2(s.hash, key, macSalt, 2, KEY_BYTES);
  return { key, hmacKey };
}

function decryptPages(bytes: Uint8Array, s: SqlCipherSettings, key: Uint8Array, hmacKey: Uint8Array, what: Text) {
  const out = new Uint8Array(bytes.length);
  const reserve = reserveOf(s);
  const dataEnd = s.pageSize - reserve;
  for (let offset = 0, pgno = 1; offset < bytes.length; offset += s.pageSize, pgno++) {
    const page = bytes.subarray(offset, offset + s.pageSize);
    const start = pgno === 1 ? SALT_BYTES : 0;
    // Page 1 was checked before; any later page that fails is damage, not a wrong password (its key opened page 1).
    if (!macMatches(s, hmacKey, page, start, pgno))
      throw new ImportError('damaged', plusDbText('importplusdb_page_damaged', what, pgno));
    const iv = page.subarray(dataEnd, dataEnd + IV_BYTES);
    const plainPage = cbc(key, iv, { disablePadding: true }).decrypt(page.subarray(start, dataEnd));
    out.set(plainPage, offset + start);
    // The reserved space is the codec's, never read by SQLite: left as SQLCipher leaves it in a plain export.
  }
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  return out;
}

/**
 * The plain SQLite image of a SQLCipher database, with the settings that opened it. Throws {@link ImportError}:
 * `wrong-password` when no known settings authenticate page 1, `damaged` when a later page fails its HMAC, a cap's
 * code when the file is too large (checked before any key is derived).
 */
export async function openSqlCipher(
  bytes: Uint8Array,
  password: string,
  what: Text,
  options: ReadOptions,
  /** The settings to try, in order (the known defaults unless a caller knows better). */
  settings: readonly SqlCipherSettings[] = SQLCIPHER_SETTINGS,
): Promise<{ image: Uint8Array; settings: SqlCipherSettings }> {
  try {
    checkFileSize(bytes.length);
  } catch (e) {
    throw asImportError(e);
  }
  const candidates = settings.filter((s) => fits(bytes, s));
  if (candidates.length === 0) throw new ImportError('damaged', plusDbText('importplusdb_not_pages', what));
  const salt = bytes.slice(0, SALT_BYTES);
  for (const s of candidates) {
    const { key, hmacKey } = await keys(s, password, salt, options);
    if (!macMatches(s, hmacKey, bytes.subarray(0, s.pageSize), SALT_BYTES, 1)) continue;
    options.onProgress?.({ stage: 'decrypting' });
    return { image: decryptPages(bytes, s, key, hmacKey, what), settings: s };
  }
  throw wrongPassword(what);
}
