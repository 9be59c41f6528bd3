import type { Text } from '../../i18n/text';
import { checkEntryCount } from '../../limits';
import { aesCbcOpen, announceKdf, asImportError, fromBase64, fromHex, needPassword, pbkdf2, utf8 } from '../crypto';
import { collectEntries, EntryError, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { plain, text, textOf } from '../text';
import { type Detection, ImportError, type ImportedEntry, type Importer, type SniffedFile } from '../types';
import { MAX_TOTAL_ITERATIONS } from './authy-crypto';
import { steamText } from './steam-account';

/*
 * What the tools people use to get their tokens out of Authy write (docs/import-formats.md "Authy extraction
 * tools"). Authy's own Android storage (an XML file) is another importer's (`authy`); the otpauth:// lists that
 * alexzorin/authy's authy-export prints are read by the link-list importer.
 *
 * - The response of Authy's API `authenticator_tokens` as saved by AlexTech01/Authy-iOS-MiTM (README, step "save
 *   the response") and modelled by alexzorin/authy objects.go (AuthenticatorTokensResponse):
 *   {authenticator_tokens:[{account_type, digits, encrypted_seed, issuer?, key_derivation_iterations?, logo, name,
 *   original_name, password_timestamp, salt, unique_id, unique_iv?}], deleted:[…], message, success}.
 *   Seed = AES-256-CBC/PKCS#7 under PBKDF2-HMAC-SHA1(backup password, salt as UTF-8 text, iterations, 32 bytes),
 *   IV = unique_iv (hex) or zeros; the plaintext is the base32 key (Authy-iOS-MiTM decrypt.py; alexzorin/authy
 *   crypto.go, whose fixed 100 000 iterations are the default when the field is absent).
 * - decrypt.py's output: {message, decrypted_authenticator_tokens:[{account_type, name, issuer, decrypted_seed,
 *   digits, logo, unique_id}], success}; a token it could not open has the seed "Decryption failed: …".
 * - The token array of Authy's Android storage saved as JSON (Aegis AuthyImporter.java): [{name, originalName,
 *   originalIssuer?, accountType, digits, decryptedSecret | encryptedSecret + salt}], encrypted seeds with
 *   1 000 iterations and a zero IV.
 *
 * Authy's third-party tokens are TOTP SHA-1 / 30 s with their own digits. Names are split as Aegis does
 * (sanitizeEntryInfo): the original issuer, else the original name's "Issuer:" prefix, else a "Issuer - " prefix of
 * the name, else the account type when it names a service.
 */

const WHAT = steamText('importsteam_kind_authy');
const API_ITERATIONS = 100_000;
const ANDROID_ITERATIONS = 1_000;

// The cap on all of a file's PBKDF2 work is Authy's app data's (authy-crypto.ts): one rule whichever tool wrote it.
export { MAX_TOTAL_ITERATIONS };

/** Account types that name Authy's generic icons, not a service (Authy's own list starts with these). */
const GENERIC_TYPES = new Set(['', 'authenticator', 'generic', 'other', 'unknown']);

type Shape = { tokens: unknown[]; deleted: number; api: boolean; decrypted: boolean };

const SEED_KEYS = ['encrypted_seed', 'decrypted_seed', 'decryptedSecret', 'encryptedSecret'];
const isToken = (t: unknown) =>
  isObject(t) &&
  SEED_KEYS.some((k) => k in t) &&
  ('name' in t || 'original_name' in t || 'originalName' in t || 'account_type' in t || 'accountType' in t);

function shapeOf(file: SniffedFile): Shape | undefined {
  const json = file.json;
  if (isObject(json) && Array.isArray(json.authenticator_tokens)) {
    const tokens = json.authenticator_tokens;
    const known = tokens.length === 0 ? 'success' in json && 'message' in json : tokens.some(isToken);
    if (!known) return undefined;
    const deleted = Array.isArray(json.deleted) ? json.deleted.length : 0;
    return { tokens, deleted, api: true, decrypted: false };
  }
  if (isObject(json) && Array.isArray(json.decrypted_authenticator_tokens)) {
    const tokens = json.decrypted_authenticator_tokens;
    return tokens.length === 0 || tokens.some(isToken) ? { tokens, deleted: 0, api: true, decrypted: true } : undefined;
  }
  if (Array.isArray(json) && json.length > 0 && json.some(isToken))
    return { tokens: json, deleted: 0, api: false, decrypted: !json.some(sealedSeed) };
  return undefined;
}

function sealedSeed(t: unknown): boolean {
  return isObject(t) && (typeof t.encrypted_seed === 'string' || typeof t.encryptedSecret === 'string');
}

function iterationsOf(t: unknown, api: boolean): number {
  const n = isObject(t) ? t.key_derivation_iterations : undefined;
  return typeof n === 'number' ? n : api ? API_ITERATIONS : ANDROID_ITERATIONS;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The issuer and account name, as Aegis's AuthyImporter.sanitizeEntryInfo splits them. */
export function authyNames(t: Record<string, unknown>): { issuer: string; account: string } {
  const name = str(t.name);
  const originalName = str(t.original_name ?? t.originalName);
  let issuer = str(t.original_issuer ?? t.originalIssuer) || str(t.issuer);
  let separator = '';
  if (!issuer && originalName.includes(':')) {
    issuer = originalName.slice(0, originalName.indexOf(':')).trim();
    separator = ':';
  } else if (!issuer && name.includes(' - ')) {
    issuer = name.slice(0, name.indexOf(' - ')).trim();
    separator = ' - ';
  } else if (!issuer) {
    const type = str(t.account_type ?? t.accountType);
    if (!GENERIC_TYPES.has(type.toLowerCase())) issuer = type.charAt(0).toUpperCase() + type.slice(1);
  }
  let account = issuer && name.startsWith(issuer + separator) ? name.slice((issuer + separator).length) : name;
  // "GitHub: alice" and "Bänk - bob" with the issuer known from a field: the separator left in front goes too.
  account = account.replace(/^\s*(?::|-(?=\s))?\s*/, '').trim();
  return { issuer, account: account === issuer ? '' : account };
}

const BASE32_TEXT = /^[A-Za-z2-7=\s-]+$/;

async function openSeed(t: Record<string, unknown>, password: string, api: boolean): Promise<string> {
  const sealedValue = t.encrypted_seed ?? t.encryptedSecret;
  const sealed = fromBase64(sealedValue, 'encrypted_seed');
  if (typeof t.salt !== 'string') throw new ImportError('damaged', text('import_field_not_text', 'salt'));
  // A seed that is not whole AES blocks is damaged: said before the key is derived.
  if (sealed.length === 0 || sealed.length % 16 !== 0)
    throw new ImportError('damaged', text('import_cut_short_or_damaged', WHAT));
  const ivHex = str(t.unique_iv);
  const iv = ivHex ? fromHex(ivHex, 'unique_iv') : new Uint8Array(16);
  if (iv.length !== 16) throw new ImportError('damaged', text('import_field_not_hex', 'unique_iv'));
  const key = await pbkdf2('SHA-1', utf8(password), utf8(t.salt), iterationsOf(t, api), 32);
  const opened = await aesCbcOpen(key, iv, sealed, WHAT);
  key.fill(0);
  // No MAC: a wrong key that happens to leave valid padding still gives bytes that are not a base32 key.
  const seed = new TextDecoder().decode(opened);
  if (seed.trim() === '' || !BASE32_TEXT.test(seed))
    throw new ImportError('wrong-password', text('import_wrong_password', WHAT));
  return seed;
}

type Seed = { seed: string } | { error: EntryError };

function plainSeed(t: unknown): Seed {
  if (!isObject(t)) return { error: invalid(steamText('importsteam_not_object')) };
  const seed = t.decrypted_seed ?? t.decryptedSecret;
  if (typeof seed !== 'string' || seed.trim() === '') return { error: invalid(text('import_entry_no_secret')) };
  if (/^decryption failed/i.test(seed.trim()))
    return { error: invalid(steamText('importsteam_authy_not_decrypted', plain(seed.trim()))) };
  return { seed };
}

function tokenEntry(t: unknown, seed: Seed): ImportedEntry {
  if ('error' in seed) throw seed.error;
  const token = t as Record<string, unknown>;
  const { issuer, account } = authyNames(token);
  return entryFrom({ kind: 'totp', secret: seed.seed, issuer, account, digits: token.digits, period: 30 });
}

const asEntryError = (e: unknown): EntryError =>
  e instanceof EntryError ? e : invalid(e instanceof ImportError ? (e.text as Text) : textOf(e));

export const authyExportImporter: Importer = {
  id: 'authy-export',
  app: plain('Authy'),
  carries: ['digits'], // TOTP SHA-1 / 30 s: only the digits are the token's own
  detect(file): Detection | false {
    const shape = shapeOf(file);
    if (!shape) return false;
    const variant = steamText(
      !shape.api
        ? 'importsteam_variant_authy_android'
        : shape.decrypted
          ? 'importsteam_variant_authy_decrypted'
          : 'importsteam_variant_authy_api',
    );
    if (shape.decrypted || !shape.tokens.some(sealedSeed)) return { encrypted: false, variant };
    const iterations = Math.max(...shape.tokens.filter(sealedSeed).map((t) => iterationsOf(t, shape.api)));
    return { encrypted: true, kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations }, variant };
  },
  async read(file, _detection, options) {
    const shape = shapeOf(file);
    if (!shape) throw new ImportError('damaged', text('import_format_damaged', WHAT));
    // Caps before any key is derived: the number of tokens, and the derivations' total work (each token has its own
    // salt and count, so a crafted list of many tokens at the per-derivation cap would otherwise run for hours).
    try {
      checkEntryCount(shape.tokens.length);
    } catch (e) {
      throw asImportError(e);
    }
    const work = shape.tokens
      .filter(sealedSeed)
      .reduce<number>((sum, t) => sum + Math.max(0, iterationsOf(t, shape.api)), 0);
    if (work > MAX_TOTAL_ITERATIONS)
      throw new ImportError(
        'pbkdf2-iterations',
        steamText('importsteam_authy_too_much_work', work, MAX_TOTAL_ITERATIONS),
      );
    const seeds: Seed[] = [];
    let password: string | undefined;
    let wrong: ImportError | undefined;
    let openedOne = false;
    for (const t of shape.tokens) {
      if (!sealedSeed(t)) {
        seeds.push(plainSeed(t));
        continue;
      }
      if (password === undefined) {
        password = needPassword(options, WHAT);
        const iterations = Math.max(...shape.tokens.filter(sealedSeed).map((x) => iterationsOf(x, shape.api)));
        announceKdf({ algorithm: 'pbkdf2', memoryBytes: 0, iterations }, options);
      }
      try {
        seeds.push({ seed: await openSeed(t as Record<string, unknown>, password, shape.api) });
        openedOne = true;
      } catch (e) {
        if (e instanceof ImportError && e.code === 'wrong-password') wrong = e;
        else if (e instanceof ImportError && e.code !== 'damaged') throw e;
        seeds.push({ error: asEntryError(e) });
      }
    }
    // One backup password encrypts every token: when none opens, the password is wrong.
    if (wrong && !openedOne) throw wrong;
    options.onProgress?.({ stage: 'reading-entries', count: shape.tokens.length });
    const result = collectEntries(
      shape.tokens,
      (t, i) => (isObject(t) ? labelFor(authyNames(t).issuer, authyNames(t).account || str(t.name), i) : entryLabel(i)),
      (t, i) => tokenEntry(t, seeds[i] as Seed),
    );
    const notices = shape.deleted > 0 ? [steamText.counted('importsteam_authy_deleted', shape.deleted)] : [];
    return notices.length > 0 ? { ...result, notices } : result;
  },
};
