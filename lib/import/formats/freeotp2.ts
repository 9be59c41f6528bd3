import { aesGcmOpen, announceKdf, needPassword, parseJson, pbkdf2, utf8 } from '../crypto';
import { collectEntries, EntryError, invalid, isObject } from '../entry';
import { looksLikeJavaHashMap, readJavaHashMap } from '../java-serialization';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';
import { signedBytes, tokenEntry, tokenLabel } from './freeotp-token';

/*
 * FreeOTP 2.x backup (spec §11; freeotp-android TokenPersistence.java, encryptor/MasterKey.java,
 * encryptor/EncryptedKey.java): a Java-serialized HashMap<String,String> of the app's "tokenBackup"
 * preferences:
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

const WHAT = 'this FreeOTP backup';

/** "The FreeOTP backup is damaged: <why>." from messages written either as sentences or as phrases. */
function damaged(why: string): ImportError {
  const phrase = why.replace(/\.$/, '').replace(/^Its /, 'its ');
  return new ImportError('damaged', `The FreeOTP backup is damaged: ${phrase}.`);
}

interface EncryptedKey {
  cipherText: Uint8Array;
  nonce: Uint8Array;
  token: string;
}

/** DER length at `at` (short form, or long form of one or two bytes). */
function derLength(der: Uint8Array, at: number): { length: number; next: number } {
  const first = der[at];
  if (first === undefined) throw new Error('cut short');
  if (first < 0x80) return { length: first, next: at + 1 };
  const n = first & 0x7f;
  if (n < 1 || n > 2) throw new Error('unsupported length');
  let length = 0;
  for (let i = 1; i <= n; i++) {
    const b = der[at + i];
    if (b === undefined) throw new Error('cut short');
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
    if (end !== der.length) throw new Error('bad sequence length');
  }
  if (der[at] !== 0x04) throw new Error('no nonce');
  const octets = derLength(der, at + 1);
  const nonce = der.subarray(octets.next, octets.next + octets.length);
  if (nonce.length !== octets.length || nonce.length === 0) throw new Error('cut short');
  at = octets.next + octets.length;
  if (at < end) {
    if (der[at] !== 0x02) throw new Error('no tag length');
    const int = derLength(der, at + 1);
    const value = der.subarray(int.next, int.next + int.length);
    if (value.length !== int.length || int.next + int.length !== end) throw new Error('bad tag length');
    const tagBytes = value.reduce((v, b) => v * 256 + b, 0);
    if (tagBytes !== 16) throw new Error(`a ${tagBytes}-byte tag, Twofold reads 16-byte tags`);
  }
  return nonce;
}

/** An EncryptedKey JSON object; throws a plain Error naming the bad field (callers add context). */
function encryptedKey(value: unknown): EncryptedKey {
  if (!isObject(value)) throw new Error('the encrypted key is not an object');
  if (typeof value.mCipher === 'string' && value.mCipher.toUpperCase() !== 'AES/GCM/NOPADDING')
    throw new Error(`the cipher “${value.mCipher}” is not AES/GCM/NoPadding`);
  if (typeof value.mToken !== 'string') throw new Error('“mToken” is missing');
  let nonce: Uint8Array;
  try {
    nonce = gcmNonce(signedBytes(value.mParameters, 'mParameters'));
  } catch (e) {
    throw new Error(`“mParameters” is not usable (${(e as Error).message})`);
  }
  return { cipherText: signedBytes(value.mCipherText, 'mCipherText'), nonce, token: value.mToken };
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
  const text = map.get('masterKey');
  if (typeof text !== 'string') throw damaged('it has no “masterKey” entry');
  const json = parseJson(text, 'The FreeOTP master key');
  if (!isObject(json)) throw damaged('“masterKey” is not an object');
  const hash = PBKDF2_NAMES[String(json.mAlgorithm).toUpperCase()];
  if (!hash)
    throw new ImportError(
      'unsupported',
      `The FreeOTP backup uses the key derivation “${String(json.mAlgorithm)}”, which Twofold does not know.`,
    );
  const iterations = json.mIterations;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 1)
    throw damaged('“mIterations” is not a positive whole number');
  try {
    const salt = signedBytes(json.mSalt, 'mSalt');
    // MasterKey.decrypt derives mSalt.length × 8 bits; AES takes 16, 24 or 32 bytes.
    if (![16, 24, 32].includes(salt.length)) throw new Error(`“mSalt” has ${salt.length} bytes, not 16, 24 or 32`);
    return { hash, iterations, salt, key: encryptedKey(json.mEncryptedKey) };
  } catch (e) {
    throw damaged((e as Error).message);
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
      if (typeof keyText !== 'string') throw invalid('Its secret is missing from the backup.');
      const wrapper = safeJson(keyText);
      const inner = isObject(wrapper) && typeof wrapper.key === 'string' ? safeJson(wrapper.key) : undefined;
      let encrypted: EncryptedKey;
      try {
        encrypted = encryptedKey(inner);
      } catch (e) {
        throw invalid(`Its secret is damaged: ${(e as Error).message}.`);
      }
      try {
        item.secret = await openKey(masterKey, encrypted);
      } catch {
        throw invalid('Its secret could not be decrypted with the backup’s master key (the file was changed).');
      }
    } catch (e) {
      item.error = e instanceof EntryError ? e : invalid(String((e as Error)?.message ?? e));
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
  app: 'FreeOTP',
  detect(file: SniffedFile): Detection | false {
    if (!looksLikeJavaHashMap(file.bytes)) return false;
    // The KDF cost is in the file; reading it is parsing only (no crypto). A damaged file is still
    // FreeOTP's: read() then says what is wrong with it.
    try {
      return { encrypted: true, variant: 'backup', kdf: kdfCost(masterKeyOf(readJavaHashMap(file.bytes)).iterations) };
    } catch {
      return { encrypted: true, variant: 'backup' };
    }
  },
  async read(file: SniffedFile, _detection: Detection, options: ReadOptions) {
    const map = readJavaHashMap(file.bytes);
    const master = masterKeyOf(map);
    const password = needPassword(options, 'This FreeOTP backup');
    announceKdf(kdfCost(master.iterations), options);
    const kek = await pbkdf2(master.hash, utf8(password), master.salt, master.iterations, master.salt.length);
    options.onProgress?.({ stage: 'decrypting' });
    // A failed tag on the master key is a wrong password (FreeOTP: BadPasswordException).
    const masterKey = await openKey(kek, master.key);
    if (![16, 24, 32].includes(masterKey.length)) throw damaged(`its master key has ${masterKey.length} bytes`);
    const tokens = await backupTokens(map, masterKey);
    options.onProgress?.({ stage: 'reading-entries', count: tokens.length });
    return collectEntries(
      tokens,
      (t) => tokenLabel(t.token) || t.uuid,
      (t) => {
        if (t.error) throw t.error;
        if (!isObject(t.token)) throw invalid('Its details (name, type, digits) are missing or damaged in the backup.');
        return tokenEntry(t.token, t.secret ?? new Uint8Array(), { counter: t.token.counter });
      },
    );
  },
};
