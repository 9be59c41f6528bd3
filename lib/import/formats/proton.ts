import { collectEntries, entryFromUri, entryLabel, invalid, isObject } from '../entry';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';

/*
 * Proton Authenticator JSON export (docs/import-formats.md "Other apps"): {version:1, entries:[{id, content:{uri,
 * entry_type "Totp"|"Steam", name}, note}]}. Each entry is a Key URI; Steam entries are `steam://<base32>`. The URI's
 * label carries only the account; the issuer comes from its `issuer` parameter.
 *
 * Proton also writes password-protected exports ({version, salt, content}: Argon2id + AES-GCM,
 * proton-authenticator crates/authenticator/src/entry/exporter.rs). Without a sample with known contents
 * to check a reader against, those are recognised and refused with how to get a plain export instead.
 */

const KNOWN_VERSION = 1;

type Shape = { kind: 'plain'; version: unknown; entries: unknown[] } | { kind: 'encrypted' };

function shape(file: SniffedFile): Shape | false {
  const json = file.json;
  if (!isObject(json)) return false;
  if (Array.isArray(json.entries)) {
    const entries = json.entries;
    const entryLike = entries.some(
      (e) => isObject(e) && isObject(e.content) && ('entry_type' in e.content || 'uri' in e.content),
    );
    if (!entryLike) return false;
    return { kind: 'plain', version: json.version, entries };
  }
  const keys = Object.keys(json).sort().join(',');
  if (keys === 'content,salt,version' && typeof json.content === 'string' && typeof json.salt === 'string')
    return { kind: 'encrypted' };
  return false;
}

export const protonImporter: Importer = {
  id: 'proton',
  app: plain('Proton Authenticator'), // i18n-ignore: the app's name
  carries: ['steam', 'algorithm', 'digits', 'period'], // TOTP (otpauth://) and Steam (steam://), no HOTP
  detect(file): Detection | false {
    const found = shape(file);
    if (!found) return false;
    // The password-protected kind is reported as not encrypted so no password is asked for in vain:
    // read() refuses it straight away.
    return found.kind === 'encrypted'
      ? { encrypted: false, variant: text('import_variant_password_protected') }
      : { encrypted: false };
  },
  async read(file) {
    const found = shape(file);
    if (!found) throw new ImportError('damaged', text('import_proton_not_export'));
    if (found.kind === 'encrypted') throw new ImportError('unsupported', text('import_proton_encrypted'));
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
  },
};
