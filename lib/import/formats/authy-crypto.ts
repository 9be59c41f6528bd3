import type { Text } from '../../i18n/text';
import { PBKDF2_MAX_ITERATIONS } from '../../limits';
import { androidText } from '../android-prefs';
import { aesCbcOpen, announceKdf, fromBase64, fromHex, pbkdf2, strictUtf8, utf8, wrongPassword } from '../crypto';
import { decodeBase32OrInvalid } from '../entry';
import { ImportError, type ReadOptions } from '../types';

/*
 * Authy's per-token encryption with the user's backup password (docs/import-formats.md "Authy app data"). Each
 * encrypted token carries `encryptedSecret` (base64) and `salt` (text, used as its UTF-8 bytes); the key is
 * PBKDF2-HMAC-SHA1(password, salt, iterations, 32 bytes) and the cipher AES-256-CBC with PKCS#7 padding; the
 * plaintext is the secret as base32 text. Older tokens: 1000 iterations and an all-zero IV (Aegis's AuthyImporter.java,
 * beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/, ITERATIONS and IV). Newer tokens name
 * their iterations (`key_derivation_iterations`, 100 000 in Authy's current data) and carry their own IV
 * (`unique_iv`, hex): serbbil/Authy-GDPR-Export-Decryption authy-export-decryptor.py reads Authy's own token data so.
 * Both spellings (snake_case as in Authy's API data, camelCase as in its Android JSON) are accepted.
 */

export const LEGACY_ITERATIONS = 1000;
/**
 * All the tokens of one file together: each has its own salt, so nothing is shared, and a crafted file of
 * thousands of tokens at the per-derivation cap would hold the worker for hours. 20 × Bitwarden's maximum covers
 * 400 tokens at Authy's 100 000 (a few seconds of SHA-1 here).
 */
export const MAX_TOTAL_ITERATIONS = 20 * PBKDF2_MAX_ITERATIONS;

export interface SealedSecret {
  ciphertext: Uint8Array;
  salt: Uint8Array;
  iterations: number;
  iv: Uint8Array;
}

const field = (t: Record<string, unknown>, snake: string, camel: string): unknown => t[snake] ?? t[camel];

/** The sealed secret of a token; an ImportError naming what is wrong with it otherwise. */
export function sealedSecretOf(t: Record<string, unknown>): SealedSecret {
  const ciphertext = fromBase64(t.encryptedSecret ?? t.encrypted_seed, 'encryptedSecret');
  if (typeof t.salt !== 'string') throw new ImportError('damaged', androidText('importandroid_authy_no_salt'));
  const rawIterations = field(t, 'key_derivation_iterations', 'keyDerivationIterations');
  const iterations = rawIterations === undefined || rawIterations === null ? LEGACY_ITERATIONS : Number(rawIterations);
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new ImportError('damaged', androidText('importandroid_authy_bad_iterations', String(rawIterations)));
  const rawIv = field(t, 'unique_iv', 'uniqueIv');
  const iv = rawIv === undefined || rawIv === null || rawIv === '' ? new Uint8Array(16) : ivOf(rawIv);
  return { ciphertext, salt: utf8(t.salt), iterations, iv };
}

function ivOf(value: unknown): Uint8Array {
  let iv: Uint8Array | undefined;
  if (typeof value === 'string' && /^[0-9a-fA-F]{32}$/.test(value.trim())) iv = fromHex(value.trim(), 'unique_iv');
  else if (typeof value === 'string') iv = fromBase64(value, 'unique_iv');
  if (iv?.length !== 16) throw new ImportError('damaged', androidText('importandroid_authy_bad_iv'));
  return iv;
}

/** Refuses a file whose derivations together cost more than {@link MAX_TOTAL_ITERATIONS}, before any starts. */
export function checkTotalIterations(sealed: readonly SealedSecret[], options: ReadOptions): void {
  let total = 0;
  let most = 0;
  for (const s of sealed) {
    total += s.iterations;
    most = Math.max(most, s.iterations);
  }
  announceKdf({ algorithm: 'pbkdf2', memoryBytes: 0, iterations: most }, options);
  if (total > MAX_TOTAL_ITERATIONS)
    throw new ImportError(
      'pbkdf2-iterations',
      androidText('importandroid_authy_total_iterations', sealed.length, total, MAX_TOTAL_ITERATIONS),
    );
}

/**
 * The secret bytes. A wrong password shows as bad padding or as plaintext that is not base32 text; both throw
 * `wrong-password` (an ImportError), which the caller turns into a per-token problem or a whole-file refusal.
 */
export async function openSecret(s: SealedSecret, password: string, what: Text): Promise<Uint8Array> {
  const key = await pbkdf2('SHA-1', utf8(password), s.salt, s.iterations, 32);
  const plain = strictUtf8(await aesCbcOpen(key, s.iv, s.ciphertext, what), what).trim();
  if (!/^[A-Za-z2-7\s=-]+$/.test(plain)) throw wrongPassword(what);
  try {
    return decodeBase32OrInvalid(plain);
  } catch {
    throw wrongPassword(what);
  }
}
