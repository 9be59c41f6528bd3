import { CARRIES_ALL } from '../../otp/carried';
import {
  aesGcmOpen,
  announceKdf,
  needPassword,
  parseJson,
  pbkdf2,
  sha256,
  strictUtf8,
  utf8,
  wrongPassword,
} from '../crypto';
import { collectEntries, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import {
  type Detection,
  ImportError,
  type ImportedEntry,
  type Importer,
  type KdfCost,
  type ReadOptions,
  type SniffedFile,
} from '../types';

/*
 * andOTP backups (docs/import-formats.md "andOTP"; andOTP BackupHelper.java, EncryptionHelper.java, Constants.java,
 * Entry.java; Aegis AndOtpImporter.java). Plain: a JSON array of entries. Encrypted (.json.aes), with no magic:
 *   new format: int32 BE iterations | salt 12 | iv 12 | AES-256-GCM ciphertext | tag 16,
 *               key = PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bit);
 *   old format: iv 12 | ciphertext | tag 16, key = SHA-256(password).
 * Nothing in the file says which, so reading tries the new format and then the old one.
 */

const ITERATIONS_BYTES = 4;
const SALT_BYTES = 12;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const NEW_HEADER = ITERATIONS_BYTES + SALT_BYTES + IV_BYTES;
/** andOTP picks 140 000–160 000; the range is wider to accept other builds but refuse random bytes. */
const MIN_ITERATIONS = 1_000;
/** Aegis refuses more (AndOtpImporter.getKeyDerivationParams): such a file is not andOTP's. */
const MAX_ITERATIONS = 10_000_000;
const WHAT = text('import_kind_andotp');

/** The iteration count of the new format's header, when it is one andOTP could have written. */
function headerIterations(bytes: Uint8Array): number | undefined {
  if (bytes.length < NEW_HEADER + TAG_BYTES) return undefined;
  const n = new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, false);
  return n >= MIN_ITERATIONS && n <= MAX_ITERATIONS ? n : undefined;
}

/**
 * andOTP names its encrypted backups *.json.aes; old builds wrote the old format under that name too. A file
 * renamed for what it is ("andotp_encrypted_old.bin", as Aegis keeps andOTP's old format among its importer test
 * resources) is taken at its word too: the old format has no header to recognise it by.
 */
const hasAesName = (file: SniffedFile) =>
  /\.json\.aes$/i.test(file.name) || (/andotp/i.test(file.name) && file.text === undefined);

function isPlainBackup(json: unknown): json is unknown[] {
  if (!Array.isArray(json) || json.length === 0) return false;
  const first = json[0];
  // Entry.toJSON always writes these; other apps' JSON arrays do not look like this.
  return isObject(first) && typeof first.secret === 'string' && typeof first.type === 'string' && 'label' in first;
}

async function openNewFormat(bytes: Uint8Array, iterations: number, password: string, options: ReadOptions) {
  const kdf: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations };
  announceKdf(kdf, options);
  const salt = bytes.subarray(ITERATIONS_BYTES, ITERATIONS_BYTES + SALT_BYTES);
  const iv = bytes.subarray(ITERATIONS_BYTES + SALT_BYTES, NEW_HEADER);
  const key = await pbkdf2('SHA-1', utf8(password), salt, iterations, 32);
  try {
    return await aesGcmOpen(key, iv, bytes.subarray(NEW_HEADER), WHAT);
  } finally {
    key.fill(0);
  }
}

async function openOldFormat(bytes: Uint8Array, password: string) {
  // EncryptionHelper's first scheme: one SHA-256 of the password, no salt (kept only to read old files).
  const key = sha256(utf8(password));
  try {
    return await aesGcmOpen(key, bytes.subarray(0, IV_BYTES), bytes.subarray(IV_BYTES), WHAT);
  } finally {
    key.fill(0);
  }
}

const isWrongPassword = (e: unknown) => e instanceof ImportError && e.code === 'wrong-password';

async function decrypt(bytes: Uint8Array, options: ReadOptions): Promise<unknown[]> {
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new ImportError('damaged', text('import_andotp_cut_short'));
  const password = needPassword(options, WHAT);
  const iterations = headerIterations(bytes);
  let plain: Uint8Array | undefined;
  if (iterations !== undefined) {
    try {
      plain = await openNewFormat(bytes, iterations, password, options);
    } catch (e) {
      if (!isWrongPassword(e)) throw e;
    }
  }
  if (plain === undefined) {
    try {
      plain = await openOldFormat(bytes, password);
    } catch (e) {
      if (!isWrongPassword(e)) throw e;
      throw wrongPassword(WHAT);
    }
  }
  options.onProgress?.({ stage: 'decrypting' });
  const json = parseJson(strictUtf8(plain, WHAT), WHAT);
  if (!Array.isArray(json)) throw new ImportError('damaged', text('import_andotp_decrypted_not_list'));
  return json;
}

/** Issuer and account: `issuer` + `label` now; old exports only have the label "Issuer - Account". */
function names(e: Record<string, unknown>): { issuer: unknown; account: unknown } {
  if ('issuer' in e) return { issuer: e.issuer, account: e.label };
  const label = typeof e.label === 'string' ? e.label : '';
  const dash = label.indexOf(' - ');
  return dash < 0 ? { issuer: '', account: label } : { issuer: label.slice(0, dash), account: label.slice(dash + 3) };
}

function convertEntry(e: unknown): ImportedEntry {
  if (!isObject(e)) throw invalid(text('import_entry_not_object'));
  if (typeof e.type !== 'string') throw invalid(text('import_entry_no_type'));
  const tags = Array.isArray(e.tags) ? e.tags.filter((t): t is string => typeof t === 'string') : [];
  return entryFrom({
    kind: e.type,
    secret: typeof e.secret === 'string' ? e.secret : '',
    ...names(e),
    algorithm: e.algorithm,
    digits: e.digits,
    period: e.period,
    counter: e.counter,
    notes: typeof e.note === 'string' ? e.note : undefined,
    groups: tags,
  });
}

export const andOtpImporter: Importer = {
  id: 'andotp',
  app: plain('andOTP'),
  carries: CARRIES_ALL, // andOTP types TOTP, HOTP, STEAM, with algorithm, digits, period, counter
  detect(file: SniffedFile): Detection | false {
    if (isPlainBackup(file.json)) return { encrypted: false, variant: text('import_variant_backup') };
    // An export of no accounts is just "[]": only its name (otp_accounts….json) tells it apart.
    if (Array.isArray(file.json) && file.json.length === 0 && /^otp_accounts.*\.json$/i.test(file.name))
      return { encrypted: false, variant: text('import_variant_backup') };
    if (file.json !== undefined) return false;
    const iterations = headerIterations(file.bytes);
    const kdf: KdfCost =
      iterations === undefined
        ? { algorithm: 'sha256', memoryBytes: 0, iterations: 1 }
        : { algorithm: 'pbkdf2', memoryBytes: 0, iterations };
    // Binary (not UTF-8) with a plausible header, or named like andOTP's encrypted backups.
    if (iterations !== undefined && file.text === undefined)
      return { encrypted: true, variant: text('import_variant_backup'), kdf };
    if (hasAesName(file) && file.bytes.length >= IV_BYTES + TAG_BYTES)
      return { encrypted: true, variant: text('import_variant_backup'), kdf };
    return false;
  },
  async read(file, detection, options) {
    let entries: unknown[];
    if (!detection.encrypted) {
      if (!Array.isArray(file.json)) throw new ImportError('damaged', text('import_andotp_not_list'));
      entries = file.json;
    } else entries = await decrypt(file.bytes, options);
    options.onProgress?.({ stage: 'reading-entries', count: entries.length });
    return collectEntries(
      entries,
      (e, i) => {
        if (!isObject(e)) return entryLabel(i);
        const n = names(e);
        return labelFor(n.issuer, n.account, i);
      },
      convertEntry,
    );
  },
};
