import { expand } from '@noble/hashes/hkdf.js';
import { aesCbcOpen, announceKdf, argon2id, fromBase64, hmacSha256, pbkdf2, sha256, utf8 } from '../crypto';
import { text } from '../text';
import { ImportError, type KdfCost, type ReadOptions } from '../types';

/*
 * Bitwarden "password protected" JSON exports (docs/import-formats.md "Bitwarden"; Bitwarden help "Encrypted Exports",
 * bitwarden_backup_decryptor lib/src/crypto.dart):
 *   key  = PBKDF2-HMAC-SHA256(password, UTF-8 of the salt string, kdfIterations, 32)      kdfType 0
 *        | Argon2id(password, SHA-256(UTF-8 of the salt string), t = kdfIterations,
 *                   m = kdfMemory MiB, p = kdfParallelism, 32)                            kdfType 1
 *   enc  = HKDF-Expand-SHA256(key, "enc", 32), mac = HKDF-Expand-SHA256(key, "mac", 32)  (no extract step)
 *   EncString type 2 = "2." b64(iv) "|" b64(ciphertext) "|" b64(HMAC-SHA256(mac, iv ‖ ciphertext)),
 *   AES-256-CBC with PKCS#7 padding. The MAC is checked before anything is decrypted.
 */

export interface BitwardenKeys {
  enc: Uint8Array;
  mac: Uint8Array;
}

interface EncString {
  iv: Uint8Array;
  ct: Uint8Array;
  mac: Uint8Array;
}

type Kdf =
  | { type: 'pbkdf2'; iterations: number }
  | { type: 'argon2id'; iterations: number; memoryMiB: number; parallelism: number };

function whole(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new ImportError('damaged', text('import_bitwarden_bad_number', field, String(value)));
  return value;
}

/** The export's key derivation settings; throws `unsupported` for a kdfType Twofold does not know. */
export function bitwardenKdf(json: Record<string, unknown>): Kdf {
  if (json.kdfType === 0)
    return { type: 'pbkdf2', iterations: whole(json.kdfIterations, 'kdfIterations', 1, 10_000_000) };
  if (json.kdfType === 1)
    return {
      type: 'argon2id',
      iterations: whole(json.kdfIterations, 'kdfIterations', 1, 100),
      memoryMiB: whole(json.kdfMemory, 'kdfMemory', 1, 16_384),
      parallelism: whole(json.kdfParallelism, 'kdfParallelism', 1, 64),
    };
  // Only a number or a string is named: String() of an arbitrary object runs its own toString, which may throw.
  const named = typeof json.kdfType === 'number' || typeof json.kdfType === 'string' ? String(json.kdfType) : '?';
  throw new ImportError('unsupported', text('import_bitwarden_kdf_type', named));
}

export function kdfCost(kdf: Kdf): KdfCost {
  return kdf.type === 'pbkdf2'
    ? { algorithm: 'pbkdf2', memoryBytes: 0, iterations: kdf.iterations }
    : { algorithm: 'argon2id', memoryBytes: kdf.memoryMiB * 2 ** 20, iterations: kdf.iterations };
}

/** Derives the encryption and MAC keys from the password (announcing the derivation first). */
export async function bitwardenKeys(
  json: Record<string, unknown>,
  password: string,
  options: ReadOptions,
): Promise<BitwardenKeys> {
  if (typeof json.salt !== 'string' || json.salt === '')
    throw new ImportError('damaged', text('import_bitwarden_no_salt'));
  const kdf = bitwardenKdf(json);
  announceKdf(kdfCost(kdf), options);
  const salt = utf8(json.salt);
  const key =
    kdf.type === 'pbkdf2'
      ? await pbkdf2('SHA-256', utf8(password), salt, kdf.iterations, 32)
      : await argon2id(
          utf8(password),
          sha256(salt),
          { iterations: kdf.iterations, memoryKiB: kdf.memoryMiB * 1024, parallelism: kdf.parallelism },
          32,
        );
  return { enc: expand(sha256, key, utf8('enc'), 32), mac: expand(sha256, key, utf8('mac'), 32) };
}

/** Splits "2.iv|ct|mac"; other EncString types never appear in exports and are refused. */
export function parseEncString(value: unknown, field: string): EncString {
  if (typeof value !== 'string') throw new ImportError('damaged', text('import_bitwarden_field_missing', field));
  const dot = value.indexOf('.');
  const type = dot > 0 ? value.slice(0, dot) : '';
  if (type !== '2')
    throw new ImportError(
      'unsupported',
      type ? text('import_bitwarden_enc_type', field, type) : text('import_bitwarden_enc_type_none', field),
    );
  const parts = value.slice(dot + 1).split('|');
  if (parts.length !== 3) throw new ImportError('damaged', text('import_bitwarden_three_parts', field));
  const [iv, ct, mac] = parts.map((p, i) => fromBase64(p, text('import_field_part', field, i + 1))) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  if (iv.length !== 16 || mac.length !== 32)
    throw new ImportError('damaged', text('import_bitwarden_iv_mac', field, iv.length, mac.length));
  return { iv, ct, mac };
}

/** True when the HMAC over iv ‖ ct matches (compared without an early exit). */
export async function macMatches(keys: BitwardenKeys, enc: EncString): Promise<boolean> {
  const data = new Uint8Array(enc.iv.length + enc.ct.length);
  data.set(enc.iv);
  data.set(enc.ct, enc.iv.length);
  const expected = await hmacSha256(keys.mac, data);
  let diff = expected.length ^ enc.mac.length;
  for (let i = 0; i < expected.length; i++) diff |= (expected[i] as number) ^ (enc.mac[i] ?? 0);
  return diff === 0;
}

/**
 * Decrypts an EncString whose MAC has been checked. With a good MAC the key is right, so a padding or
 * text failure means damage, not a wrong password.
 */
export async function decryptChecked(keys: BitwardenKeys, enc: EncString, field: string): Promise<string> {
  let plain: Uint8Array;
  try {
    // Any failure here is damage (the MAC was right), named below; the kind given to aesCbcOpen is never shown.
    plain = await aesCbcOpen(keys.enc, enc.iv, enc.ct, text('import_kind_bitwarden'));
  } catch {
    throw new ImportError('damaged', text('import_bitwarden_padding', field));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new ImportError('damaged', text('import_bitwarden_not_text', field));
  }
}

/** The export is password protected (salt + KDF settings), as opposed to account restricted. */
export function isPasswordProtected(json: Record<string, unknown>): boolean {
  return json.passwordProtected === true || (typeof json.salt === 'string' && 'kdfType' in json);
}
