import type { OtpParamName } from '../../otp/carried';
import { fromBase64 } from '../crypto';
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
import { plain } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';

/*
 * Microsoft Authenticator's database, `PhoneFactor` in /data/data/com.azure.authenticator/databases/
 * (docs/import-formats.md "App databases"). The app is closed source; the table is read as Aegis reads it
 * (beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/MicrosoftAuthImporter.java, commit
 * 59d5c640): table `accounts` with `name` (the issuer), `username`, `oath_secret_key` and `account_type`: 0 is another
 * site's TOTP (base32 secret, 6 digits), 1 a personal Microsoft account (base64 secret, 8 digits); both SHA-1, 30 s.
 * Other types (2: work or school accounts, which sign in by notification) are listed as problems, and so is a row
 * whose secret only exists wrapped by the phone's key store (`encrypted_oath_secret_key`, newer app versions).
 */

const WHAT = dbText('importdb_kind_microsoft');
const ADVICE = dbText('importdb_advice_microsoft');
const COLUMNS = ['name', 'username', 'oath_secret_key', 'account_type', 'encrypted_oath_secret_key'] as const;
const TYPE_TOTP = 0;
const TYPE_MICROSOFT = 1;
const TYPE_WORK = 2;
/** The type decides the digits; algorithm and period have no field (the app makes SHA-1, 30 s codes only). */
const CARRIES: readonly OtpParamName[] = ['digits'];

const textOf = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function convert(row: Row) {
  const type = row.account_type;
  if (type === TYPE_WORK) throw unsupported(dbText('importdb_microsoft_push', String(type)));
  if (type !== TYPE_TOTP && type !== TYPE_MICROSOFT)
    throw unsupported(dbText('importdb_microsoft_type', String(type ?? '')));
  const secret = textOf(row.oath_secret_key);
  if (secret === '') {
    if (textOf(row.encrypted_oath_secret_key) !== '') throw unsupported(dbText('importdb_microsoft_key_store'));
    throw unsupported(dbText('importdb_microsoft_no_secret'));
  }
  const names = { issuer: row.name, account: row.username };
  if (type === TYPE_TOTP) return entryFrom({ kind: 'totp', secret, ...names, digits: 6 });
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(secret, 'oath_secret_key');
  } catch {
    throw invalid(dbText('importdb_microsoft_base64'));
  }
  return entryFrom({ kind: 'totp', secret: bytes, ...names, digits: 8 });
}

export const microsoftAuthenticatorTables: AppTables = {
  carries: CARRIES,
  matches: (db) => tableHas(db, 'accounts', ['oath_secret_key', 'account_type']),
  read(db, options) {
    return tableEntries(db, options, 'accounts', COLUMNS, (row, i) => labelFor(row.name, row.username, i), convert);
  },
};

export const microsoftAuthenticatorImporter: Importer = {
  id: 'microsoft-authenticator',
  app: plain('Microsoft Authenticator'), // i18n-ignore: the app's name
  carries: CARRIES,
  detect(file: SniffedFile): Detection | false {
    return hasTable(file.bytes, 'accounts', ['oath_secret_key', 'account_type'])
      ? { encrypted: false, variant: dbText('importdb_variant_database') }
      : false;
  },
  async read(file, _detection, options) {
    const read = await withDatabase(file.bytes, options.sqlite, WHAT, ADVICE, (db) =>
      microsoftAuthenticatorTables.read(db, options),
    );
    return { ...read, ...walNotices(file.name, file.bytes) };
  },
};
