import { aesCbcOpen, announceKdf, fromBase64, fromHex, sha256, strictUtf8, utf8 } from '../crypto';
import { collectEntries, decodeBase32OrInvalid, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';

/*
 * TOTP Authenticator (BinaryBoot) backups (docs/import-formats.md "Other apps"; Stratum.Core
 * TotpAuthenticatorBackupConverter.cs). The file is base64 text of AES-256-CBC/PKCS7 with key = SHA-256(password) and
 * an all-zero IV. The plaintext is a JSON object with a single member whose NAME is the token array as JSON text (its
 * value is the export time). Tokens: {issuer, name, key, base (16 | 32 | 64), digits, period (strings, "" = default),
 * accountHeaderLabel (its group), isFavorite}. The app uses the password "TotpAuthenticator" when the user set none, so
 * that one is tried when no password is given.
 */

const WHAT = text('import_kind_totp_authenticator');
const DEFAULT_PASSWORD = 'TotpAuthenticator';
const KDF: KdfCost = { algorithm: 'sha256', memoryBytes: 0, iterations: 1 };
// The smallest real backup (one token) is well over 100 bytes of ciphertext; requiring 64 keeps short
// base64 strings (a pasted secret, a token) from being taken for a backup.
const MIN_CIPHERTEXT = 64;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/** The file's base64 text without line breaks, when the whole file is base64 of whole AES blocks. */
function ciphertextText(file: SniffedFile): string | undefined {
  if (file.text === undefined || file.json !== undefined) return undefined;
  const clean = file.text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !BASE64_TEXT.test(clean)) return undefined;
  const bytes = (clean.length / 4) * 3 - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
  if (bytes < MIN_CIPHERTEXT || bytes % 16 !== 0) return undefined;
  return clean;
}

async function decrypt(ciphertext: Uint8Array, password: string): Promise<Uint8Array> {
  return aesCbcOpen(sha256(utf8(password)), new Uint8Array(16), ciphertext, WHAT);
}

/** The token array: the JSON name of the object's member (Stratum strips it by hand; we parse). */
function tokensOf(json: string): unknown[] {
  let outer: unknown;
  try {
    outer = JSON.parse(json);
  } catch {
    throw new ImportError('damaged', text('import_totpauth_not_json'));
  }
  const candidates = isObject(outer) ? Object.keys(outer) : Array.isArray(outer) ? [JSON.stringify(outer)] : [];
  for (const name of candidates) {
    try {
      const tokens: unknown = JSON.parse(name);
      if (Array.isArray(tokens)) return tokens;
    } catch {
      // Not the token list; try the next member.
    }
  }
  throw new ImportError('damaged', text('import_totpauth_no_tokens'));
}

function secretOf(key: unknown, base: unknown): Uint8Array {
  if (typeof key !== 'string' || key.trim() === '') throw invalid(text('import_entry_no_secret'));
  const b = Number(base);
  try {
    if (b === 16) return fromHex(key.trim(), 'key');
    if (b === 64) return fromBase64(key, 'key');
  } catch {
    throw invalid(text('import_entry_secret_not_base', String(b)));
  }
  if (b === 32 || base === undefined || base === '') return decodeBase32OrInvalid(key);
  throw invalid(text('import_entry_secret_base_unknown', String(base)));
}

/** The app's token objects as entries; also its settings file's list (totp-authenticator-internal.ts). */
export function readTotpAuthenticatorTokens(tokens: unknown[]) {
  return collectEntries(
    tokens,
    (t, i) => (isObject(t) ? labelFor(t.issuer, t.name, i) : entryLabel(i)),
    (t) => {
      if (!isObject(t)) throw invalid(text('import_entry_not_object'));
      const group = typeof t.accountHeaderLabel === 'string' ? [t.accountHeaderLabel] : [];
      // The app only makes SHA-1 TOTP codes; digits and period are strings, "" meaning 6 and 30.
      return entryFrom({
        kind: 'totp',
        secret: secretOf(t.key, t.base),
        issuer: t.issuer,
        account: t.name,
        digits: t.digits,
        period: t.period,
        groups: group,
        pinned: t.isFavorite,
      });
    },
  );
}

export const totpAuthenticatorImporter: Importer = {
  id: 'totp-authenticator',
  app: plain('TOTP Authenticator'),
  carries: ['digits', 'period'], // SHA-1 TOTP only: no algorithm, no Steam type, no counter
  detect(file: SniffedFile): Detection | false {
    return ciphertextText(file) === undefined ? false : { encrypted: true, passwordOptional: true, kdf: KDF };
  },
  async read(file, _detection, options: ReadOptions) {
    const base64 = ciphertextText(file);
    if (base64 === undefined) throw new ImportError('damaged', text('import_totpauth_not_base64'));
    const ciphertext = fromBase64(base64, 'backup');
    announceKdf(KDF, options);
    let plain: Uint8Array;
    if (options.password === undefined || options.password === '') {
      try {
        plain = await decrypt(ciphertext, DEFAULT_PASSWORD);
      } catch (e) {
        if (e instanceof ImportError && e.code === 'wrong-password')
          throw new ImportError('needs-password', text('import_totpauth_needs_password', DEFAULT_PASSWORD));
        throw e;
      }
    } else {
      plain = await decrypt(ciphertext, options.password);
    }
    options.onProgress?.({ stage: 'decrypting' });
    const tokens = tokensOf(strictUtf8(plain, WHAT));
    options.onProgress?.({ stage: 'reading-entries', count: tokens.length });
    return readTotpAuthenticatorTokens(tokens);
  },
};
