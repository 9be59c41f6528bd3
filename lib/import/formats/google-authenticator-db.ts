import type { OtpParamName } from '../../otp/carried';
import { entryFrom, invalid, labelFor, unsupported } from '../entry';
import {
  type AppTables,
  dbText,
  hasTable,
  type Row,
  tableEntries,
  tableHas,
  walNotices,
  withDatabase,
} from '../sqlite';
import { plain, text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';

/*
 * Google Authenticator's own database, `databases` in /data/data/com.google.android.apps.authenticator2/databases/
 * (docs/import-formats.md "App databases"). The app is closed source; the table is read as Aegis reads it
 * (beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/GoogleAuthImporter.java, commit
 * 59d5c640): table `accounts` (_id, email, secret, counter, type, provider, issuer, original_name), `type` 0 = TOTP and
 * 1 = HOTP, `secret` base32, `email` the label ("Issuer:name" or just the name), and newer versions add `isencrypted`
 * for secrets wrapped by the phone's key store, which the file alone cannot open. The app has no other parameters:
 * SHA-1, 6 digits, 30 s.
 */

const WHAT = dbText('importdb_kind_google');
const ADVICE = dbText('importdb_advice_google');
const COLUMNS = ['email', 'secret', 'counter', 'type', 'issuer', 'isencrypted'] as const;
/** Google Authenticator's database says the kind and the HOTP counter, nothing else. */
const CARRIES: readonly OtpParamName[] = ['counter'];

/** "Issuer:name" → the name, when the issuer column says the same issuer or is empty (then the issuer comes from it). */
function nameParts(email: unknown, issuer: unknown): { issuer: string; account: string } {
  const label = typeof email === 'string' ? email.trim() : email === null || email === undefined ? '' : String(email);
  const given = typeof issuer === 'string' ? issuer.trim() : '';
  const colon = label.indexOf(':');
  if (colon < 0) return { issuer: given, account: label };
  const prefix = label.slice(0, colon).trim();
  const rest = label.slice(colon + 1).trim();
  if (given === '' || prefix === given) return { issuer: given || prefix, account: rest };
  return { issuer: given, account: label };
}

function convert(row: Row) {
  if (typeof row.isencrypted === 'number' && row.isencrypted > 0)
    throw unsupported(dbText('importdb_google_encrypted_secret'));
  const kind = row.type === 0 || row.type === null || row.type === undefined ? 'totp' : row.type === 1 ? 'hotp' : '';
  if (kind === '') throw invalid(dbText('importdb_google_type', String(row.type)));
  if (typeof row.secret !== 'string') throw invalid(text('import_entry_no_secret'));
  return entryFrom({ kind, secret: row.secret, ...nameParts(row.email, row.issuer), counter: row.counter });
}

export const googleAuthenticatorTables: AppTables = {
  carries: CARRIES,
  matches: (db) => tableHas(db, 'accounts', ['email', 'secret'], ['oath_secret_key']),
  read(db, options) {
    return tableEntries(
      db,
      options,
      'accounts',
      COLUMNS,
      (row, i) => {
        const { issuer, account } = nameParts(row.email, row.issuer);
        return labelFor(issuer, account, i);
      },
      convert,
    );
  },
};

export const googleAuthenticatorDbImporter: Importer = {
  id: 'google-authenticator-db',
  app: plain('Google Authenticator'), // i18n-ignore: the app's name
  carries: CARRIES,
  detect(file: SniffedFile): Detection | false {
    return hasTable(file.bytes, 'accounts', ['email', 'secret'], ['oath_secret_key'])
      ? { encrypted: false, variant: dbText('importdb_variant_database') }
      : false;
  },
  async read(file, _detection, options) {
    const read = await withDatabase(file.bytes, options.sqlite, WHAT, ADVICE, (db) =>
      googleAuthenticatorTables.read(db, options),
    );
    return { ...read, ...walNotices(file.name, file.bytes) };
  },
};
