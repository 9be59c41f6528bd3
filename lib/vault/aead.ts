import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { VaultError } from './errors';

const text = textsOf(en);

/*
 * AES-256-GCM through WebCrypto (docs/vault-format.md "Primitives"): 96-bit nonce, 128-bit tag,
 * associated data binding each ciphertext to its place. `crypto.subtle` is a language-level global in
 * service workers, pages and Node, not a browser-extension API, so the core may use it.
 */

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;

async function importKey(key: Uint8Array, use: KeyUsage): Promise<CryptoKey> {
  if (key.length !== KEY_BYTES) throw new VaultError('bad-key', text('core_vault_bad_key_size', KEY_BYTES, key.length));
  return crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [use]);
}

/** Encrypts; returns ciphertext ‖ tag. The caller supplies a fresh random nonce for every call. */
export async function seal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array> {
  const k = await importKey(key, 'encrypt');
  const params = {
    name: 'AES-GCM',
    iv: nonce as Uint8Array<ArrayBuffer>,
    additionalData: aad as Uint8Array<ArrayBuffer>,
    tagLength: 128,
  };
  return new Uint8Array(await crypto.subtle.encrypt(params, k, plaintext as Uint8Array<ArrayBuffer>));
}

/**
 * Decrypts ciphertext ‖ tag. Any change to key, nonce, data or associated data fails the tag check
 * (NIST SP 800-38D §7.2); the caller knows what that means here (wrong password, damaged record, a sync file
 * changed outside Twofold) and passes the error to throw, of its own kind (a VaultError, a SyncError).
 */
export async function open(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
  failure: () => Error,
): Promise<Uint8Array> {
  const k = await importKey(key, 'decrypt');
  const params = {
    name: 'AES-GCM',
    iv: nonce as Uint8Array<ArrayBuffer>,
    additionalData: aad as Uint8Array<ArrayBuffer>,
    tagLength: 128,
  };
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(params, k, sealed as Uint8Array<ArrayBuffer>);
  } catch (cause) {
    const err = failure();
    (err as { cause?: unknown }).cause = cause;
    throw err;
  }
  return new Uint8Array(plain);
}
