import { argon2id, aesGcmOpen, announceKdf, fromBase64, needPassword, parseJson, strictUtf8, utf8 } from '../crypto';
import { collectEntries, entryFromUri, entryLabel, invalid, isObject } from '../entry';
import { pmText } from '../pm-text';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type KdfCost, type ReadOptions, type SniffedFile } from '../types';

/*
 * Proton Authenticator JSON export (docs/import-formats.md "Other apps"): {version:1, entries:[{id, content:{uri,
 * entry_type "Totp"|"Steam", name}, note}]}. Each entry is a Key URI; Steam entries are `steam://<base32>`. The URI's
 * label carries only the account; the issuer comes from its `issuer` parameter.
 *
 * The password-protected export (docs/import-formats.md "Proton Authenticator, password-protected";
 * protonpass/proton-authenticator crates/authenticator/src/entry/exporter.rs and crypto.rs) is {version:1, salt,
 * content}: salt = base64 of 16 random bytes; key = Argon2id v0x13 (19 MiB, 2 passes, 1 lane, 32 bytes) of the UTF-8
 * password; content = base64 of nonce (12 bytes) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes), with the associated data
 * "proton.authenticator.export.v1". It decrypts to the plain export above. The KDF parameters are fixed by the
 * format, not written in the file, so a file cannot ask for an absurd derivation.
 */

const KNOWN_VERSION = 1;
const ENCRYPTED_VERSION = 1;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ARGON2 = { iterations: 2, memoryKiB: 19 * 1024, parallelism: 1 } as const;
const KDF: KdfCost = { algorithm: 'argon2id', memoryBytes: ARGON2.memoryKiB * 1024, iterations: ARGON2.iterations };
const AAD = 'proton.authenticator.export.v1';
const WHAT = pmText('importpm_kind_proton_encrypted');

type Plain = { kind: 'plain'; version: unknown; entries: unknown[] };
type Encrypted = { kind: 'encrypted'; version: unknown; salt: string; content: string };
type Shape = Plain | Encrypted;

function plainShape(json: unknown): Plain | false {
  if (!isObject(json) || !Array.isArray(json.entries)) return false;
  const entries = json.entries;
  const entryLike = entries.some(
    (e) => isObject(e) && isObject(e.content) && ('entry_type' in e.content || 'uri' in e.content),
  );
  if (!entryLike) return false;
  return { kind: 'plain', version: json.version, entries };
}

function shape(file: SniffedFile): Shape | false {
  const json = file.json;
  if (!isObject(json)) return false;
  if (Array.isArray(json.entries)) return plainShape(json);
  const keys = Object.keys(json).sort().join(',');
  if (keys === 'content,salt,version' && typeof json.content === 'string' && typeof json.salt === 'string')
    return { kind: 'encrypted', version: json.version, salt: json.salt, content: json.content };
  return false;
}

function readEntries(found: Plain) {
  if (typeof found.version === 'number' && found.version > KNOWN_VERSION)
    throw new ImportError('newer-version', text('import_proton_newer', found.version, KNOWN_VERSION));
  return collectEntries(
    found.entries,
    (e, i) => {
      const name =
        isObject(e) && isObject(e.content) && typeof e.content.name === 'string' ? e.content.name.trim() : '';
      return name ? plain(name) : entryLabel(i);
    },
    (e) => {
      if (!isObject(e) || !isObject(e.content)) throw invalid(text('import_proton_no_content'));
      const { uri, name } = e.content;
      if (typeof uri !== 'string' || uri.trim() === '') throw invalid(text('import_proton_no_link'));
      const entry = entryFromUri(uri, { notes: typeof e.note === 'string' ? e.note.trim() : '' });
      // steam:// links have no label; Proton keeps the account's name beside the link.
      if (entry.params.account === '' && typeof name === 'string') entry.params.account = name.trim();
      return entry;
    },
  );
}

async function decrypt(found: Encrypted, options: ReadOptions) {
  if (found.version !== ENCRYPTED_VERSION)
    throw new ImportError('newer-version', pmText('importpm_proton_encrypted_version', String(found.version)));
  const salt = fromBase64(found.salt, 'salt');
  const content = fromBase64(found.content, 'content');
  if (salt.length !== SALT_BYTES)
    throw new ImportError('damaged', text('import_field_wrong_length', 'salt', salt.length, SALT_BYTES));
  if (content.length < NONCE_BYTES + TAG_BYTES) throw new ImportError('damaged', text('import_cut_short', WHAT));
  const password = needPassword(options, WHAT);
  announceKdf(KDF, options);
  const key = await argon2id(utf8(password), salt, ARGON2, 32);
  options.onProgress?.({ stage: 'decrypting' });
  const opened = await aesGcmOpen(
    key,
    content.subarray(0, NONCE_BYTES),
    content.subarray(NONCE_BYTES),
    WHAT,
    utf8(AAD),
  );
  const json = parseJson(strictUtf8(opened, WHAT), WHAT);
  // Authenticated by the tag, so an export of no accounts ({version, entries: []}) is just that.
  const inner =
    isObject(json) && Array.isArray(json.entries)
      ? { kind: 'plain' as const, version: json.version, entries: json.entries }
      : false;
  if (!inner) throw new ImportError('damaged', pmText('importpm_proton_encrypted_not_export'));
  return readEntries(inner);
}

export const protonImporter: Importer = {
  id: 'proton',
  app: plain('Proton Authenticator'), // i18n-ignore: the app's name
  carries: ['steam', 'algorithm', 'digits', 'period'], // TOTP (otpauth://) and Steam (steam://), no HOTP
  detect(file): Detection | false {
    const found = shape(file);
    if (!found) return false;
    return found.kind === 'encrypted'
      ? { encrypted: true, kdf: KDF, variant: text('import_variant_password_protected') }
      : { encrypted: false };
  },
  async read(file, _detection, options) {
    const found = shape(file);
    if (!found) throw new ImportError('damaged', text('import_proton_not_export'));
    if (found.kind === 'encrypted') return decrypt(found, options);
    return readEntries(found);
  },
};
