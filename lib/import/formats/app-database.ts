import type { Text } from '../../i18n/text';
import { type AppTables, dbText, isSqlite, looksLikeEncryptedDatabase, walNotices, withDatabase } from '../sqlite';
import { authenticatorPlusTables } from './authenticator-plus-db';
import { googleAuthenticatorTables } from './google-authenticator-db';
import { microsoftAuthenticatorTables } from './microsoft-authenticator';
import { stratumTables } from './stratum-db';
import { listOf, plain } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';

/*
 * Databases no other importer claims (docs/import-formats.md "App databases"): a plain SQLite file of an app Twofold
 * does not know, and files named like a database that are encrypted with SQLCipher (Stratum's `authenticator.db3`
 * once a password is set; Authenticator Plus's `authplus.db` is opened with its password by authenticator-plus-db.ts,
 * which runs first). Neither can become accounts; both are refused with what to export from the app instead, rather
 * than "unknown format". Runs after every other importer. A plain database is first looked at with the engine: one
 * whose app tables detection missed without it (a CREATE statement split across pages) is still read as that app's.
 */

/** Most specific first, as in IMPORTERS. */
const APPS: readonly AppTables[] = [
  microsoftAuthenticatorTables,
  authenticatorPlusTables,
  googleAuthenticatorTables,
  stratumTables,
];

function encryptedKind(name: string): { what: Text; advice: Text } {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (/^(.*[-_.])?authenticator\.db3$/i.test(base))
    return { what: dbText('importdb_kind_stratum'), advice: dbText('importdb_advice_stratum') };
  if (/^PhoneFactor$/i.test(base))
    return { what: dbText('importdb_kind_microsoft'), advice: dbText('importdb_advice_microsoft') };
  if (/^databases$/i.test(base))
    return { what: dbText('importdb_kind_google'), advice: dbText('importdb_advice_google') };
  return { what: dbText('importdb_kind_unknown'), advice: dbText('importdb_advice_unknown') };
}

export const appDatabaseImporter: Importer = {
  id: 'app-database',
  app: dbText('importdb_app_unknown'),
  carries: [],
  detect(file: SniffedFile): Detection | false {
    if (isSqlite(file.bytes)) return { encrypted: false };
    return looksLikeEncryptedDatabase(file.name, file.bytes, file.text !== undefined) ? { encrypted: false } : false;
  },
  async read(file, _detection, options) {
    const { what, advice } = encryptedKind(file.name);
    // withDatabase refuses the encrypted file before any engine is needed; a plain one is opened and looked at.
    return withDatabase(file.bytes, options.sqlite, what, advice, (db) => {
      const app = APPS.find((a) => a.matches(db));
      if (app) {
        const { entries, problems } = app.read(db, options);
        return {
          entries: entries.map((e) => ({ ...e, carries: e.carries ?? app.carries })),
          problems,
          ...walNotices(file.name, file.bytes),
        };
      }
      const tables = db.tables();
      throw new ImportError(
        'unsupported',
        dbText(
          'importdb_unknown_schema',
          tables.length > 0 ? listOf(tables.map(plain)) : dbText('importdb_no_tables'),
          advice,
        ),
      );
    });
  },
};
