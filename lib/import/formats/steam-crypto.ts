import type { Text } from '../../i18n/text';
import { aesCbcOpen, argon2id, fromBase64, pbkdf2, utf8, wrongPassword } from '../crypto';
import { text } from '../text';
import { ImportError, type KdfCost } from '../types';

/*
 * The two ways a .maFile is encrypted (docs/import-formats.md "Steam Guard"). The file's whole content is
 * base64(AES-256-CBC/PKCS#7(account JSON)); the salt and IV are in the manifest, never in the file.
 *
 * - SDA (Jessecar96/SteamDesktopAuthenticator, "Steam Desktop Authenticator/FileEncryptor.cs"; steamguard-cli
 *   src/encryption/legacy.rs "LegacySdaCompatible"): key = PBKDF2-HMAC-SHA1(password, base64 salt of 8 bytes,
 *   50 000 iterations, 32 bytes); .NET's Rfc2898DeriveBytes uses HMAC-SHA1.
 * - steamguard-cli's own scheme (src/encryption/argon2id_aes.rs "Argon2idAes256"): key = Argon2id v0x13
 *   (password, base64 salt of 16 bytes, m = 12 MiB, t = 3, p = 12, 32 bytes).
 *
 * Both constants are the apps' own, not the file's: a manifest cannot ask for an absurd derivation.
 */

export type SteamScheme = 'sda' | 'argon2id';

const SDA_PBKDF2_ITERATIONS = 50_000;
const SGC_ARGON2 = { iterations: 3, memoryKiB: 12 * 1024, parallelism: 12 } as const;

export const SDA_KDF: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations: SDA_PBKDF2_ITERATIONS };
export const ARGON2_KDF: KdfCost = {
  algorithm: 'argon2id',
  memoryBytes: SGC_ARGON2.memoryKiB * 1024,
  iterations: SGC_ARGON2.iterations,
};

async function steamKey(scheme: SteamScheme, password: string, salt: Uint8Array): Promise<Uint8Array> {
  if (scheme === 'sda') return pbkdf2('SHA-1', utf8(password), salt, SDA_PBKDF2_ITERATIONS, 32);
  return argon2id(utf8(password), salt, SGC_ARGON2, 32);
}

/**
 * The account JSON text of one encrypted .maFile. No MAC protects it, so a wrong password shows as bad padding or,
 * once in 256 keys, as bytes that are not a JSON object: both are `wrong-password`, as SDA itself treats a
 * failed decryption (FileEncryptor.DecryptData returns null) and steamguard-cli checks for the braces.
 */
export async function openMaFile(
  scheme: SteamScheme,
  password: string,
  params: { salt: unknown; iv: unknown },
  content: string,
  what: Text,
): Promise<string> {
  const salt = fromBase64(params.salt, 'encryption salt');
  const iv = fromBase64(params.iv, 'encryption iv');
  if (salt.length === 0) throw new ImportError('damaged', text('import_field_not_base64', 'encryption salt'));
  if (iv.length !== 16) throw new ImportError('damaged', text('import_field_not_base64', 'encryption iv'));
  const sealed = fromBase64(content, 'maFile');
  const key = await steamKey(scheme, password, salt);
  const opened = await aesCbcOpen(key, iv, sealed, what);
  key.fill(0);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(opened).trim();
  } catch {
    throw wrongPassword(what);
  }
  if (!json.startsWith('{') || !json.endsWith('}')) throw wrongPassword(what);
  return json;
}
