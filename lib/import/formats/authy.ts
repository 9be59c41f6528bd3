import { androidText, namesKey, prefString, readAndroidPrefs } from '../android-prefs';
import { fromHex, wrongPassword } from '../crypto';
import { collectEntries, decodeBase32OrInvalid, entryFrom, entryLabel, invalid, isObject, nameLabel } from '../entry';
import { plain, text, textOf } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions } from '../types';
import { checkTotalIterations, LEGACY_ITERATIONS, openSecret, type SealedSecret, sealedSecretOf } from './authy-crypto';

/*
 * Authy's Android token stores (docs/import-formats.md "Authy app data"), shared_prefs files of com.authy.authy from a
 * rooted phone. Keys and fields: Aegis's AuthyImporter.java (beemdevelopment/Aegis,
 * app/src/main/java/com/beemdevelopment/aegis/importers/) and its samples authy_plain.xml / authy_encrypted.xml.
 * - `com.authy.storage.tokens.authenticator.xml`: the string `com.authy.storage.tokens.authenticator.key` is a JSON
 *   array of third-party tokens {name, originalName?, originalIssuer?, accountType, digits, and either
 *   decryptedSecret (base32) or encryptedSecret + salt (lib/import/formats/authy-crypto.ts)}. Authy makes SHA-1
 *   codes with a 30 s period for them and honours digits.
 * - `com.authy.storage.tokens.authy.xml`: `com.authy.storage.tokens.authy.key`, Authy's own accounts
 *   {name, digits, secretSeed (hex)}: 10 s codes (Aegis: period 10 for them), usually 7 digits.
 * Names: the issuer is originalIssuer, else the part of originalName before ":", else the part of name before " - ",
 * else the accountType capitalised; the account is the name without that issuer prefix (Authy shows "Deno: Mason").
 */

const AUTHENTICATOR_KEY = 'com.authy.storage.tokens.authenticator.key';
const AUTHY_KEY = 'com.authy.storage.tokens.authy.key';
const KEYS = /com\.authy\.storage\.tokens\.(?:authenticator|authy)\.key/;
const WHAT = androidText('importandroid_kind_authy');
const THIRD_PARTY_PERIOD = 30;
const AUTHY_PERIOD = 10;

function isEncryptedToken(t: unknown): boolean {
  return (
    isObject(t) && t.decryptedSecret == null && t.secretSeed == null && (t.encryptedSecret ?? t.encrypted_seed) != null
  );
}

/** The most iterations any token asks for, read from the text (detection does not parse). */
function kdfOf(xml: string): KdfCost {
  let iterations = LEGACY_ITERATIONS;
  for (const m of xml.matchAll(/&quot;(?:key_derivation_iterations|keyDerivationIterations)&quot;\s*:\s*(\d{1,12})/g))
    iterations = Math.max(iterations, Number(m[1]));
  return { algorithm: 'pbkdf2', memoryBytes: 0, iterations };
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Issuer and account of a third-party token, as Authy shows them. */
function names(t: Record<string, unknown>): { issuer: string; account: string } {
  const name = str(t.name);
  const originalName = str(t.originalName ?? t.original_name);
  let issuer = str(t.originalIssuer ?? t.issuer);
  let separator = '';
  if (!issuer && originalName.includes(':')) {
    issuer = originalName.slice(0, originalName.indexOf(':')).trim();
    separator = ':';
  } else if (!issuer && name.includes(' - ')) {
    issuer = name.slice(0, name.indexOf(' - ')).trim();
    separator = ' - ';
  } else if (!issuer) {
    const type = str(t.accountType);
    issuer = type ? type.charAt(0).toUpperCase() + type.slice(1) : '';
  }
  let account = issuer && name.startsWith(issuer + separator) ? name.slice(issuer.length + separator.length) : name;
  account = account.replace(/^:\s*/, '').trim();
  return { issuer, account };
}

function tokensOf(xml: ReturnType<typeof readAndroidPrefs>): { tokens: unknown[]; native: boolean } {
  const key = xml.has(AUTHENTICATOR_KEY) ? AUTHENTICATOR_KEY : AUTHY_KEY;
  const value = prefString(xml, key);
  if (value === undefined) throw new ImportError('damaged', androidText('importandroid_authy_no_list'));
  let tokens: unknown;
  try {
    tokens = JSON.parse(value);
  } catch {
    throw new ImportError('damaged', androidText('importandroid_authy_not_json', key));
  }
  if (!Array.isArray(tokens)) throw new ImportError('damaged', androidText('importandroid_authy_not_json', key));
  return { tokens, native: key === AUTHY_KEY };
}

/** Opens every encrypted token; a password that opens none of them is wrong for the file. */
async function openAll(tokens: unknown[], options: ReadOptions): Promise<Map<number, Uint8Array | ImportError>> {
  const opened = new Map<number, Uint8Array | ImportError>();
  const sealed: Array<{ index: number; secret: SealedSecret }> = [];
  tokens.forEach((t, index) => {
    if (!isEncryptedToken(t)) return;
    try {
      sealed.push({ index, secret: sealedSecretOf(t as Record<string, unknown>) });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      opened.set(index, e);
    }
  });
  if (sealed.length === 0) return opened;
  // The secrets are sealed with the Authy backup password (the one Authy asks for on a new phone), not a file password.
  const password = options.password;
  if (password === undefined || password === '')
    throw new ImportError('needs-password', androidText('importandroid_authy_needs_password'));
  checkTotalIterations(
    sealed.map((s) => s.secret),
    options,
  );
  let good = 0;
  for (const { index, secret } of sealed) {
    try {
      opened.set(index, await openSecret(secret, password, WHAT));
      good++;
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      opened.set(index, e);
    }
  }
  if (good === 0 && [...opened.values()].some((v) => v instanceof ImportError && v.code === 'wrong-password'))
    throw wrongPassword(WHAT);
  options.onProgress?.({ stage: 'decrypting' });
  return opened;
}

export const authyImporter: Importer = {
  id: 'authy',
  app: plain('Authy'),
  carries: ['digits', 'period'], // SHA-1 TOTP only; the period follows from the kind of token
  detect(file): Detection | false {
    if (!namesKey(file, KEYS)) return false;
    const xml = file.text ?? '';
    const encrypted = /&quot;(?:encryptedSecret|encrypted_seed)&quot;/.test(xml);
    const variant = androidText('importandroid_variant_authy');
    return encrypted ? { encrypted, variant, kdf: kdfOf(xml) } : { encrypted, variant };
  },
  async read(file, _detection, options) {
    const { tokens, native } = tokensOf(readAndroidPrefs(file, WHAT));
    const opened = await openAll(tokens, options);
    options.onProgress?.({ stage: 'reading-entries', count: tokens.length });
    return collectEntries(
      tokens,
      (t, i) => {
        if (!isObject(t)) return entryLabel(i);
        const own = native || t.secretSeed != null;
        const n = own ? { issuer: str(t.name), account: '' } : names(t);
        return nameLabel(n.issuer, n.account) ?? entryLabel(i);
      },
      (t, i) => {
        if (!isObject(t)) throw invalid(text('import_entry_not_object'));
        const own = native || t.secretSeed != null;
        let secret: Uint8Array;
        if (t.secretSeed != null) secret = hexSecret(t.secretSeed);
        else if (t.decryptedSecret != null) {
          if (typeof t.decryptedSecret !== 'string') throw invalid(text('import_entry_secret_not_text'));
          secret = decodeBase32OrInvalid(t.decryptedSecret);
        } else {
          const got = opened.get(i);
          if (got === undefined) throw invalid(text('import_entry_no_secret'));
          if (got instanceof ImportError)
            throw invalid(
              got.code === 'wrong-password' ? androidText('importandroid_authy_token_not_opened') : textOf(got),
            );
          secret = got;
        }
        const n = own ? { issuer: str(t.name), account: '' } : names(t);
        return entryFrom({
          kind: 'totp',
          secret,
          issuer: n.issuer,
          account: n.account,
          digits: t.digits,
          period: own ? AUTHY_PERIOD : THIRD_PARTY_PERIOD,
        });
      },
    );
  },
};

function hexSecret(value: unknown): Uint8Array {
  try {
    return fromHex(typeof value === 'string' ? value.trim() : value, 'secretSeed');
  } catch (e) {
    throw invalid(textOf(e));
  }
}
