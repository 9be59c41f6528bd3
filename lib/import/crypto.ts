import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { argon2id as argon2idWasm } from 'hash-wasm';
import type { Sub, Text } from '../i18n/text';
import { ARGON2_MAX_MEMORY, checkArgon2, checkPbkdf2, checkScrypt, LimitError } from '../limits';
import { text } from './text';
import { ImportError, type KdfCost, type ReadOptions } from './types';

/*
 * The primitives importers need, each with the same error mapping: a failed authentication tag or
 * padding check means "wrong password" (the apps' own importers treat it so: Aegis, 2FAS, andOTP);
 * a key derivation that cannot get its memory means "out of memory", never a crash.
 * AES and PBKDF2 come from WebCrypto (native, a language-level global in workers and Node); scrypt from
 * @noble/hashes; Argon2id from hash-wasm (WebAssembly, ~5× faster than JS at 64 MiB; docs/dependencies.md).
 * `what` names the kind of file in messages ("Aegis vault": "Wrong password for this Aegis vault…").
 */

/** The memory a derivation may ask for (lib/limits.ts has the caps per algorithm, which are tighter for scrypt). */
export const DEFAULT_MAX_KDF_MEMORY = ARGON2_MAX_MEMORY;
const enc = new TextEncoder();
type Buf = Uint8Array<ArrayBuffer>;
const buf = (b: Uint8Array): Buf => b as Buf;

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

export { sha256 };

/** A cap of lib/limits.ts as an ImportError with the cap's own code and words. */
export function asImportError(e: unknown): unknown {
  return e instanceof LimitError ? new ImportError(e.code, e.text ?? plainText(e.message), { cause: e }) : e;
}

function plainText(message: string): Text {
  return text('import_plain', message);
}

function capped(check: () => void): void {
  try {
    check();
  } catch (e) {
    throw asImportError(e);
  }
}

/** scrypt's caps, checked before {@link announceKdf} (whose cost does not carry r and p). */
export function checkScryptCaps(p: { N: number; r: number; p: number }): void {
  capped(() => checkScrypt(p.N, p.r, p.p));
}

/**
 * Checks the cost against the limits and tells the UI the derivation starts. Time as well as memory: a crafted
 * file must not make the worker spin for hours. The derivations below check their exact parameters again.
 */
export function announceKdf(kdf: KdfCost, options: ReadOptions): void {
  if (kdf.algorithm === 'argon2id') capped(() => checkArgon2(Math.floor(kdf.memoryBytes / 1024), kdf.iterations));
  if (kdf.algorithm === 'pbkdf2') capped(() => checkPbkdf2(kdf.iterations));
  const max = options.maxKdfMemory ?? DEFAULT_MAX_KDF_MEMORY;
  if (kdf.memoryBytes > max)
    throw new ImportError('out-of-memory', text('import_kdf_memory', formatBytes(kdf.memoryBytes), formatBytes(max)));
  options.onProgress?.({ stage: 'deriving-key', kdf });
}

/** "1.5 GiB", "64 MiB" (the number formatted for the user's language). */
export function formatBytes(n: number): Text {
  if (n >= 2 ** 30) return text('import_size_gib', +(n / 2 ** 30).toFixed(1));
  return text('import_size_mib', Math.round(n / 2 ** 20));
}

export function needPassword(options: ReadOptions, what: Text): string {
  if (options.password === undefined || options.password === '')
    throw new ImportError('needs-password', text('import_needs_password', what));
  return options.password;
}

export function wrongPassword(what: Text): ImportError {
  return new ImportError('wrong-password', text('import_wrong_password', what));
}

export async function pbkdf2(
  hash: 'SHA-1' | 'SHA-256' | 'SHA-512',
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  bytes: number,
): Promise<Uint8Array> {
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new ImportError('damaged', text('import_kdf_pbkdf2_iterations', iterations));
  capped(() => checkPbkdf2(iterations));
  const key = await crypto.subtle.importKey('raw', buf(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash, salt: buf(salt), iterations }, key, bytes * 8);
  return new Uint8Array(bits);
}

export async function scrypt(
  password: Uint8Array,
  salt: Uint8Array,
  p: { N: number; r: number; p: number },
  bytes: number,
): Promise<Uint8Array> {
  if (p.r > 32 || p.p > 16)
    throw new ImportError('damaged', text('import_scrypt_implausible', String(p.N), String(p.r), String(p.p)));
  capped(() => checkScrypt(p.N, p.r, p.p));
  try {
    return await scryptAsync(password, salt, { N: p.N, r: p.r, p: p.p, dkLen: bytes, maxmem: 2 ** 29 });
  } catch (e) {
    if (e instanceof RangeError)
      throw new ImportError('out-of-memory', text('import_scrypt_memory', String(p.N), String(p.r)), { cause: e });
    throw new ImportError('damaged', text('import_scrypt_unusable', String(p.N), String(p.r), String(p.p)), {
      cause: e,
    });
  }
}

export async function argon2id(
  password: Uint8Array,
  salt: Uint8Array,
  p: { iterations: number; memoryKiB: number; parallelism: number },
  bytes: number,
): Promise<Uint8Array> {
  if (p.iterations < 1 || p.memoryKiB < 8 * p.parallelism || p.parallelism < 1 || p.parallelism > 255)
    throw new ImportError('damaged', text('import_argon2_unusable'));
  capped(() => checkArgon2(p.memoryKiB, p.iterations));
  try {
    return await argon2idWasm({
      password: buf(password),
      salt: buf(salt),
      iterations: p.iterations,
      memorySize: p.memoryKiB,
      parallelism: p.parallelism,
      hashLength: bytes,
      outputType: 'binary',
    });
  } catch (e) {
    if (e instanceof RangeError || /memory/i.test(String((e as Error)?.message)))
      throw new ImportError('out-of-memory', text('import_argon2_memory', formatBytes(p.memoryKiB * 1024)), {
        cause: e,
      });
    throw e;
  }
}

async function aesKey(key: Uint8Array, name: 'AES-GCM' | 'AES-CBC'): Promise<CryptoKey> {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new ImportError('damaged', text('import_aes_key_length', key.length));
  return crypto.subtle.importKey('raw', buf(key), name, false, ['decrypt', 'encrypt']);
}

/** AES-GCM decryption of `ciphertext ‖ tag`; a failed tag throws `wrong-password` naming `what`. */
export async function aesGcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  what: Text,
  aad?: Uint8Array,
): Promise<Uint8Array> {
  if (sealed.length < 16) throw new ImportError('damaged', text('import_cut_short', what));
  const k = await aesKey(key, 'AES-GCM');
  try {
    const params: AesGcmParams = { name: 'AES-GCM', iv: buf(nonce), tagLength: 128 };
    if (aad) params.additionalData = buf(aad);
    return new Uint8Array(await crypto.subtle.decrypt(params, k, buf(sealed)));
  } catch {
    throw wrongPassword(what);
  }
}

export async function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Promise<Uint8Array> {
  const k = await aesKey(key, 'AES-GCM');
  return new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce), tagLength: 128 }, k, buf(plain)),
  );
}

/** AES-CBC with PKCS#7 padding; bad padding (the usual sign of a wrong key) throws `wrong-password`. */
export async function aesCbcOpen(key: Uint8Array, iv: Uint8Array, ct: Uint8Array, what: Text): Promise<Uint8Array> {
  if (ct.length === 0 || ct.length % 16 !== 0)
    throw new ImportError('damaged', text('import_cut_short_or_damaged', what));
  const k = await aesKey(key, 'AES-CBC');
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: buf(iv) }, k, buf(ct)));
  } catch {
    throw wrongPassword(what);
  }
}

export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', buf(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, buf(data)));
}

/** Decodes UTF-8 strictly; a decryption that "worked" but gives non-text means the wrong key. */
export function strictUtf8(bytes: Uint8Array, what: Text): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw wrongPassword(what);
  }
}

/** Standard base64 with or without padding; a clear error naming the field otherwise. */
export function fromBase64(value: unknown, field: Sub): Uint8Array {
  if (typeof value !== 'string') throw new ImportError('damaged', text('import_field_not_text', field));
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1)
    throw new ImportError('damaged', text('import_field_not_base64', field));
  const bin = atob(clean.replace(/=+$/, '').padEnd(Math.ceil(clean.replace(/=+$/, '').length / 4) * 4, '='));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function fromHex(value: unknown, field: Sub): Uint8Array {
  if (typeof value !== 'string' || value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value))
    throw new ImportError('damaged', text('import_field_not_hex', field));
  const out = new Uint8Array(value.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(value.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses decrypted JSON; failure after a good tag means a damaged file, not a wrong password. */
export function parseJson(json: string, what: Text): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new ImportError('damaged', text('import_decrypted_not_json', what));
  }
}
