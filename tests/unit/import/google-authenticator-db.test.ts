import { describe, expect, it } from 'vitest';
import { googleAuthenticatorDbImporter } from '../../../lib/import/formats/google-authenticator-db';
import { detectFormat } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import type { ReadOptions, SniffedFile } from '../../../lib/import/types';
import { nodeSqliteLoader } from '../../../scripts/node-sqlite-loader';
import { failure, fixtureFile, hex, read as readAs, SHAPES } from './other-formats';
import { database, fuzzDatabase } from './sqlite-fuzz';

const FOLDER = 'google-authenticator-db';
const read = (file: SniffedFile, options: ReadOptions = { sqlite: nodeSqliteLoader }) =>
  readAs(googleAuthenticatorDbImporter, file, options);
const CREATE =
  'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL)';

describe('Google Authenticator app database', () => {
  it('is detected by its accounts table, through the whole registry', () => {
    const file = fixtureFile(FOLDER, 'databases.sqlite');
    expect(googleAuthenticatorDbImporter.detect(file)).toMatchObject({ encrypted: false });
    expect(detectFormat('databases', file.bytes).format).toBe('google-authenticator-db');
  });

  it('does not claim other formats or the other apps’ databases', () => {
    for (const [name, file] of Object.entries(SHAPES))
      expect(googleAuthenticatorDbImporter.detect(file), name).toBe(false);
    expect(googleAuthenticatorDbImporter.detect(fixtureFile('microsoft-authenticator', 'PhoneFactor.sqlite'))).toBe(
      false,
    );
    expect(googleAuthenticatorDbImporter.detect(fixtureFile('stratum-db', 'authenticator.db3'))).toBe(false);
  });

  it('reads TOTP and HOTP rows, names with and without the issuer in the label, and unicode', async () => {
    const { entries, problems } = await read(fixtureFile(FOLDER, 'databases.sqlite'));
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account])).toEqual([
      ['totp', 'GitHub', 'alice'],
      ['totp', '', 'bob@example.com'],
      ['hotp', 'Counter', 'carol'],
      ['totp', 'Bücher', 'zoë 😀'],
      ['totp', 'Legacy', 'erin'],
    ]);
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[0]?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(entries[2]?.params).toMatchObject({ kind: 'hotp', counter: 42n, digits: 6 });
    // Stored lower case with spaces, as people type them.
    expect(entries[1]?.params.secret).toHaveLength(10);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [5, 'Broken (frank)', false],
      [6, 'Future (gina)', false],
    ]);
    expect(problems[1]?.message.key).toBe('importdb_google_type');
  });

  it('lists secrets the app wrapped with the phone’s key as problems', async () => {
    const bytes = await database(
      `${CREATE.replace(')', ', isencrypted INTEGER DEFAULT 0)')}; INSERT INTO accounts (email, secret, type, issuer, isencrypted) VALUES ('A:a', 'JBSWY3DPEHPK3PXP', 0, 'A', 0), ('B:b', 'AAAAwrapped', 0, 'B', 1)`,
    );
    const { entries, problems } = await read(sniffFile('databases', bytes));
    expect(entries.map((e) => hex(e.params.secret))).toEqual(['48656c6c6f21deadbeef']);
    expect(problems.map((p) => [p.label.english, p.message.key, p.unsupported])).toEqual([
      ['B (b)', 'importdb_google_encrypted_secret', true],
    ]);
  });

  it('warns that a write-ahead-log database may lack the latest accounts, and only then', async () => {
    const plain = fixtureFile(FOLDER, 'databases.sqlite');
    expect((await read(plain)).notices).toBeUndefined();
    // Header bytes 18 and 19 are 2 in WAL mode (https://www.sqlite.org/fileformat.html §1.3.3).
    const wal = plain.bytes.slice();
    wal[18] = 2;
    wal[19] = 2;
    const result = await read(sniffFile('databases', wal));
    expect(result.entries).toHaveLength(5);
    expect(result.notices?.map((n) => [n.key, n.english.includes('databases-wal')])).toEqual([
      ['importdb_wal_notice', true],
    ]);
  });

  it('refuses a cut copy whole', async () => {
    const e = await failure(read(fixtureFile(FOLDER, 'truncated.sqlite')));
    expect([e.code, e.text.key]).toEqual(['damaged', 'importdb_damaged']);
  });

  it('throws only ImportError for random, cut, altered, huge and overfull files', async () => {
    await fuzzDatabase('databases', fixtureFile(FOLDER, 'databases.sqlite').bytes, {
      create: CREATE,
      insertMany: (n) =>
        `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) INSERT INTO accounts (email, secret, type) SELECT 'a' || x, 'JBSWY3DPEHPK3PXP', 0 FROM c`,
      insertHuge: (s) =>
        `INSERT INTO accounts (email, secret, type, issuer) VALUES ('${s}', 'JBSWY3DPEHPK3PXP', 0, '${s}')`,
    });
  }, 20_000);
});
