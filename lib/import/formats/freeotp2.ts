import type { Text } from '../../i18n/text';
import { aesGcmOpen, announceKdf, needPassword, parseJson, pbkdf2, utf8 } from '../crypto';
import { collectEntries, EntryError, invalid, isObject } from '../entry';
import { looksLikeJavaHashMap, readJavaHashMap } from '../java-serialization';
import { plain, text, textOf } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';
import { signedBytes, tokenEntry, tokenLabel } from './freeotp-token';

/*
 * FreeOTP 2.x backup (docs/import-formats.md "FreeOTP"; freeotp-android TokenPersistence.java,
 * encryptor/MasterKey.java, encryptor/EncryptedKey.java): a Java-serialized HashMap<String,String> of the app's
 * "tokenBackup" preferences:
 *   masterKey      {mAlgorithm, mIterations, mSalt:[signed bytes], mEncryptedKey:EncryptedKey}
 *   <uuid>         {"key": "<EncryptedKey as JSON text>"}  (the token's HMAC secret)
 *   <uuid>-token   token JSON without its secret (algo/digits/period may be absent: SHA1/6/30)
 * EncryptedKey = {mCipher "AES/GCM/NoPadding", mCipherText (ciphertext ‖ 16-byte tag), mParameters
 * (DER GCMParameters), mToken (the key's algorithm name, also the GCM additional data)}.
 * KEK = PBKDF2(password, mSalt, mIterations, mSalt.length bytes); KEK opens the master key, which opens
 * each token's secret.
 *
 * HOTP counter: FreeOTP 2 stores the otpauth counter as scanned and computes the next code from it
 * (Token.getCode: putLong(mCounter++)), so it is imported as it is — the value the next code uses.
 */

const WHAT = text('import_kind_freeotp');

/** "The FreeOTP backup is damaged: <why>.", `why` a clause ("its master key has 8 bytes"). */
function damaged(why: Text): ImportError {
  return new ImportError('damaged', text('import_freeotp_damaged', why));
}

/** A problem in the encrypted-key structures, as a clause for "…is damaged: <clause>" (callers add context). */
const broken = (why: Text): EntryError => invalid(why);

interface EncryptedKey {
  cipherText: Uint8Array;
  nonce: Uint8Array;
  token: string;
}

/** DER length at `at` (short form, or long form of one or two bytes). */
function derLength(der: Uint8Array, at: number): { length: number; next: number } {
  const first = der[at];
  if (first === undefined) throw broken(text('import_der_cut_short'));
  if (first < 0x80) return { length: first, next: at + 1 };
  const n = first & 0x7f;
  if (n < 1 || n > 2) throw broken(text('import_der_unsupported_length'));
  let length = 0;
  for (let i = 1; i <= n; i++) {
    const b = der[at + i];
    if (b === undefined) throw broken(text('import_der_cut_short'));
    length = length * 256 + b;
  }
  return { length, next: at + 1 + n };
}

/**
 * GCMParameters as Java encodes them: SEQUENCE { OCTET STRING nonce, INTEGER tag length in bytes },
 * or (Android API 23's provider) a bare OCTET STRING holding the nonce.
 */
export function gcmNonce(der: Uint8Array): Uint8Array {
  let at = 0;
  let end = der.length;
  if (der[0] === 0x30) {
    const seq = derLength(der, 1);
    at = seq.next;
    end = seq.next + seq.length;
    if (end !== der.length) throw broken(text('import_der_bad_sequence'));
  }
  if (der[at] !== 0x04) throw broken(text('import_der_no_nonce'));
  const octets = derLength(der, at + 1);
  const nonce = der.subarray(octets.next, octets.next + octets.length);
  if (nonce.length !== octets.length || nonce.length === 0) throw broken(text('import_der_cut_short'));
  at = octets.next + octets.length;
  if (at < end) {
    if (der[at] !== 0x02) throw broken(text('import_der_no_tag_length'));
    const int = derLength(der, at + 1);
    const value = der.subarray(int.next, int.next + int.length);
    if (value.length !== int.length || int.next + int.length !== end) throw broken(text('import_der_bad_tag_length'));
    const tagBytes = value.reduce((v, b) => v * 256 + b, 0);
    if (tagBytes !== 16) throw broken(text('import_der_tag_bytes', tagBytes));
  }
  return nonce;
}

/** An EncryptedKey JSON object; throws an EntryError whose text is a clause naming the bad field (callers add context). */
function encryptedKey(value: unknown): EncryptedKey {
  if (!isObject(value)) throw broken(text('import_freeotp_key_not_object'));
  if (typeof value.mCipher === 'string' && value.mCipher.toUpperCase() !== 'AES/GCM/NOPADDING')
    throw broken(text('import_freeotp_cipher', value.mCipher));
  if (typeof value.mToken !== 'string') throw broken(text('import_freeotp_no_token'));
  let nonce: Uint8Array;
  try {
    nonce = gcmNonce(signedBytes(value.mParameters, 'mParameters', 'clause'));
  } catch (e) {
    throw broken(text('import_freeotp_parameters', textOf(e)));
  }
  return { cipherText: signedBytes(value.mCipherText, 'mCipherText', 'clause'), nonce, token: value.mToken };
}

interface MasterKey {
  hash: 'SHA-1' | 'SHA-256' | 'SHA-512';
  iterations: number;
  salt: Uint8Array;
  key: EncryptedKey;
}

const PBKDF2_NAMES: Record<string, MasterKey['hash']> = {
  PBKDF2WITHHMACSHA1: 'SHA-1',
  PBKDF2WITHHMACSHA256: 'SHA-256',
  PBKDF2WITHHMACSHA512: 'SHA-512',
};

function masterKeyOf(map: Map<unknown, unknown>): MasterKey {
  const stored = map.get('masterKey');
  if (typeof stored !== 'string') throw damaged(text('import_freeotp_no_master_key'));
  const json = parseJson(stored, text('import_kind_freeotp_master_key'));
  if (!isObject(json)) throw damaged(text('import_freeotp_master_key_not_object'));
  // Only a string is read: String() of an arbitrary object runs its own toString, which may throw.
  const algorithm = typeof json.mAlgorithm === 'string' ? json.mAlgorithm : '?';
  const hash = PBKDF2_NAMES[algorithm.toUpperCase()];
  if (!hash) throw new ImportError('unsupported', text('import_freeotp_kdf', algorithm));
  const iterations = json.mIterations;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 1)
    throw damaged(text('import_freeotp_iterations'));
  try {
    const salt = signedBytes(json.mSalt, 'mSalt', 'clause');
    // MasterKey.decrypt derives mSalt.length × 8 bits; AES takes 16, 24 or 32 bytes.
    if (![16, 24, 32].includes(salt.length)) throw broken(text('import_freeotp_salt_length', salt.length));
    return { hash, iterations, salt, key: encryptedKey(json.mEncryptedKey) };
  } catch (e) {
    throw damaged(textOf(e));
  }
}

function kdfCost(iterations: number): KdfCost {
  return { algorithm: 'pbkdf2', memoryBytes: 0, iterations };
}

/** Opens one EncryptedKey with `key`; a failed tag here (after the master key opened) is damage. */
async function openKey(key: Uint8Array, encrypted: EncryptedKey): Promise<Uint8Array> {
  return aesGcmOpen(key, encrypted.nonce, encrypted.cipherText, WHAT, utf8(encrypted.token));
}

interface BackupToken {
  uuid: string;
  token: unknown;
  secret?: Uint8Array;
  error?: EntryError;
}

/** Decrypts each token's secret up front (async), keeping failures for {@link collectEntries} to list. */
async function backupTokens(map: Map<unknown, unknown>, masterKey: Uint8Array): Promise<BackupToken[]> {
  const uuids: string[] = [];
  for (const [name, value] of map) {
    // Preferences that are not strings (FreeOTP's restore skips them too) are not tokens.
    if (typeof name !== 'string' || name === 'masterKey' || typeof value !== 'string') continue;
    const uuid = name.endsWith('-token') ? name.slice(0, -'-token'.length) : name;
    if (!uuids.includes(uuid)) uuids.push(uuid);
  }
  const out: BackupToken[] = [];
  for (const uuid of uuids) {
    const raw = map.get(`${uuid}-token`);
    const token = typeof raw === 'string' ? safeJson(raw) : undefined;
    const item: BackupToken = { uuid, token };
    try {
      const keyText = map.get(uuid);
      if (typeof keyText !== 'string') throw invalid(text('import_freeotp_secret_missing'));
      const wrapper = safeJson(keyText);
      const inner = isObject(wrapper) && typeof wrapper.key === 'string' ? safeJson(wrapper.key) : undefined;
      let encrypted: EncryptedKey;
      try {
        encrypted = encryptedKey(inner);
      } catch (e) {
        throw invalid(text('import_freeotp_secret_damaged', textOf(e)));
      }
      try {
        item.secret = await openKey(masterKey, encrypted);
      } catch {
        throw invalid(text('import_freeotp_secret_tampered'));
      }
    } catch (e) {
      item.error = e instanceof EntryError ? e : invalid(textOf(e));
    }
    out.push(item);
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const freeOtp2Importer: Importer = {
  id: 'freeotp2',
  app: plain('FreeOTP'),
  carries: ['algorithm', 'digits', 'period', 'counter'], // no Steam type: FreeOTP only guesses Steam from the issuer "Steam"
  detect(file: SniffedFile): Detection | false {
    if (!looksLikeJavaHashMap(file.bytes)) return false;
    // The KDF cost is in the file; reading it is parsing only (no crypto). A damaged file is still
    // FreeOTP's: read() then says what is wrong with it.
    try {
      const kdf = kdfCost(masterKeyOf(readJavaHashMap(file.bytes)).iterations);
      return { encrypted: true, variant: text('import_variant_backup'), kdf };
    } catch {
      return { encrypted: true, variant: text('import_variant_backup') };
    }
  },
  async read(file: SniffedFile, _detection: Detection, options: ReadOptions) {
    const map = readJavaHashMap(file.bytes);
    const master = masterKeyOf(map);
    const password = needPassword(options, WHAT);
    announceKdf(kdfCost(master.iterations), options);
    const kek = await pbkdf2(master.hash, utf8(password), master.salt, master.iterations, master.salt.length);
    options.onProgress?.({ stage: 'decrypting' });
    // A failed tag on the master key is a wrong password (FreeOTP: BadPasswordException).
    const masterKey = await openKey(kek, master.key);
    if (![16, 24, 32].includes(masterKey.length))
      throw damaged(text('import_freeotp_master_key_length', masterKey.length));
    const tokens = await backupTokens(map, masterKey);
    options.onProgress?.({ stage: 'reading-entries', count: tokens.length });
    return collectEntries(
      tokens,
      (t) => tokenLabel(t.token) ?? plain(t.uuid),
      (t) => {
        if (t.error) throw t.error;
        if (!isObject(t.token)) throw invalid(text('import_freeotp_details'));
        return tokenEntry(t.token, t.secret ?? new Uint8Array(), { counter: t.token.counter });
      },
    );
  },
};
