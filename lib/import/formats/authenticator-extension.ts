import { CARRIES_ALL } from '../../otp/carried';
import { verifyArgon2idPhc } from '../argon2-phc';
import { announceKdf, argon2id, fromHex, needPassword, toBase64, toHex, utf8, wrongPassword } from '../crypto';
import {
  collectEntries,
  EntryError,
  entryFrom,
  entryLabel,
  invalid,
  isObject,
  labelFor,
  type RawEntry,
} from '../entry';
import { isSaltedText, openSalted } from '../openssl-salted';
import { text, textOf } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';

/*
 * The "Authenticator" browser extension (Authenticator-Extension/Authenticator;
 * docs/import-formats.md "Authenticator extension"). A backup is a JSON object keyed by entry hash; values are
 * RawOTPStorage {issuer, account, secret, type, period?, digits?, algorithm?, counter?, encrypted, hash, index,
 * pinned?}. Encryption, newest first:
 * - v3: entries {dataType "EncOTPStorage", keyId, data} next to {dataType "Key", id, salt, hash}; the
 *   passphrase is the hash field of Argon2id(password, salt string, t 2, m 19 MiB, p 1, 32 bytes) as
 *   unpadded base64, `key.hash` an Argon2 PHC string of that passphrase, and `data` =
 *   CryptoJS.AES.encrypt(JSON entry, passphrase) (src/import.ts findAndUnlockKey, src/argon.ts).
 * - v2: top-level `key: {enc, hash}` (Authenticator-Extension/Authenticator#557: sometimes `enc`, `hash` at top level);
 *   passphrase = hex of CryptoJS.AES.decrypt(enc, password), `hash` its Argon2 PHC string; entries have `encrypted:
 *   true` and secret = CryptoJS.AES.encrypt(secret, passphrase) (src/store/Accounts.ts).
 * - v1: `encrypted: true`, secret = CryptoJS.AES.encrypt(secret, password).
 */

const WHAT = text('import_kind_authenticator_extension');
const KINDS = new Set(['totp', 'hotp', 'battle', 'steam', 'hex', 'hhex']);
// src/models/password.ts argonHash: Argon2id, time 2, mem 1024 * 19 KiB, parallelism 1, hashLen 32.
const V3_KDF = { iterations: 2, memoryKiB: 19456, parallelism: 1 };
const V3_COST: KdfCost = { algorithm: 'argon2id', memoryBytes: V3_KDF.memoryKiB * 1024, iterations: V3_KDF.iterations };
const MD5_COST: KdfCost = { algorithm: 'md5', memoryBytes: 0, iterations: 1 };

type Json = Record<string, unknown>;

const isEncEntry = (v: unknown): v is Json => isObject(v) && v.dataType === 'EncOTPStorage';
const isKey = (v: unknown): v is Json => isObject(v) && v.dataType === 'Key';
const isOtpEntry = (v: unknown): v is Json =>
  isObject(v) &&
  v.dataType !== 'Key' &&
  v.dataType !== 'EncOTPStorage' &&
  (v.dataType === 'OTPStorage' ||
    (typeof v.secret === 'string' &&
      typeof v.type === 'string' &&
      KINDS.has(v.type) &&
      ('hash' in v || 'encrypted' in v)));

/**
 * The v2 key: `key: {enc, hash}`, or (Authenticator-Extension/Authenticator#557) `enc` and `hash` strings at the top
 * level.
 */
function v2Key(json: Json): { enc: unknown; hash: unknown } | undefined {
  if (isObject(json.key) && typeof json.key.enc === 'string') return { enc: json.key.enc, hash: json.key.hash };
  if (typeof json.enc === 'string' && isSaltedText(json.enc)) return { enc: json.enc, hash: json.hash };
  return undefined;
}

type Version = 'plain' | 'v1' | 'v2' | 'v3';

function versionOf(json: Json): Version | undefined {
  const values = Object.values(json);
  if (values.some(isEncEntry)) return 'v3';
  const entries = values.filter(isOtpEntry);
  if (entries.length === 0) return undefined;
  if (!entries.some((e) => e.encrypted === true)) return 'plain';
  return v2Key(json) ? 'v2' : 'v1';
}

/** One item of the file in order: the storage object once decrypted, or why it could not be. */
interface Item {
  storage?: Json;
  failure?: EntryError;
}

/** The members that are entries: not the settings, keys or v2 key fields. */
function entryMembers(json: Json): unknown[] {
  return Object.entries(json)
    .filter(
      ([name, value]) =>
        name !== 'UserSettings' && name !== 'key' && !isKey(value) && (isOtpEntry(value) || isEncEntry(value)),
    )
    .map(([, value]) => value);
}

/** A decrypted text, or the entry's problem; `wrongKey` when the padding check failed (a wrong passphrase). */
type Opened = { text: string } | { failure: EntryError; wrongKey: boolean };

async function decryptText(value: unknown, passphrase: string, field: string): Promise<Opened> {
  try {
    const bytes = await openSalted(value, passphrase, field, WHAT);
    const plain = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return plain === ''
      ? { failure: invalid(text('import_authext_decrypted_nothing')), wrongKey: true }
      : { text: plain };
  } catch (e) {
    if (e instanceof ImportError && e.code === 'wrong-password')
      return { failure: invalid(text('import_authext_wrong_key')), wrongKey: true };
    if (e instanceof ImportError) return { failure: invalid(textOf(e)), wrongKey: false };
    // Valid padding but not UTF-8: the 1-in-256 wrong passphrase that passes the padding check.
    return { failure: invalid(text('import_authext_wrong_key')), wrongKey: true };
  }
}

/** v1 and v2: secrets encrypted one by one. All failing means the password is wrong. */
async function openSecrets(members: unknown[], passphrase: string): Promise<Item[]> {
  const items: Item[] = [];
  let encrypted = 0;
  let wrongKeys = 0;
  for (const member of members) {
    const storage = member as Json;
    if (storage.encrypted !== true) {
      items.push({ storage });
      continue;
    }
    encrypted++;
    const secret = await decryptText(storage.secret, passphrase, 'secret');
    if ('failure' in secret) {
      items.push({ storage, failure: secret.failure });
      if (secret.wrongKey) wrongKeys++;
    } else items.push({ storage: { ...storage, secret: secret.text.replace(/ /g, ''), encrypted: false } });
  }
  if (encrypted > 0 && wrongKeys === encrypted) throw wrongPassword(WHAT);
  return items;
}

async function openV2(json: Json, password: string, options: ReadOptions): Promise<Item[]> {
  const key = v2Key(json);
  if (!key) throw new ImportError('damaged', text('import_authext_no_key'));
  announceKdf(MD5_COST, options);
  const keyBytes = await openSalted(key.enc, password, 'key.enc', WHAT);
  const passphrase = toHex(keyBytes);
  if ((await verifyArgon2idPhc(passphrase, key.hash, options)) === false) throw wrongPassword(WHAT);
  options.onProgress?.({ stage: 'decrypting' });
  return openSecrets(entryMembers(json), passphrase);
}

/** v3: unlock each Key once (Argon2id), check it against its PHC hash, then decrypt the entries. */
async function openV3(json: Json, password: string, options: ReadOptions): Promise<Item[]> {
  const passphrases = new Map<string, string | EntryError>();
  const unlock = async (keyId: unknown): Promise<string | EntryError> => {
    const id = String(keyId);
    const known = passphrases.get(id);
    if (known !== undefined) return known;
    const key = typeof keyId === 'string' ? json[keyId] : undefined;
    let result: string | EntryError;
    if (!isKey(key) || key.id !== keyId || typeof key.salt !== 'string' || key.salt === '') {
      result = invalid(text('import_authext_key_missing'));
    } else {
      announceKdf(V3_COST, options);
      const raw = await argon2id(utf8(password), utf8(key.salt), V3_KDF, 32);
      // argon2-browser's encoded string, field 6 (split at '$', index 5): unpadded standard base64.
      const passphrase = toBase64(raw).replace(/=+$/, '');
      if ((await verifyArgon2idPhc(passphrase, key.hash, options)) === false) throw wrongPassword(WHAT);
      result = passphrase;
    }
    passphrases.set(id, result);
    return result;
  };

  const items: Item[] = [];
  let encrypted = 0;
  let wrongKeys = 0;
  for (const member of entryMembers(json)) {
    const storage = member as Json;
    if (!isEncEntry(storage)) {
      items.push({ storage });
      continue;
    }
    encrypted++;
    const passphrase = await unlock(storage.keyId);
    if (passphrase instanceof EntryError) {
      items.push({ failure: passphrase });
      continue;
    }
    options.onProgress?.({ stage: 'decrypting' });
    const opened = await decryptText(storage.data, passphrase, 'data');
    if ('failure' in opened) {
      items.push({ failure: opened.failure });
      if (opened.wrongKey) wrongKeys++;
      continue;
    }
    let decrypted: unknown;
    try {
      decrypted = JSON.parse(opened.text);
    } catch {
      items.push({ failure: invalid(text('import_entry_decrypted_not_json')) });
      continue;
    }
    if (!isObject(decrypted)) {
      items.push({ failure: invalid(text('import_entry_decrypted_not_entry')) });
      continue;
    }
    // As upstream decryptBackupData: the decrypted fields over the stored ones, then unencrypted.
    items.push({ storage: { ...storage, ...decrypted, encrypted: false } });
  }
  // Without a PHC hash to check the password against, every entry failing to decrypt is the sign.
  if (encrypted > 0 && wrongKeys === encrypted) throw wrongPassword(WHAT);
  return items;
}

/** RawOTPStorage → the shared entry rules (src/models/otp.ts, key-utilities.ts). */
function entryOf(storage: Json) {
  let kind = typeof storage.type === 'string' ? storage.type.toLowerCase() : 'totp';
  let secret = typeof storage.secret === 'string' ? storage.secret.trim() : '';
  // Secret prefixes the extension itself maps to a type on import (src/models/otp.ts).
  if (/^(blz|bliz)-/i.test(secret)) {
    kind = 'battle';
    secret = secret.replace(/^(blz|bliz)-/i, '');
  } else if (/^stm-/i.test(secret)) {
    kind = 'steam';
    secret = secret.slice(4);
  }
  const raw: RawEntry = {
    kind,
    secret,
    issuer: storage.issuer,
    account: storage.account,
    algorithm: storage.algorithm,
    digits: storage.digits,
    period: storage.period,
    counter: storage.counter,
    pinned: storage.pinned,
  };
  if (kind === 'hex' || kind === 'hhex') {
    raw.kind = kind === 'hex' ? 'totp' : 'hotp';
    try {
      raw.secret = fromHex(secret, 'secret');
    } catch {
      throw invalid(text('import_entry_secret_not_hex'));
    }
  } else if (kind === 'battle') {
    // Battle.net: TOTP, SHA-1, 8 digits, 30 s whatever the entry says.
    Object.assign(raw, { kind: 'totp', algorithm: 'SHA1', digits: 8, period: 30 });
  }
  return entryFrom(raw);
}

async function readBackup(json: Json, options: ReadOptions) {
  const version = versionOf(json);
  let items: Item[];
  if (version === 'plain' || version === undefined)
    items = entryMembers(json).map((storage) => ({ storage: storage as Json }));
  else {
    const password = needPassword(options, WHAT);
    if (version === 'v3') items = await openV3(json, password, options);
    else if (version === 'v2') items = await openV2(json, password, options);
    else {
      announceKdf(MD5_COST, options);
      options.onProgress?.({ stage: 'decrypting' });
      items = await openSecrets(entryMembers(json), password);
    }
  }
  options.onProgress?.({ stage: 'reading-entries', count: items.length });
  return collectEntries(
    items,
    (item, i) => (item.storage ? labelFor(item.storage.issuer, item.storage.account, i) : entryLabel(i)),
    (item) => {
      if (item.failure) throw item.failure;
      return entryOf(item.storage as Json);
    },
  );
}

export const authenticatorExtensionImporter: Importer = {
  id: 'authenticator-extension',
  app: text('import_app_authenticator_extension'),
  carries: CARRIES_ALL,
  detect(file: SniffedFile): Detection | false {
    if (!isObject(file.json)) return false;
    const version = versionOf(file.json);
    if (version === undefined) return false;
    if (version === 'plain') return { encrypted: false };
    return {
      encrypted: true,
      kdf: version === 'v3' ? V3_COST : MD5_COST,
      variant: text('import_variant_backup_version', version),
    };
  },
  read(file, _detection, options) {
    if (!isObject(file.json)) throw new ImportError('damaged', text('import_authext_not_object'));
    return readBackup(file.json, options);
  },
};
