import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { appDatabaseImporter } from '../../../lib/import/formats/app-database';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { runImport, type ImportReply } from '../../../lib/import/run';
import { sniffFile } from '../../../lib/import/sniff';
import {
  dbText,
  hasTable,
  isSqlite,
  looksLikeEncryptedDatabase,
  type SqliteLoader,
  withDatabase,
} from '../../../lib/import/sqlite';
import { ImportError } from '../../../lib/import/types';
import { MAX_ENTRIES } from '../../../lib/limits';
import { nodeSqliteLoader } from '../../../scripts/node-sqlite-loader';
import { failure } from './other-formats';

/*
 * lib/import/sqlite.ts, the one seam between the importers and sql.js (docs/import-formats.md "App databases"): the
 * engine is injected, the file is checked before anything is read, and the database is always closed.
 */

const fixture = (folder: string, name: string) =>
  new Uint8Array(readFileSync(join(__dirname, '../../fixtures/import', folder, name)));
const WHAT = dbText('importdb_kind_unknown');
const ADVICE = dbText('importdb_advice_unknown');

/** A database made with the engine itself, for shapes no app writes. */
async function database(statements: string): Promise<Uint8Array> {
  const SQL = await nodeSqliteLoader();
  const db = new SQL.Database();
  try {
    db.exec(statements);
    return db.export();
  } finally {
    db.close();
  }
}

/** The real engine, counting the databases opened and closed. */
function countingLoader(): { loader: SqliteLoader; opened: () => number; closed: () => number } {
  let opened = 0;
  let closed = 0;
  const loader: SqliteLoader = async () => {
    const SQL = await nodeSqliteLoader();
    class Counted extends SQL.Database {
      constructor(data?: ArrayLike<number> | Buffer | null) {
        super(data);
        opened++;
      }
      override close(): void {
        closed++;
        super.close();
      }
    }
    return { ...SQL, Database: Counted } as SqlJsStatic;
  };
  return { loader, opened: () => opened, closed: () => closed };
}

describe('opening a database', () => {
  it('refuses bytes that are not a SQLite database before starting the engine', async () => {
    let started = false;
    const loader: SqliteLoader = async () => {
      started = true;
      return nodeSqliteLoader();
    };
    const e = await failure(withDatabase(new Uint8Array(4096).fill(7), loader, WHAT, ADVICE, () => 1));
    expect(e.code).toBe('unsupported');
    expect(e.text.key).toBe('importdb_encrypted');
    expect(started).toBe(false);
  });

  it('without an engine, refuses instead of misreading', async () => {
    const bytes = await database('CREATE TABLE t (a)');
    const e = await failure(withDatabase(bytes, undefined, WHAT, ADVICE, () => 1));
    expect([e.code, e.text.key]).toEqual(['unsupported', 'importdb_no_engine']);
  });

  it('says so when the engine does not start', async () => {
    const bytes = await database('CREATE TABLE t (a)');
    const e = await failure(
      withDatabase(
        bytes,
        () => Promise.reject(new Error('CSP refused the compile')),
        WHAT,
        ADVICE,
        () => 1,
      ),
    );
    expect([e.code, e.text.key]).toEqual(['unsupported', 'importdb_engine_failed']);
    expect(e.message).toContain('CSP refused the compile');
  });

  it('refuses a cut database whole, and closes it', async () => {
    const counting = countingLoader();
    const whole = fixture('google-authenticator-db', 'databases.sqlite');
    const e = await failure(
      withDatabase(whole.slice(0, whole.length / 2), counting.loader, WHAT, ADVICE, (db) =>
        db.rows('accounts', ['email']),
      ),
    );
    expect([e.code, e.text.key]).toEqual(['damaged', 'importdb_damaged']);
    expect([counting.opened(), counting.closed()]).toEqual([1, 1]);
  });

  it('closes the database after a read and after a failure inside it', async () => {
    const counting = countingLoader();
    const bytes = await database("CREATE TABLE t (a); INSERT INTO t VALUES ('x')");
    expect(await withDatabase(bytes, counting.loader, WHAT, ADVICE, (db) => db.rows('t', ['a', 'b']))).toEqual([
      { a: 'x' },
    ]);
    await expect(
      withDatabase(bytes, counting.loader, WHAT, ADVICE, () => {
        throw new ImportError('damaged', WHAT);
      }),
    ).rejects.toBeInstanceOf(ImportError);
    expect([counting.opened(), counting.closed()]).toEqual([2, 2]);
  });

  it('reads tables only: a view named like the table is never run', async () => {
    // A view can hold any query (a recursive one never ends); the importers ask for tables, so it is "no table".
    const bytes = await database(
      "CREATE TABLE real (a); CREATE VIEW accounts AS SELECT 'JBSWY3DPEHPK3PXP' AS secret, 'x' AS email",
    );
    const e = await failure(
      withDatabase(bytes, nodeSqliteLoader, WHAT, ADVICE, (db) => db.rows('accounts', ['secret'])),
    );
    expect(e.text.key).toBe('importdb_no_table');
  });

  it('never computes a virtual generated column nor reads a virtual table', async () => {
    // A generated column's expression runs on every read; a virtual table runs its module: neither is file data.
    const bytes = await database(
      "CREATE TABLE accounts (email TEXT, secret TEXT GENERATED ALWAYS AS (upper(email)) VIRTUAL, kept TEXT GENERATED ALWAYS AS (email || '!') STORED); INSERT INTO accounts (email) VALUES ('a'); CREATE VIRTUAL TABLE authenticator USING fts4(secret)",
    );
    const rows = await withDatabase(bytes, nodeSqliteLoader, WHAT, ADVICE, (db) =>
      db.rows('accounts', ['email', 'secret', 'kept']),
    );
    expect(rows).toEqual([{ email: 'a', kept: 'a!' }]);
    const e = await failure(
      withDatabase(bytes, nodeSqliteLoader, WHAT, ADVICE, (db) => db.rows('authenticator', ['secret'])),
    );
    expect(e.text.key).toBe('importdb_no_table');
  });

  it('stops at one row past the entry cap, however many the table holds', async () => {
    const bytes = await database(
      `CREATE TABLE t (a); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${MAX_ENTRIES + 50}) INSERT INTO t SELECT x FROM c`,
    );
    const rows = await withDatabase(bytes, nodeSqliteLoader, WHAT, ADVICE, (db) => db.rows('t', ['a']));
    expect(rows).toHaveLength(MAX_ENTRIES + 1);
  });
});

describe('telling app databases apart without the engine', () => {
  it('finds a CREATE TABLE by its name and columns, quoted any way SQLite allows', async () => {
    for (const name of ['accounts', '"accounts"', '`accounts`', '[accounts]']) {
      const bytes = await database(`CREATE TABLE ${name} (_id INTEGER PRIMARY KEY, "email" TEXT, \`secret\` TEXT)`);
      expect(isSqlite(bytes)).toBe(true);
      expect(hasTable(bytes, 'accounts', ['email', 'secret']), name).toBe(true);
      expect(hasTable(bytes, 'accounts', ['email', 'oath_secret_key']), name).toBe(false);
      expect(hasTable(bytes, 'accounts', ['email'], ['secret']), name).toBe(false);
      expect(hasTable(bytes, 'authenticator', ['email']), name).toBe(false);
    }
  });

  it('a column name inside another name does not count', async () => {
    const bytes = await database('CREATE TABLE accounts (email_secret TEXT, my_email TEXT)');
    expect(hasTable(bytes, 'accounts', ['email'])).toBe(false);
    expect(hasTable(bytes, 'accounts', ['secret'])).toBe(false);
  });

  it('takes a database-named file of whole pages of noise for an encrypted database, and nothing else', () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 167 + 13) & 255);
    expect(looksLikeEncryptedDatabase('authplus.db', noise, false)).toBe(true);
    expect(looksLikeEncryptedDatabase('PhoneFactor', noise, false)).toBe(true);
    expect(looksLikeEncryptedDatabase('export.bin', noise, false)).toBe(false);
    expect(looksLikeEncryptedDatabase('authplus.db', noise.slice(0, 4000), false)).toBe(false);
    expect(looksLikeEncryptedDatabase('notes.db', noise, true)).toBe(false);
  });
});

describe('databases no importer reads', () => {
  it('refuses another app’s database naming its tables', async () => {
    const e = await failure(
      importFile('other.sqlite', fixture('stratum-db', 'other-app.sqlite'), { sqlite: nodeSqliteLoader }),
    );
    expect([e.code, e.text.key]).toEqual(['unsupported', 'importdb_unknown_schema']);
    expect(e.message).toContain('notes');
  });

  it('refuses SQLCipher files with what to export from the app that wrote them', async () => {
    const noise = fixture('stratum-db', 'encrypted-authenticator.db3');
    const cases: [string, string][] = [
      ['authenticator.db3', 'Stratum'],
      ['PhoneFactor', 'Microsoft Authenticator'],
      ['databases', 'Google Authenticator'],
      ['vault.sqlite', 'app that made it'],
    ];
    for (const [name, says] of cases) {
      expect(appDatabaseImporter.detect(sniffFile(name, noise)), name).toEqual({ encrypted: false });
      const e = await failure(importFile(name, noise, { sqlite: nodeSqliteLoader }));
      expect([e.code, e.text.key], name).toEqual(['unsupported', 'importdb_encrypted']);
      expect(e.message, name).toContain(says);
    }
    // Authenticator Plus's database is opened with its password instead (tests/unit/import/authenticator-plus-db.test.ts).
    expect(detectFormat('authplus.db', noise).format).toBe('authenticator-plus-db');
    const asked = await failure(importFile('authplus.db', noise, { sqlite: nodeSqliteLoader }));
    expect(asked.code).toBe('needs-password');
  });
});

describe('the import worker’s run', () => {
  it('passes the engine it is given to the importers', async () => {
    const replies: ImportReply[] = [];
    const bytes = fixture('stratum-db', 'authenticator.db3');
    await runImport({ name: 'authenticator.db3', bytes }, (r) => replies.push(r), { sqlite: nodeSqliteLoader });
    const done = replies.find((r) => r.kind === 'done');
    expect(done?.kind === 'done' && done.summary.items.length).toBe(6);
    replies.length = 0;
    await runImport({ name: 'authenticator.db3', bytes }, (r) => replies.push(r));
    expect(replies.at(-1)).toMatchObject({ kind: 'failed', code: 'unsupported', text: { key: 'importdb_no_engine' } });
  });
});
