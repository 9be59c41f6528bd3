import type { OtpParamName } from '../../otp/carried';
import { needPassword } from '../crypto';
import { entryFrom, invalid, labelFor } from '../entry';
import { openSqlCipher, plusDbText, SQLCIPHER_SETTINGS } from '../sqlcipher';
import {
  type AppTables,
  dbText,
  hasTable,
  isSqlite,
  type Row,
  type SqliteReader,
  tableEntries,
  tableHas,
  walNotices,
  withDatabase,
} from '../sqlite';
import { text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';

/*
 * Authenticator Plus's own database, `authplus.db` (docs/import-formats.md "Authenticator Plus database"), encrypted
 * with SQLCipher under the person's master password (lib/import/sqlcipher.ts; the app used SQLCipher 3's defaults,
 * which is why Stratum opens it with `PRAGMA cipher_compatibility = 3`). The app is closed source; the tables are read
 * as Stratum reads them (stratumauth/app Stratum.Core/src/Converter/AuthenticatorPlusBackupConverter.cs, commit
 * 2306d75a): `accounts` (email, secret, counter, type, issuer, original_name, category) and `category` (name). `type` 0
 * is TOTP, 1 HOTP, 2 Battle.net (the secret then hex, the code 8 digits). The table has no algorithm, digits or period:
 * every account is SHA-1, 6 digits, 30 s as far as the file can say. An account's `category` names its group ("All
 * Accounts" is the app's view of every account, no group).
 */

const WHAT = dbText('importdb_kind_authplus');
const COLUMNS = ['email', 'secret', 'counter', 'type', 'issuer', 'original_name', 'category'] as const;
/** The database says the kind and the HOTP counter, nothing else. */
const CARRIES: readonly OtpParamName[] = ['counter'];
const ALL_ACCOUNTS = 'All Accounts'; // i18n-ignore: the value the app stores for no category
const BATTLE_NET = 'Battle.net'; // i18n-ignore: the service's name

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Issuer and account as Stratum's converter names them: the issuer column with the email as the account; without an
 * issuer, the part of original_name before its colon as issuer (the email alone when there is none).
 */
function names(row: Row): { issuer: string; account: string } {
  const email = str(row.email);
  const issuer = str(row.issuer);
  if (issuer !== '') return { issuer, account: email };
  const original = typeof row.original_name === 'string' ? row.original_name : '';
  const colon = original.indexOf(':');
  const prefix = colon < 0 ? '' : original.slice(0, colon).trim();
  return prefix === '' ? { issuer: email, account: '' } : { issuer: prefix, account: email };
}

function hexBytes(value: string): Uint8Array {
  const hex = value.trim();
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex))
    throw invalid(plusDbText('importplusdb_battle_hex'));
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function convert(row: Row, categories: ReadonlySet<string>) {
  if (typeof row.secret !== 'string') throw invalid(text('import_entry_no_secret'));
  const category = str(row.category);
  const groups = category !== '' && category !== ALL_ACCOUNTS && categories.has(category) ? [category] : [];
  const type = row.type === null || row.type === undefined ? 0 : row.type;
  const { issuer, account } = names(row);
  if (type === 0 || type === 1)
    return entryFrom({
      kind: type === 0 ? 'totp' : 'hotp',
      secret: row.secret,
      issuer,
      account,
      counter: row.counter,
      groups,
    });
  if (type === 2)
    return entryFrom({
      kind: 'totp',
      secret: hexBytes(row.secret),
      issuer: issuer || BATTLE_NET,
      account,
      digits: 8,
      groups,
    });
  throw invalid(plusDbText('importplusdb_type', String(row.type)));
}

/** The category table's names; a database without one has no groups. */
function categoryNames(db: SqliteReader): Set<string> {
  if (!db.columns('category')) return new Set();
  return new Set(db.rows('category', ['name']).map((r) => str(r.name)));
}

export const authenticatorPlusTables: AppTables = {
  carries: CARRIES,
  matches: (db) => tableHas(db, 'accounts', ['email', 'secret', 'original_name', 'category']),
  read(db, options) {
    const categories = categoryNames(db);
    return tableEntries(
      db,
      options,
      'accounts',
      COLUMNS,
      (row, i) => {
        const { issuer, account } = names(row);
        return labelFor(issuer, account, i);
      },
      (row) => convert(row, categories),
    );
  },
};

/** authplus.db, or a copy renamed by the person or the browser ("authplus (1).db", "authplus-old.db"). */
const isAuthPlusName = (name: string) => /(^|[\\/])authplus[^\\/]*\.db$/i.test(name);

export const authenticatorPlusDbImporter: Importer = {
  id: 'authenticator-plus-db',
  app: plusDbText('importplusdb_app'),
  carries: CARRIES,
  detect(file: SniffedFile): Detection | false {
    // A plain copy (the database after `sqlcipher_export`): its accounts table has Google Authenticator's columns plus
    // original_name and category, so this importer runs before Google Authenticator's.
    if (isSqlite(file.bytes))
      return hasTable(file.bytes, 'accounts', ['email', 'secret', 'original_name', 'category'])
        ? { encrypted: false, variant: dbText('importdb_variant_database') }
        : false;
    // By its name only: SQLCipher leaves nothing plain to recognise. A copy cut short is still claimed, to be refused
    // as damaged rather than as an unknown format.
    if (!isAuthPlusName(file.name) || file.text !== undefined || file.bytes.length < 1024) return false;
    // The app wrote SQLCipher 3's settings; 4's are tried first only when the size fits its pages.
    const v3 = SQLCIPHER_SETTINGS.find((s) => s.version === 3);
    return {
      encrypted: true,
      variant: dbText('importdb_variant_database'),
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: v3?.iterations ?? 0 },
    };
  },
  async read(file, detection, options) {
    const what = WHAT;
    const advice = dbText('importdb_advice_authplus');
    let bytes = file.bytes;
    if (detection.encrypted) {
      const password = needPassword(options, what);
      bytes = (await openSqlCipher(file.bytes, password, what, options)).image;
    }
    const read = await withDatabase(bytes, options.sqlite, what, advice, (db) =>
      authenticatorPlusTables.read(db, options),
    );
    return detection.encrypted ? read : { ...read, ...walNotices(file.name, file.bytes) };
  },
};
