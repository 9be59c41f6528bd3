import { describe, expect, it } from 'vitest';
import { microsoftAuthenticatorImporter } from '../../../lib/import/formats/microsoft-authenticator';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import type { ReadOptions, SniffedFile } from '../../../lib/import/types';
import { nodeSqliteLoader } from '../../../scripts/node-sqlite-loader';
import { fixtureFile, read as readAs, SHAPES } from './other-formats';
import { database, fuzzDatabase } from './sqlite-fuzz';

const FOLDER = 'microsoft-authenticator';
const read = (file: SniffedFile, options: ReadOptions = { sqlite: nodeSqliteLoader }) =>
  readAs(microsoftAuthenticatorImporter, file, options);
// The columns MicrosoftAuthImporter.java reads, enough for the property tests.
const CREATE =
  'CREATE TABLE `accounts` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` TEXT NOT NULL, `username` TEXT NOT NULL, `oath_secret_key` TEXT NOT NULL, `account_type` INTEGER NOT NULL, `encrypted_oath_secret_key` TEXT NOT NULL)';

describe('Microsoft Authenticator app database', () => {
  it('is detected by its accounts table, through the whole registry', () => {
    const file = fixtureFile(FOLDER, 'PhoneFactor.sqlite');
    expect(microsoftAuthenticatorImporter.detect(file)).toMatchObject({ encrypted: false });
    expect(detectFormat('PhoneFactor', file.bytes).format).toBe('microsoft-authenticator');
  });

  it('does not claim other formats or the other apps’ databases', () => {
    for (const [name, file] of Object.entries(SHAPES))
      expect(microsoftAuthenticatorImporter.detect(file), name).toBe(false);
    expect(microsoftAuthenticatorImporter.detect(fixtureFile('google-authenticator-db', 'databases.sqlite'))).toBe(
      false,
    );
    expect(microsoftAuthenticatorImporter.detect(fixtureFile('stratum-db', 'authenticator.db3'))).toBe(false);
  });

  it('reads other sites’ codes (base32, 6 digits) and Microsoft accounts (base64, 8 digits)', async () => {
    const { entries, problems } = await read(fixtureFile(FOLDER, 'PhoneFactor.sqlite'));
    expect(
      entries.map((e) => [e.params.issuer, e.params.account, e.params.kind === 'totp' && e.params.digits]),
    ).toEqual([
      ['GitHub', 'alice', 6],
      ['Microsoft', 'bob@outlook.com', 8],
      ['Bücher', 'zoë 😀', 6],
    ]);
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA1', period: 30 });
    expect(entries[1]?.params.secret).toHaveLength(20);
    // Work accounts and key-store secrets are listed as not importable; a bad base64 secret as damaged.
    expect(problems.map((p) => [p.index, p.label.english, p.message.key, p.unsupported])).toEqual([
      [2, 'Contoso (carol@contoso.com)', 'importdb_microsoft_push', true],
      [3, 'Keystore (dave)', 'importdb_microsoft_key_store', true],
      [5, 'Broken (erin@outlook.com)', 'importdb_microsoft_base64', false],
    ]);
  });

  it('reads a database whose CREATE statement detection cannot see, with the engine’s second look', async () => {
    // On 1 KiB pages the accounts table's CREATE text (over 1 000 characters) continues on an overflow page
    // (https://www.sqlite.org/fileformat.html §1.6), so the columns are not found without the engine.
    const padding = Array.from({ length: 80 }, (_, i) => `\`padding_column_number_${i}\` TEXT, `).join('');
    const bytes = await database(
      `PRAGMA page_size = 1024; ${CREATE.replace('(`_id` INTEGER PRIMARY KEY AUTOINCREMENT, ', `(\`_id\` INTEGER PRIMARY KEY AUTOINCREMENT, ${padding}`)}; INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('GitHub', 'alice', 'JBSWY3DPEHPK3PXP', 0, ''), ('Microsoft', 'bob', 'AAECAwQFBgcICQoLDA0ODxAREhM=', 1, '')`,
    );
    expect(microsoftAuthenticatorImporter.detect(sniffFile('PhoneFactor', bytes))).toBe(false);
    const result = await importFile('PhoneFactor', bytes, { sqlite: nodeSqliteLoader });
    expect(result.format).toBe('app-database');
    expect(
      result.entries.map((e) => [e.params.issuer, e.params.kind === 'totp' && e.params.digits, e.carries]),
    ).toEqual([
      ['GitHub', 6, ['digits']],
      ['Microsoft', 8, ['digits']],
    ]);
  });

  it('throws only ImportError for random, cut, altered, huge and overfull files', async () => {
    await fuzzDatabase('PhoneFactor', fixtureFile(FOLDER, 'PhoneFactor.sqlite').bytes, {
      create: CREATE,
      insertMany: (n) =>
        `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) SELECT 'a' || x, '', 'JBSWY3DPEHPK3PXP', 0, '' FROM c`,
      insertHuge: (s) =>
        `INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('${s}', '${s}', 'JBSWY3DPEHPK3PXP', 1, '')`,
    });
  }, 20_000);
});
