import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { authenticatorPlusDbImporter } from '../../../lib/import/formats/authenticator-plus-db';
import { detectFormat, importFile, readAs as readChosenApp } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { openSqlCipher, SQLCIPHER_SETTINGS } from '../../../lib/import/sqlcipher';
import { ImportError, type ImportStage, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { MAX_ENTRIES, MAX_FILE_BYTES } from '../../../lib/limits';
import { nodeSqliteLoader } from '../../../scripts/node-sqlite-loader';
import { failure, fixtureFile, hex, read as readAs, SHAPES } from './other-formats';
import { database } from './sqlite-fuzz';

/*
 * Authenticator Plus's authplus.db (docs/import-formats.md "Authenticator Plus database"): SQLCipher pages opened with
 * the password (lib/import/sqlcipher.ts), then the accounts and category tables. authplus.db and authplus-v2.db were
 * written by Debian's sqlcipher shell (SQLCipher 3.4); authplus-v4.db is synthetic (SOURCE.md).
 */

const FOLDER = 'authenticator-plus-db';
const PASSWORD = 'correct horse';
const WHAT = { key: 'importdb_kind_authplus', english: 'Authenticator Plus database', subs: [] } as never;
const options = (extra: ReadOptions = {}): ReadOptions => ({ sqlite: nodeSqliteLoader, password: PASSWORD, ...extra });
const read = (file: SniffedFile, extra: ReadOptions = {}) => readAs(authenticatorPlusDbImporter, file, options(extra));
const v2Only = SQLCIPHER_SETTINGS.filter((s) => s.version === 2);
const CREATE =
  "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, position INTEGER, email TEXT NOT NULL, secret TEXT NOT NULL,  counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, timestamp TEXT NOT NULL, uid TEXT NOT NULL, issuer TEXT, original_name TEXT, category TEXT NOT NULL DEFAULT 'All Accounts'); CREATE TABLE category (name TEXT NOT NULL, _id INTEGER PRIMARY KEY,  position INTEGER DEFAULT 0, timestamp TEXT NOT NULL)";

const NAMES = [
  ['totp', 'GitHub', 'alice@example.com', ['Work']],
  ['hotp', 'Counter', 'carol', []],
  ['totp', 'Orphan', 'dave', ['Work']],
  ['totp', 'Bücher', 'zoë 😀', []],
  ['totp', 'bare@example.com', '', []],
  ['totp', 'Battle.net', 'EU-1234-5678-9012', []],
];

async function attempt(name: string, bytes: Uint8Array, password = PASSWORD) {
  try {
    return await importFile(name, bytes, { sqlite: nodeSqliteLoader, password });
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return undefined;
  }
}

describe('SQLCipher pages (lib/import/sqlcipher.ts)', () => {
  it('opens SQLCipher 3, 2 and 4 databases into a plain SQLite image, with the settings that fit', async () => {
    for (const [file, version] of [
      ['authplus.db', 3],
      ['authplus-v2.db', 2],
      ['authplus-v4.db', 4],
    ] as const) {
      const { image, settings } = await openSqlCipher(fixtureFile(FOLDER, file).bytes, PASSWORD, WHAT, {});
      expect(settings.version, file).toBe(version);
      expect(new TextDecoder().decode(image.subarray(0, 15))).toBe('SQLite format 3');
      const SQL: SqlJsStatic = await nodeSqliteLoader();
      const db = new SQL.Database(image);
      try {
        expect(db.exec('SELECT count(*) FROM accounts')[0]?.values).toEqual([[8]]);
        expect(db.exec('PRAGMA integrity_check')[0]?.values).toEqual([['ok']]);
      } finally {
        db.close();
      }
    }
  });

  it('says wrong password when no settings authenticate page 1, without opening the engine', async () => {
    let opened = 0;
    const loader = async () => {
      opened++;
      return nodeSqliteLoader();
    };
    const e = await failure(read(fixtureFile(FOLDER, 'authplus.db'), { password: 'Correct horse', sqlite: loader }));
    expect(e.code).toBe('wrong-password');
    expect(opened).toBe(0);
  });

  it('asks for the password first', async () => {
    const file = fixtureFile(FOLDER, 'authplus.db');
    const e = await failure(authenticatorPlusDbImporter.read(file, { encrypted: true }, { sqlite: nodeSqliteLoader }));
    expect(e.code).toBe('needs-password');
  });

  it('refuses a page that fails its HMAC after page 1 opened as damaged, and a file of partial pages', async () => {
    const damaged = await failure(read(fixtureFile(FOLDER, 'authplus-damaged.db')));
    expect([damaged.code, damaged.text.key, damaged.text.english.includes('page 3')]).toEqual([
      'damaged',
      'importplusdb_page_damaged',
      true,
    ]);
    const cut = await failure(read(fixtureFile(FOLDER, 'authplus-truncated.db')));
    expect([cut.code, cut.text.key]).toEqual(['damaged', 'importplusdb_not_pages']);
  });

  it('refuses a file over the size cap before deriving any key', async () => {
    const stages: ImportStage['stage'][] = [];
    const e = await failure(
      openSqlCipher(new Uint8Array(MAX_FILE_BYTES + 1024), PASSWORD, WHAT, {
        onProgress: (s) => stages.push(s.stage),
      }),
    );
    expect(e.code).toBe('file-too-large');
    expect(stages).toEqual([]);
  });

  it('throws only ImportError for random, cut and altered pages (SQLCipher 2 settings, so runs stay fast)', async () => {
    const fixture = fixtureFile(FOLDER, 'authplus-v2.db').bytes;
    const run = async (bytes: Uint8Array) => {
      try {
        await openSqlCipher(bytes, PASSWORD, WHAT, {}, v2Only);
        return true;
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
        return false;
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1024, maxLength: 3072 }), async (random) => {
        // Random pages never authenticate.
        expect(await run(random.subarray(0, random.length - (random.length % 1024)))).toBe(false);
      }),
      { numRuns: 40 },
    );
    for (let i = 0; i < 16; i++) {
      const cut = fixture.slice(0, Math.floor((fixture.length * i) / 16));
      // Whole pages cut off the end still authenticate one by one (the engine judges what is left); a partial page not.
      expect(await run(cut), `cut at ${i}/16`).toBe(cut.length >= 1024 && cut.length % 1024 === 0);
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const bytes = fixture.slice();
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ flip;
        // Every byte of a page is under its HMAC or is the salt, except the reserve's padding after the HMAC.
        const padding = i % 1024 >= 1024 - 48 + 16 + 20;
        expect(await run(bytes)).toBe(padding);
      }),
      { numRuns: 150 },
    );
  }, 20_000);
});

describe('Authenticator Plus database', () => {
  it('is detected by its name when encrypted, and by its tables when plain, through the whole registry', async () => {
    const file = fixtureFile(FOLDER, 'authplus.db');
    expect(authenticatorPlusDbImporter.detect(file)).toMatchObject({ encrypted: true });
    expect(detectFormat('authplus.db', file.bytes).format).toBe('authenticator-plus-db');
    expect(detectFormat('authplus (1).db', file.bytes).format).toBe('authenticator-plus-db');
    // Under another name it is noise: the app-database importer's advice, as before.
    expect(detectFormat('other.db', file.bytes).format).toBe('app-database');
    const plain = await database(
      `${CREATE}; INSERT INTO accounts (email, secret, type, timestamp, uid, issuer) VALUES ('a', 'JBSWY3DPEHPK3PXP', 0, 't', 'u', 'A')`,
    );
    expect(detectFormat('copy.sqlite', plain).format).toBe('authenticator-plus-db');
  });

  it('reads a renamed copy when the person chooses the app', async () => {
    const bytes = fixtureFile(FOLDER, 'authplus.db').bytes;
    expect(() => detectFormat('backup', bytes)).toThrow(ImportError);
    const result = await readChosenApp('authenticator-plus-db', 'backup', bytes, options());
    expect(result.entries.map((e) => e.params.issuer)).toEqual(NAMES.map((n) => n[1]));
    const wrong = await failure(readChosenApp('authenticator-plus-db', 'backup', bytes, options({ password: 'nope' })));
    expect(wrong.code).toBe('wrong-password');
  });

  it('does not claim other formats or other apps’ databases', () => {
    for (const [name, file] of Object.entries(SHAPES))
      expect(authenticatorPlusDbImporter.detect(file), name).toBe(false);
    expect(authenticatorPlusDbImporter.detect(fixtureFile('google-authenticator-db', 'databases.sqlite'))).toBe(false);
    expect(authenticatorPlusDbImporter.detect(fixtureFile('stratum-db', 'encrypted-authenticator.db3'))).toBe(false);
    expect(authenticatorPlusDbImporter.detect(fixtureFile('stratum-db', 'authenticator.db3'))).toBe(false);
  });

  it('reads TOTP, HOTP and Battle.net rows, names as Stratum gives them, categories as groups', async () => {
    for (const name of ['authplus.db', 'authplus-v2.db', 'authplus-v4.db']) {
      const { entries, problems } = await read(fixtureFile(FOLDER, name));
      expect(
        entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.groups]),
        name,
      ).toEqual(NAMES);
      expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
      expect(entries[1]?.params).toMatchObject({ kind: 'hotp', counter: 42n, digits: 6 });
      // Battle.net: the hex secret's bytes, 8 digits.
      expect(entries[5]?.params).toMatchObject({ kind: 'totp', digits: 8, period: 30, algorithm: 'SHA1' });
      expect(hex(entries[5]?.params.secret ?? new Uint8Array())).toHaveLength(40);
      expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
        [6, 'Broken (frank)', false],
        [7, 'Future (gina)', false],
      ]);
      expect(problems[1]?.message.key).toBe('importplusdb_type');
    }
  });

  it('lists a Battle.net row whose secret is not hex', async () => {
    const plain = await database(
      `${CREATE}; INSERT INTO accounts (email, secret, type, timestamp, uid, issuer) VALUES ('EU-1', 'zz12', 2, 't', 'u', 'Battle.net'), ('b', 'JBSWY3DPEHPK3PXP', 0, 't', 'u', 'B')`,
    );
    const { entries, problems } = await read(sniffFile('copy.sqlite', plain));
    expect(entries.map((e) => e.params.issuer)).toEqual(['B']);
    expect(problems.map((p) => [p.label.english, p.message.key])).toEqual([
      ['Battle.net (EU-1)', 'importplusdb_battle_hex'],
    ]);
  });

  it('throws only ImportError for random, cut and altered files and huge tables, and returns nothing then', async () => {
    const fixture = fixtureFile(FOLDER, 'authplus.db').bytes;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1024, maxLength: 2048 }), async (random) => {
        expect(await attempt('authplus.db', random)).toBeUndefined();
      }),
      { numRuns: 6 },
    );
    for (let i = 0; i < 16; i++) await attempt('authplus.db', fixture.slice(0, Math.floor((fixture.length * i) / 16)));
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const bytes = fixture.slice();
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ flip;
        await attempt('authplus.db', bytes);
      }),
      { numRuns: 8 },
    );
    const many = await database(
      `${CREATE}; WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${MAX_ENTRIES + 1}) INSERT INTO accounts (email, secret, type, timestamp, uid) SELECT 'a' || x, 'JBSWY3DPEHPK3PXP', 0, 't', 'u' FROM c`,
    );
    const refused = await failure(importFile('copy.sqlite', many, options()));
    expect(refused.code).toBe('too-many-entries');
    const s = 'x'.repeat(2 ** 21);
    const huge = await database(
      `${CREATE}; INSERT INTO accounts (email, secret, type, timestamp, uid, issuer) VALUES ('${s}', 'JBSWY3DPEHPK3PXP', 0, 't', 'u', '${s}')`,
    );
    await attempt('copy.sqlite', huge);
  }, 30_000);
});
