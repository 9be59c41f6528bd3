import { CARRIES_ALL } from '../../otp/carried';
import { entryFrom, invalid, labelFor, unsupported } from '../entry';
import {
  type AppTables,
  dbText,
  hasTable,
  type Row,
  type SqliteReader,
  tableEntries,
  tableHas,
  walNotices,
  withDatabase,
} from '../sqlite';
import { plain, text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';

/*
 * Stratum's (Authenticator Pro's) own database, `authenticator.db3` in the app's files (docs/import-formats.md "App
 * databases"). Schema from the app's sqlite-net entities (stratumauth/app, commit 2306d75a,
 * Stratum.Core/src/Entity/Authenticator.cs, Category.cs, AuthenticatorCategory.cs): table `authenticator` (type,
 * issuer, username, secret base32, pin, algorithm, digits, period, counter…), `category` (id, name) and
 * `authenticatorcategory` (categoryId, authenticatorSecret); the enums are those of the .authpro backups
 * (src/AuthenticatorType.cs, src/Generator/HashAlgorithm.cs), as Aegis reads the same file (StratumImporter.java, SqlEntry). When the
 * person set a password, Stratum encrypts the database with SQLCipher (Stratum.Droid/src/Database.cs): that file is
 * refused by the app-database importer with what to export instead.
 */

/** Types HOTP, TOTP, Steam with algorithm, digits, period, counter. */
const CARRIES = CARRIES_ALL;
const WHAT = dbText('importdb_kind_stratum');
const ADVICE = dbText('importdb_advice_stratum');
const COLUMNS = ['type', 'issuer', 'username', 'secret', 'algorithm', 'digits', 'period', 'counter'] as const;
/** AuthenticatorType (Stratum.Core/src/AuthenticatorType.cs). */
const TYPES: Record<number, string> = { 1: 'hotp', 2: 'totp', 3: 'motp', 4: 'steam', 5: 'yandex' };
/** HashAlgorithm (Stratum.Core/src/Generator/HashAlgorithm.cs). */
const ALGORITHMS: Record<number, string> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' };

/** Category names by authenticator secret; both tables are optional (an older database may lack them). */
function groupsBySecret(db: SqliteReader): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!db.columns('category') || !db.columns('authenticatorcategory')) return out;
  const names = new Map<string, string>();
  for (const c of db.rows('category', ['id', 'name']))
    if (typeof c.id === 'string' && typeof c.name === 'string') names.set(c.id, c.name);
  for (const b of db.rows('authenticatorcategory', ['categoryId', 'authenticatorSecret'])) {
    const name = typeof b.categoryId === 'string' ? names.get(b.categoryId) : undefined;
    if (name === undefined || typeof b.authenticatorSecret !== 'string') continue;
    const list = out.get(b.authenticatorSecret) ?? [];
    if (!list.includes(name)) list.push(name);
    out.set(b.authenticatorSecret, list);
  }
  return out;
}

function convert(row: Row, groups: Map<string, string[]>) {
  const kind = typeof row.type === 'number' ? TYPES[row.type] : undefined;
  if (kind === undefined) throw invalid(text('import_stratum_unknown_type', String(row.type)));
  if (kind === 'motp' || kind === 'yandex')
    throw unsupported(text('import_entry_kind_unsupported', kind === 'motp' ? 'mOTP' : 'Yandex'));
  if (typeof row.secret !== 'string') throw invalid(text('import_entry_no_secret'));
  const algorithm =
    row.algorithm === null || row.algorithm === undefined ? 'SHA1' : ALGORITHMS[row.algorithm as number];
  if (algorithm === undefined) throw invalid(text('import_entry_algorithm_unknown_raw', String(row.algorithm)));
  return entryFrom({
    kind,
    secret: row.secret,
    issuer: row.issuer,
    account: row.username,
    algorithm,
    digits: row.digits,
    period: row.period,
    counter: row.counter,
    groups: groups.get(row.secret) ?? [],
  });
}

export const stratumTables: AppTables = {
  carries: CARRIES,
  matches: (db) => tableHas(db, 'authenticator', ['type', 'issuer', 'secret', 'algorithm']),
  read(db, options) {
    const groups = groupsBySecret(db);
    return tableEntries(
      db,
      options,
      'authenticator',
      COLUMNS,
      (row, i) => labelFor(row.issuer, row.username, i),
      (row) => convert(row, groups),
    );
  },
};

export const stratumDbImporter: Importer = {
  id: 'stratum-db',
  app: plain('Stratum (Authenticator Pro)'), // i18n-ignore: the app's name
  carries: CARRIES,
  detect(file: SniffedFile): Detection | false {
    return hasTable(file.bytes, 'authenticator', ['type', 'issuer', 'secret', 'algorithm'])
      ? { encrypted: false, variant: dbText('importdb_variant_database') }
      : false;
  },
  async read(file, _detection, options) {
    const read = await withDatabase(file.bytes, options.sqlite, WHAT, ADVICE, (db) => stratumTables.read(db, options));
    return { ...read, ...walNotices(file.name, file.bytes) };
  },
};
