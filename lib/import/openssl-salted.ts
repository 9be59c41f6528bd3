import { md5 } from '@noble/hashes/legacy.js';
import type { Text } from '../i18n/text';
import { aesCbcOpen, fromBase64, utf8 } from './crypto';
import { text } from './text';
import { ImportError } from './types';

/*
 * CryptoJS's passphrase mode, `CryptoJS.AES.encrypt(text, "passphrase").toString()`: the OpenSSL
 * `enc` format base64("Salted__" ‖ salt 8 ‖ AES-256-CBC/PKCS7 ciphertext), key and IV from
 * EVP_BytesToKey with MD5 and one iteration (crypto-js cipher-core.js OpenSSLFormatter and
 * OpenSSLKdf, evpkdf.js defaults; docs/import-formats.md "Authenticator extension"). No integrity check: a wrong
 * passphrase shows as bad padding (wrong-password from aesCbcOpen), or in 1 case of 256 as garbage the caller must
 * recognise.
 */

const MAGIC = 'Salted__';
const KEY_BYTES = 32;
const IV_BYTES = 16;

/** EVP_BytesToKey(MD5, count 1): D_i = MD5(D_{i-1} ‖ password ‖ salt) until key and IV are filled. */
export function evpBytesToKey(password: Uint8Array, salt: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const out = new Uint8Array(KEY_BYTES + IV_BYTES);
  let previous: Uint8Array = new Uint8Array(0);
  for (let filled = 0; filled < out.length; filled += previous.length) {
    const input = new Uint8Array(previous.length + password.length + salt.length);
    input.set(previous);
    input.set(password, previous.length);
    input.set(salt, previous.length + password.length);
    previous = md5(input);
    out.set(previous.subarray(0, Math.min(previous.length, out.length - filled)), filled);
  }
  return { key: out.subarray(0, KEY_BYTES), iv: out.subarray(KEY_BYTES) };
}

/** True when the text is a CryptoJS/OpenSSL salted ciphertext ("U2FsdGVkX1…" is "Salted__" in base64). */
export function isSaltedText(text: unknown): text is string {
  return typeof text === 'string' && text.trim().startsWith('U2FsdGVkX1');
}

/**
 * CryptoJS.AES.decrypt(text, passphrase) as bytes. Throws `damaged` (naming `field`) for text that is not
 * the salted format, `wrong-password` (naming `what`) for bad padding.
 */
export async function openSalted(value: unknown, passphrase: string, field: string, what: Text): Promise<Uint8Array> {
  const bytes = fromBase64(value, field);
  const magicOk = bytes.length >= 16 && [...MAGIC].every((c, i) => bytes[i] === c.charCodeAt(0));
  if (!magicOk || (bytes.length - 16) % 16 !== 0 || bytes.length === 16)
    throw new ImportError('damaged', text('import_field_not_salted', field));
  const { key, iv } = evpBytesToKey(utf8(passphrase), bytes.subarray(8, 16));
  return aesCbcOpen(key, iv, bytes.subarray(16), what);
}
