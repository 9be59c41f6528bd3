import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { needPassword, parseJson, wrongPassword } from '../crypto';
import { csvRecords, parseCsv } from '../csv';
import { collectEntries, entryFrom, entryFromUri, entryLabel, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import {
  type Detection,
  ImportError,
  type ImportedEntry,
  type Importer,
  type ReadOptions,
  type SniffedFile,
} from '../types';
import {
  bitwardenKdf,
  bitwardenKeys,
  decryptChecked,
  isPasswordProtected,
  kdfCost,
  macMatches,
  parseEncString,
} from './bitwarden-crypto';

/*
 * Bitwarden exports (docs/import-formats.md "Bitwarden"): the vault's JSON (unencrypted — with or without the
 * `encrypted: false` member older versions did not write —, password protected, or account restricted), the vault's CSV, and the Bitwarden Authenticator app's JSON (the same shape with only
 * items[].login.totp). Only items with a `login.totp` are accounts; passwords, cards, identities and notes are counted,
 * not listed as problems. A `login.totp` Twofold cannot read is listed.
 *
 * login.totp forms (bitwarden/sdk-internal crates/bitwarden-vault/src/totp.rs): an otpauth:// URI, a
 * steam://<base32> key, or anything else = a bare base32 key (TOTP SHA-1, 6 digits, 30 s). A bare key has
 * no label, so the item's name is the issuer and its username the account (Stratum's convention); for URIs
 * the URI's issuer and account win, with the item's name and username filling in what the URI leaves empty.
 */

const BITWARDEN_KIND = text('import_kind_bitwarden');

interface ItemContext {
  name: unknown;
  username: unknown;
  notes: unknown;
  favorite: unknown;
  groups: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** One `login.totp` value as an entry. */
function totpEntry(totp: string, item: ItemContext): ImportedEntry {
  const value = totp.trim();
  const name = str(item.name);
  const username = str(item.username);
  const extras = {
    notes: str(item.notes),
    groups: item.groups,
    pinned: item.favorite === true || item.favorite === '1',
  };
  if (/^otpauth:\/\//i.test(value)) {
    const entry = entryFromUri(value, extras);
    if (entry.params.issuer === '') entry.params.issuer = name;
    if (entry.params.account === '') entry.params.account = username;
    return entry;
  }
  if (/^steam:\/\//i.test(value)) {
    // A steam:// key has no label at all, like a bare key: the item names it.
    const entry = entryFromUri(value, extras);
    entry.params.issuer = name || entry.params.issuer;
    entry.params.account = username;
    return entry;
  }
  // A bare key says nothing but the key: Bitwarden's defaults are not the account's (lib/otp/carried.ts).
  return { ...entryFrom({ kind: 'totp', secret: value, issuer: name, account: username, ...extras }), carries: [] };
}

function nonOtpNotice(count: number): Text[] {
  if (count === 0) return [];
  return [text.counted('import_bitwarden_no_totp', count)];
}

function namesById(list: unknown): Map<unknown, string> {
  const names = new Map<unknown, string>();
  if (Array.isArray(list)) for (const x of list) if (isObject(x) && typeof x.name === 'string') names.set(x.id, x.name);
  return names;
}

/** The unencrypted JSON (also what a password-protected export's `data` decrypts to). */
function readItems(json: Record<string, unknown>) {
  if (!Array.isArray(json.items)) throw new ImportError('damaged', text('import_bitwarden_no_items'));
  const folders = namesById(json.folders);
  const collections = namesById(json.collections);
  let withoutTotp = 0;
  const result = collectEntries(
    json.items,
    (item, i) =>
      isObject(item) ? labelFor(item.name, isObject(item.login) ? item.login.username : '', i) : entryLabel(i),
    (item) => {
      const login = isObject(item) && isObject(item.login) ? item.login : undefined;
      if (!isObject(item) || !login || typeof login.totp !== 'string' || login.totp.trim() === '') {
        withoutTotp++;
        return [];
      }
      const groups = [
        folders.get(item.folderId),
        ...(Array.isArray(item.collectionIds) ? item.collectionIds : []).map((id) => collections.get(id)),
      ];
      return totpEntry(login.totp, {
        name: item.name,
        username: login.username,
        notes: item.notes,
        favorite: item.favorite,
        groups: groups.filter((g): g is string => typeof g === 'string'),
      });
    },
  );
  return { ...result, notices: nonOtpNotice(withoutTotp) };
}

type JsonKind = 'plain' | 'password' | 'account';

/** Bitwarden's item types (1 login, 2 secure note, 3 card, 4 identity, 5 SSH key) and the object each carries. */
const ITEM_PARTS: Record<number, string> = { 1: 'login', 2: 'secureNote', 3: 'card', 4: 'identity', 5: 'sshKey' };
/** The top-level members of an unencrypted export without `encrypted` (personal: folders; organisation: collections). */
const OLD_EXPORT_KEYS = new Set(['folders', 'collections', 'items']);

/** An item as Bitwarden writes it: a numeric type and the matching object (login, secureNote, …), a name. */
function isBitwardenItem(item: unknown): boolean {
  if (!isObject(item) || typeof item.type !== 'number') return false;
  const part = ITEM_PARTS[item.type];
  return part !== undefined && isObject(item[part]) && (typeof item.name === 'string' || item.name === null);
}

/**
 * An unencrypted export written before Bitwarden added the `encrypted` member (KeePassXC's importer still ships
 * such a file as its test data), recognised by structure alone: only folders / collections / items at the top,
 * and every item a Bitwarden item. Bitwarden's own importer treats a missing `encrypted` as unencrypted.
 */
function isOldUnencryptedExport(json: Record<string, unknown>): boolean {
  if ('encrypted' in json || !Array.isArray(json.items)) return false;
  const keys = Object.keys(json);
  if (!keys.every((k) => OLD_EXPORT_KEYS.has(k))) return false;
  if (json.items.length === 0) return Array.isArray(json.folders) || Array.isArray(json.collections);
  return json.items.every(isBitwardenItem);
}

function jsonKind(file: SniffedFile): JsonKind | false {
  const json = file.json;
  if (isObject(json) && isOldUnencryptedExport(json)) return 'plain';
  if (!isObject(json) || typeof json.encrypted !== 'boolean') return false;
  if (json.encrypted === false) return Array.isArray(json.items) ? 'plain' : false;
  if (isPasswordProtected(json)) return typeof json.data === 'string' ? 'password' : false;
  return 'encKeyValidation_DO_NOT_EDIT' in json || Array.isArray(json.items) ? 'account' : false;
}

async function readPasswordProtected(json: Record<string, unknown>, options: ReadOptions) {
  const password = needPassword(options, BITWARDEN_KIND);
  const keys = await bitwardenKeys(json, password, options);
  options.onProgress?.({ stage: 'decrypting' });
  const data = parseEncString(json.data, 'data');
  // The validation value exists to tell a wrong password from a damaged file (Bitwarden checks it first).
  const check = json.encKeyValidation_DO_NOT_EDIT;
  if (check !== undefined) {
    if (!(await macMatches(keys, parseEncString(check, 'encKeyValidation_DO_NOT_EDIT'))))
      throw wrongPassword(BITWARDEN_KIND);
    if (!(await macMatches(keys, data))) throw new ImportError('damaged', text('import_bitwarden_data_changed'));
  } else if (!(await macMatches(keys, data))) throw wrongPassword(BITWARDEN_KIND);
  const inner = parseJson(await decryptChecked(keys, data, 'data'), BITWARDEN_KIND);
  if (!isObject(inner)) throw new ImportError('damaged', text('import_bitwarden_not_vault'));
  return readItems(inner);
}

export const bitwardenImporter: Importer = {
  id: 'bitwarden',
  app: plain('Bitwarden'),
  carries: CARRIES_ALL, // otpauth:// and steam:// keys
  detect(file): Detection | false {
    const kind = jsonKind(file);
    const json = file.json as Record<string, unknown>;
    switch (kind) {
      case false:
        return false;
      case 'plain':
        // The Bitwarden Authenticator app writes neither folders nor collections.
        return {
          encrypted: false,
          ...('folders' in json || 'collections' in json ? {} : { variant: plain('Authenticator') }),
        };
      case 'password':
        try {
          return {
            encrypted: true,
            variant: text('import_variant_password_protected'),
            kdf: kdfCost(bitwardenKdf(json)),
          };
        } catch {
          return { encrypted: true, variant: text('import_variant_password_protected') };
        }
      case 'account':
        // No password can open it, so none is asked for: read() explains at once.
        return { encrypted: false, variant: text('import_variant_account_restricted') };
    }
  },
  async read(file, _detection, options) {
    const json = file.json;
    const kind = jsonKind(file);
    if (!kind || !isObject(json)) throw new ImportError('damaged', text('import_bitwarden_not_json'));
    if (kind === 'account') throw new ImportError('account-restricted', text('import_bitwarden_account_restricted'));
    if (kind === 'password') return readPasswordProtected(json, options);
    return readItems(json);
  },
};

// ---- CSV ----

/** Bitwarden's CSV header (personal: folder,favorite,type,name,…; organisation: collections,type,name,…). */
function csvHeader(file: SniffedFile): string[] | false {
  if (file.text === undefined || file.json !== undefined) return false;
  const end = file.text.search(/[\r\n]/);
  const first = end < 0 ? file.text : file.text.slice(0, end);
  if (!/login_totp/i.test(first)) return false;
  try {
    const names = (parseCsv(first)[0] ?? []).map((h) => h.trim().toLowerCase());
    return names.includes('login_totp') && names.includes('name') ? names : false;
  } catch {
    return false;
  }
}

export const bitwardenCsvImporter: Importer = {
  id: 'bitwarden-csv',
  app: plain('Bitwarden'),
  carries: CARRIES_ALL, // otpauth:// and steam:// keys
  detect(file): Detection | false {
    return csvHeader(file) ? { encrypted: false, variant: text('import_variant_csv') } : false;
  },
  async read(file) {
    if (!csvHeader(file) || file.text === undefined) throw new ImportError('damaged', text('import_bitwarden_not_csv'));
    const records = csvRecords(parseCsv(file.text));
    let withoutTotp = 0;
    const result = collectEntries(
      records,
      (r, i) => labelFor(r.name, r.login_username, i),
      (r) => {
        const totp = r.login_totp ?? '';
        if (totp.trim() === '') {
          withoutTotp++;
          return [];
        }
        // Organisation exports list the item's collections, comma-separated, in one field.
        const groups = [r.folder ?? '', ...(r.collections ?? '').split(',')]
          .map((g) => g.trim())
          .filter((g) => g !== '');
        return totpEntry(totp, {
          name: r.name,
          username: r.login_username,
          notes: r.notes,
          favorite: r.favorite,
          groups,
        });
      },
    );
    return { ...result, notices: nonOtpNotice(withoutTotp) };
  },
};
