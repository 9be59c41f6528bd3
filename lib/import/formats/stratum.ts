import { CARRIES_ALL } from '../../otp/carried';
import {
  aesCbcOpen,
  aesGcmOpen,
  announceKdf,
  argon2id,
  needPassword,
  parseJson,
  pbkdf2,
  strictUtf8,
  utf8,
} from '../crypto';
import { collectEntries, entryFrom, entryLabel, invalid, isObject, labelFor, unsupported } from '../entry';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';

/*
 * Stratum / Authenticator Pro `.authpro` backups (docs/import-formats.md "Stratum"; stratumauth/app Stratum.Core
 * Backup/, doc/BACKUP_FORMAT.md). Plain: JSON {Authenticators[], Categories[], AuthenticatorCategories[],
 * CustomIcons[]}. Encrypted, current: "AUTHENTICATORPRO" ‖ salt 16 ‖ IV 12 ‖ AES-256-GCM(ct ‖ tag), key = Argon2id(t 3,
 * m 64 MiB, p 4) (StrongBackupEncryption.cs). Legacy: "AuthenticatorPro" ‖ salt 20 ‖ IV 16 ‖ AES-256-CBC/PKCS7, key =
 * PBKDF2-HMAC-SHA1(64000) (LegacyBackupEncryption.cs).
 */

const WHAT = text('import_kind_stratum');
const STRONG_HEADER = 'AUTHENTICATORPRO';
const LEGACY_HEADER = 'AuthenticatorPro';
const STRONG = { salt: 16, iv: 12, kdf: { iterations: 3, memoryKiB: 65536, parallelism: 4 } };
const LEGACY = { salt: 20, iv: 16, iterations: 64000 };

const STRONG_KDF: KdfCost = {
  algorithm: 'argon2id',
  memoryBytes: STRONG.kdf.memoryKiB * 1024,
  iterations: STRONG.kdf.iterations,
};
const LEGACY_KDF: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations: LEGACY.iterations };

/** AuthenticatorType (Stratum.Core/AuthenticatorType.cs). */
const TYPES: Record<number, string> = { 1: 'hotp', 2: 'totp', 3: 'motp', 4: 'steam', 5: 'yandex' };
/** HashAlgorithm enum order. */
const ALGORITHMS: Record<number, string> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' };

function startsWithAscii(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

function isPlainBackup(json: unknown): json is Record<string, unknown> & { Authenticators: unknown[] } {
  return isObject(json) && Array.isArray(json.Authenticators);
}

/** Category names by authenticator secret (AuthenticatorCategory binds by secret and category id). */
function groupsBySecret(backup: Record<string, unknown>): Map<string, string[]> {
  const names = new Map<string, string>();
  if (Array.isArray(backup.Categories))
    for (const c of backup.Categories)
      if (isObject(c) && typeof c.Id === 'string' && typeof c.Name === 'string') names.set(c.Id, c.Name);
  const out = new Map<string, string[]>();
  if (Array.isArray(backup.AuthenticatorCategories))
    for (const b of backup.AuthenticatorCategories) {
      if (!isObject(b) || typeof b.AuthenticatorSecret !== 'string' || typeof b.CategoryId !== 'string') continue;
      const name = names.get(b.CategoryId);
      if (name === undefined) continue;
      const list = out.get(b.AuthenticatorSecret) ?? [];
      if (!list.includes(name)) list.push(name);
      out.set(b.AuthenticatorSecret, list);
    }
  return out;
}

function readBackup(backup: Record<string, unknown> & { Authenticators: unknown[] }) {
  const groups = groupsBySecret(backup);
  return collectEntries(
    backup.Authenticators,
    (a, i) => (isObject(a) ? labelFor(a.Issuer, a.Username, i) : entryLabel(i)),
    (a) => {
      if (!isObject(a)) throw invalid(text('import_entry_not_object'));
      const kind = typeof a.Type === 'number' ? TYPES[a.Type] : undefined;
      if (kind === undefined) throw invalid(text('import_stratum_unknown_type', String(JSON.stringify(a.Type))));
      if (kind === 'motp' || kind === 'yandex')
        throw unsupported(text('import_entry_kind_unsupported', kind === 'motp' ? 'mOTP' : 'Yandex'));
      if (typeof a.Secret !== 'string') throw invalid(text('import_entry_no_secret'));
      const algorithm = a.Algorithm === undefined || a.Algorithm === null ? 'SHA1' : ALGORITHMS[a.Algorithm as number];
      if (algorithm === undefined)
        throw invalid(text('import_entry_algorithm_unknown_raw', String(JSON.stringify(a.Algorithm))));
      return entryFrom({
        kind,
        secret: a.Secret,
        issuer: a.Issuer,
        account: a.Username,
        algorithm,
        digits: a.Digits,
        period: a.Period,
        counter: a.Counter,
        groups: groups.get(a.Secret) ?? [],
      });
    },
  );
}

async function decrypt(bytes: Uint8Array, options: ReadOptions): Promise<Uint8Array> {
  const strong = startsWithAscii(bytes, STRONG_HEADER);
  const layout = strong ? STRONG : LEGACY;
  const headerLength = STRONG_HEADER.length;
  const minimum = headerLength + layout.salt + layout.iv + 16;
  if (bytes.length < minimum) throw new ImportError('damaged', text('import_stratum_cut_short'));
  const salt = bytes.subarray(headerLength, headerLength + layout.salt);
  const iv = bytes.subarray(headerLength + layout.salt, headerLength + layout.salt + layout.iv);
  const body = bytes.subarray(headerLength + layout.salt + layout.iv);
  const password = utf8(needPassword(options, WHAT));
  if (strong) {
    announceKdf(STRONG_KDF, options);
    const key = await argon2id(password, salt, STRONG.kdf, 32);
    options.onProgress?.({ stage: 'decrypting' });
    return aesGcmOpen(key, iv, body, WHAT);
  }
  announceKdf(LEGACY_KDF, options);
  const key = await pbkdf2('SHA-1', password, salt, LEGACY.iterations, 32);
  options.onProgress?.({ stage: 'decrypting' });
  return aesCbcOpen(key, iv, body, WHAT);
}

export const stratumImporter: Importer = {
  id: 'stratum',
  app: plain('Stratum (Authenticator Pro)'), // i18n-ignore: the app's name
  carries: CARRIES_ALL, // types HOTP, TOTP, Steam… with algorithm, digits, period, counter
  detect(file: SniffedFile): Detection | false {
    if (startsWithAscii(file.bytes, STRONG_HEADER)) return { encrypted: true, kdf: STRONG_KDF };
    if (startsWithAscii(file.bytes, LEGACY_HEADER))
      return { encrypted: true, kdf: LEGACY_KDF, variant: text('import_variant_legacy_backup') };
    if (isPlainBackup(file.json)) return { encrypted: false };
    return false;
  },
  async read(file, _detection, options) {
    let json: unknown = file.json;
    if (startsWithAscii(file.bytes, STRONG_HEADER) || startsWithAscii(file.bytes, LEGACY_HEADER)) {
      const plain = await decrypt(file.bytes, options);
      json = parseJson(strictUtf8(plain, WHAT), WHAT);
    }
    if (!isPlainBackup(json)) throw new ImportError('damaged', text('import_stratum_no_list'));
    options.onProgress?.({ stage: 'reading-entries', count: json.Authenticators.length });
    return readBackup(json);
  },
};
