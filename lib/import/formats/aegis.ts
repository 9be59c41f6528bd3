import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { aesGcmOpen, fromBase64, fromHex, parseJson, strictUtf8 } from '../crypto';
import { collectEntries, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import {
  type Detection,
  ImportError,
  type ImportedEntry,
  type Importer,
  type ReadOptions,
  type SniffedFile,
} from '../types';
import { AEGIS_KIND, firstSlotCost, passwordSlots, unlockMasterKey } from './aegis-slots';

/*
 * Aegis vault files, plain and encrypted (docs/import-formats.md "Aegis"; Aegis VaultFile.java, Vault.java,
 * VaultEntry.java, OtpInfo.java). File `{version: 1, header: {slots, params}, db}`; `db` is the JSON object itself, or
 * when encrypted the base64 of its AES-256-GCM ciphertext, whose nonce and tag are in `header.params`.
 */

/** VaultFile.VERSION; Aegis refuses anything newer. */
export const AEGIS_FILE_VERSION = 1;
/** Vault.VERSION: db v1 (no groups), v2 (per-entry `group` name), v3 (`groups` uuids + a group list). */
export const AEGIS_DB_VERSION = 3;

const isVersion = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function checkFileVersion(json: Record<string, unknown>): void {
  if (!isVersion(json.version)) throw new ImportError('damaged', text('import_aegis_no_version'));
  if (json.version > AEGIS_FILE_VERSION)
    throw new ImportError('newer-version', text('import_aegis_newer_file', json.version, AEGIS_FILE_VERSION));
}

async function decryptDb(json: Record<string, unknown>, header: Record<string, unknown>, options: ReadOptions) {
  const slots = passwordSlots(header);
  const params = header.params;
  if (!isObject(params)) throw new ImportError('damaged', text('import_aegis_no_params'));
  const nonce = fromHex(params.nonce, 'header.params.nonce');
  const tag = fromHex(params.tag, 'header.params.tag');
  const ciphertext = fromBase64(json.db, 'db');
  const master = await unlockMasterKey(slots, options);
  options.onProgress?.({ stage: 'decrypting' });
  const sealed = new Uint8Array(ciphertext.length + tag.length);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  let plain: Uint8Array;
  try {
    plain = await aesGcmOpen(master, nonce, sealed, AEGIS_KIND);
  } catch (e) {
    // The slot's tag already proved the password right: a failure now means the db was altered.
    if (e instanceof ImportError && e.code === 'wrong-password')
      throw new ImportError('damaged', text('import_aegis_db_integrity'));
    throw e;
  } finally {
    master.fill(0);
  }
  return parseJson(strictUtf8(plain, AEGIS_KIND), AEGIS_KIND);
}

/** Group uuid → name from a v3 db's `groups` list (unknown shapes are ignored: names are only context). */
function groupNames(db: Record<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  if (!Array.isArray(db.groups)) return names;
  for (const g of db.groups)
    if (isObject(g) && typeof g.uuid === 'string' && typeof g.name === 'string')
      names.set(g.uuid.toLowerCase(), g.name);
  return names;
}

/** Entry groups: v3 `groups` (uuids) wins over the v2 `group` name, as VaultEntry.fromJson does. */
function entryGroups(e: Record<string, unknown>, names: Map<string, string>): string[] {
  if (Array.isArray(e.groups))
    return e.groups.flatMap((uuid) => {
      const name = typeof uuid === 'string' ? names.get(uuid.toLowerCase()) : undefined;
      return name === undefined ? [] : [name];
    });
  return typeof e.group === 'string' ? [e.group] : [];
}

function convertEntry(e: unknown, names: Map<string, string>): ImportedEntry {
  if (!isObject(e)) throw invalid(text('import_entry_not_object'));
  if (typeof e.type !== 'string') throw invalid(text('import_entry_no_type'));
  const info = e.info;
  if (!isObject(info)) throw invalid(text('import_aegis_no_info'));
  const warnings: Text[] = [];
  let algorithm = info.algo;
  // OtpInfo.fromJson: MD5 only means something for mOTP; Aegis reads it as SHA-1 for every other type.
  if (e.type.toLowerCase() !== 'motp' && typeof algorithm === 'string' && algorithm.toUpperCase() === 'MD5') {
    algorithm = 'SHA1';
    warnings.push(text('import_aegis_md5'));
  }
  if (e.archived === true) warnings.push(text('import_aegis_archived'));
  return entryFrom({
    kind: e.type,
    secret: typeof info.secret === 'string' ? info.secret : '',
    issuer: e.issuer,
    account: e.name,
    algorithm,
    digits: info.digits,
    period: info.period,
    counter: info.counter,
    notes: e.note,
    groups: entryGroups(e, names),
    pinned: e.favorite === true,
    warnings,
  });
}

function readDb(db: unknown) {
  if (!isObject(db)) throw new ImportError('damaged', text('import_aegis_db_not_object'));
  if (!isVersion(db.version)) throw new ImportError('damaged', text('import_aegis_db_no_version'));
  if (db.version > AEGIS_DB_VERSION)
    throw new ImportError('newer-version', text('import_aegis_newer_db', db.version, AEGIS_DB_VERSION));
  if (!Array.isArray(db.entries)) throw new ImportError('damaged', text('import_aegis_no_entries'));
  return { entries: db.entries as unknown[], names: groupNames(db) };
}

function headerOf(file: SniffedFile): Record<string, unknown> | undefined {
  const json = file.json;
  if (!isObject(json) || !isObject(json.header) || !('db' in json)) return undefined;
  const h = json.header;
  return 'slots' in h && 'params' in h ? h : undefined;
}

export const aegisImporter: Importer = {
  id: 'aegis',
  app: plain('Aegis'),
  carries: CARRIES_ALL, // Aegis types totp, hotp, steam, with algo, digits, period, counter
  detect(file): Detection | false {
    const header = headerOf(file);
    if (!header) return false;
    const json = file.json as Record<string, unknown>;
    if (typeof json.db === 'string') {
      const kdf = firstSlotCost(header);
      return { encrypted: true, variant: text('import_variant_vault'), ...(kdf ? { kdf } : {}) };
    }
    return { encrypted: false, variant: text('import_variant_vault') };
  },
  async read(file, _detection, options) {
    const header = headerOf(file);
    const json = file.json;
    if (!header || !isObject(json)) throw new ImportError('damaged', text('import_aegis_no_header'));
    checkFileVersion(json);
    const db = typeof json.db === 'string' ? await decryptDb(json, header, options) : json.db;
    const { entries, names } = readDb(db);
    options.onProgress?.({ stage: 'reading-entries', count: entries.length });
    return collectEntries(
      entries,
      (e, i) => (isObject(e) ? labelFor(e.issuer, e.name, i) : entryLabel(i)),
      (e) => convertEntry(e, names),
    );
  },
};
