import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { argon2id as argon2idWasm } from 'hash-wasm';
import { ImportError, type KdfCost, type ReadOptions } from './types';

/*
 * The primitives importers need, each with the same error mapping: a failed authentication tag or
 * padding check means "wrong password" (the apps' own importers treat it so: Aegis, 2FAS, andOTP);
 * a key derivation that cannot get its memory means "out of memory", never a crash.
 * AES and PBKDF2 come from WebCrypto (native, a language-level global in workers and Node); scrypt from
 * @noble/hashes; Argon2id from hash-wasm (WebAssembly, ~5× faster than JS at 64 MiB; docs/dependencies.md).
 */

export const DEFAULT_MAX_KDF_MEMORY = 1.5 * 2 ** 30;
/** Far above what any app writes (Ente 4–16, Bitwarden ≤ 10, Stratum 3), far below hours of work. */
const MAX_ARGON2_PASSES = 64;
/** Aegis writes 2^15; Twofold 2^17. */
const MAX_SCRYPT_N = 2 ** 22;
const enc = new TextEncoder();
type Buf = Uint8Array<ArrayBuffer>;
const buf = (b: Uint8Array): Buf => b as Buf;

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

export { sha256 };

/** Checks the cost against the limit and tells the UI the derivation starts. */
export function announceKdf(kdf: KdfCost, options: ReadOptions): void {
  // Time as well as memory: a crafted file must not make the worker spin for hours.
  if (kdf.algorithm === 'argon2id' && kdf.iterations > MAX_ARGON2_PASSES)
    throw new ImportError('damaged', `The file asks for ${kdf.iterations} Argon2id passes, which is not plausible.`);
  if (kdf.algorithm === 'scrypt' && kdf.iterations > MAX_SCRYPT_N)
    throw new ImportError('damaged', `The file asks for scrypt N=${kdf.iterations}, which is not plausible.`);
  const max = options.maxKdfMemory ?? DEFAULT_MAX_KDF_MEMORY;
  if (kdf.memoryBytes > max)
    throw new ImportError(
      'out-of-memory',
      `Opening this file needs ${formatBytes(kdf.memoryBytes)} of memory for its key, more than the ${formatBytes(max)} Twofold allows; export it again with weaker settings.`,
    );
  options.onProgress?.({ stage: 'deriving-key', kdf });
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${+(n / 2 ** 30).toFixed(1)} GiB`;
  return `${Math.round(n / 2 ** 20)} MiB`;
}

export function needPassword(options: ReadOptions, what: string): string {
  if (options.password === undefined || options.password === '')
    throw new ImportError('needs-password', `${what} is encrypted; enter the password it was exported with.`);
  return options.password;
}

export function wrongPassword(what: string): ImportError {
  return new ImportError('wrong-password', `Wrong password for ${what} (or the file was changed).`);
}

export async function pbkdf2(
  hash: 'SHA-1' | 'SHA-256' | 'SHA-512',
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  bytes: number,
): Promise<Uint8Array> {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000_000)
    throw new ImportError('damaged', `The file asks for ${iterations} PBKDF2 iterations, which is not plausible.`);
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
  if (p.N > MAX_SCRYPT_N || p.r > 32 || p.p > 16)
    throw new ImportError('damaged', `The file's scrypt parameters (N=${p.N}, r=${p.r}, p=${p.p}) are not plausible.`);
  try {
    return await scryptAsync(password, salt, { N: p.N, r: p.r, p: p.p, dkLen: bytes, maxmem: 2 ** 31 });
  } catch (e) {
    if (e instanceof RangeError)
      throw new ImportError(
        'out-of-memory',
        `The browser could not provide the memory scrypt needs (N=${p.N}, r=${p.r}).`,
        { cause: e },
      );
    throw new ImportError('damaged', `The file's scrypt parameters (N=${p.N}, r=${p.r}, p=${p.p}) are not usable.`, {
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
  if (
    p.iterations < 1 ||
    p.iterations > MAX_ARGON2_PASSES ||
    p.memoryKiB < 8 * p.parallelism ||
    p.parallelism < 1 ||
    p.parallelism > 255
  )
    throw new ImportError('damaged', 'The file’s Argon2id parameters are not usable.');
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
      throw new ImportError(
        'out-of-memory',
        `The browser could not provide the ${formatBytes(p.memoryKiB * 1024)} this file's key derivation needs. Close other tabs and try again.`,
        { cause: e },
      );
    throw e;
  }
}

async function aesKey(key: Uint8Array, name: 'AES-GCM' | 'AES-CBC'): Promise<CryptoKey> {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new ImportError('damaged', `An AES key cannot have ${key.length} bytes.`);
  return crypto.subtle.importKey('raw', buf(key), name, false, ['decrypt', 'encrypt']);
}

/** AES-GCM decryption of `ciphertext ‖ tag`; a failed tag throws `wrong-password` naming `what`. */
export async function aesGcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  what: string,
  aad?: Uint8Array,
): Promise<Uint8Array> {
  if (sealed.length < 16) throw new ImportError('damaged', `${what} is cut short.`);
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
export async function aesCbcOpen(key: Uint8Array, iv: Uint8Array, ct: Uint8Array, what: string): Promise<Uint8Array> {
  if (ct.length === 0 || ct.length % 16 !== 0) throw new ImportError('damaged', `${what} is cut short or damaged.`);
  const k = await aesKey(key, 'AES-CBC');
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: buf(iv) }, k, buf(ct)));
  } catch {
    throw wrongPassword(what);
  }
}

export async function aesCbcSeal(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Promise<Uint8Array> {
  const k = await aesKey(key, 'AES-CBC');
  return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: buf(iv) }, k, buf(plain)));
}

export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', buf(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, buf(data)));
}

/** Decodes UTF-8 strictly; a decryption that "worked" but gives non-text means the wrong key. */
export function strictUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw wrongPassword(what);
  }
}

/** Standard base64 with or without padding; a clear error naming the field otherwise. */
export function fromBase64(text: unknown, field: string): Uint8Array {
  if (typeof text !== 'string') throw new ImportError('damaged', `The field “${field}” is missing or not text.`);
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1)
    throw new ImportError('damaged', `The field “${field}” is not valid base64.`);
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

export function fromHex(text: unknown, field: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text))
    throw new ImportError('damaged', `The field “${field}” is not valid hex.`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses decrypted JSON; failure after a good tag means a damaged file, not a wrong password. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ImportError('damaged', `${what} decrypted, but its contents are not valid JSON.`);
  }
}
