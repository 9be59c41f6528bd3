import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import enDb from '../../locales/en/importdb.json';
import { type Text, textsOf } from '../i18n/text';
import { LimitError, MAX_ENTRIES } from '../limits';
import type { OtpParamName } from '../otp/carried';
import { collectEntries } from './entry';
import { plain, textOf } from './text';
import { ImportError, type ImportedEntry, type Importer, type ImportProblem, type ReadOptions } from './types';

/*
 * App databases taken from a device (docs/import-formats.md "App databases"): SQLite files read with sql.js, SQLite
 * compiled to WebAssembly (docs/dependencies.md), never with a hand-written reader. lib/ stays pure: the engine comes
 * from an injected {@link SqliteLoader} (ReadOptions.sqlite): platform/sqlite-loader.ts in the extension's import
 * worker, scripts/node-sqlite-loader.ts in Node. Detection needs no engine: it reads the 100-byte header
 * (https://www.sqlite.org/fileformat.html §1.3) and looks for the app's CREATE TABLE text, which SQLite keeps verbatim
 * in sqlite_schema (fileformat.html §2.6).
 */

export const dbText = textsOf(enDb);

/** Starts the SQLite engine (sql.js's initSqlJs with the wasm located); called only when a database is read. */
export type SqliteLoader = () => Promise<SqlJsStatic>;

/** "SQLite format 3\0", the first 16 bytes of every SQLite 3 database (fileformat.html §1.3.1). */
const MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;

export function isSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * The page size of the header (fileformat.html §1.3.2: a power of two from 512 to 32768, or 1 meaning 65536). A
 * SQLCipher database has no plain header at all (https://www.zetetic.net/sqlcipher/design/: the whole file, page 1
 * included, is encrypted), so this only serves plain files.
 */
function pageSize(bytes: Uint8Array): number | undefined {
  const raw = ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0);
  const size = raw === 1 ? 65536 : raw;
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0 ? size : undefined;
}

/**
 * Whether the header says write-ahead logging (file format read/write versions 2, fileformat.html §1.3.3): then the
 * rows written since the app last checkpointed are in the `-wal` file beside it, not in this one
 * (https://www.sqlite.org/wal.html). Room and Android's SQLite use WAL by default.
 */
export function usesWriteAheadLog(bytes: Uint8Array): boolean {
  return isSqlite(bytes) && (bytes[18] === 2 || bytes[19] === 2);
}

/** The notice for a write-ahead-log database: what was read may lack the latest accounts. */
export function walNotices(name: string, bytes: Uint8Array): { notices?: Text[] } {
  const base = name.split(/[\\/]/).pop() || name;
  return usesWriteAheadLog(bytes) ? { notices: [dbText('importdb_wal_notice', base)] } : {};
}

const schemaCache = new WeakMap<Uint8Array, string>();

/**
 * The file as Latin-1 text, where the schema's CREATE statements can be found without the engine. Kept per file:
 * several importers look at the same bytes during one detection.
 */
export function rawSchemaText(bytes: Uint8Array): string {
  let out = schemaCache.get(bytes);
  if (out === undefined) {
    out = isSqlite(bytes) ? new TextDecoder('latin1').decode(bytes) : '';
    schemaCache.set(bytes, out);
  }
  return out;
}

/** The text from `start` up to the first control byte other than whitespace (where a record ends), at most `max`. */
function recordText(schema: string, start: number, max: number): string {
  const end = Math.min(schema.length, start + max);
  for (let i = start; i < end; i++) {
    const c = schema.charCodeAt(i);
    if (c < 0x20 && (c < 0x09 || c > 0x0d)) return schema.slice(start, i);
  }
  return schema.slice(start, end);
}

/**
 * Whether the file holds a CREATE TABLE for `table` whose column list names every one of `columns` (and none of
 * `without`). Names may be quoted "x", `x` or [x] (https://www.sqlite.org/lang_keywords.html).
 */
export function hasTable(
  bytes: Uint8Array,
  table: string,
  columns: readonly string[],
  without: readonly string[] = [],
): boolean {
  const schema = rawSchemaText(bytes);
  if (schema === '') return false;
  const start = new RegExp(`CREATE TABLE (?:IF NOT EXISTS )?["\`[]?${table}["\`\\]]?\\s*\\(`, 'gi');
  for (let m = start.exec(schema); m !== null; m = start.exec(schema)) {
    // A CREATE TABLE statement of these apps fits in 4000 characters; the record's text ends at a control byte.
    const body = recordText(schema, m.index + m[0].length, 4000);
    const has = (c: string) => new RegExp(`(^|[\\s,("\`[])${c}["\`\\]]?\\s`, 'i').test(body);
    if (columns.every(has) && !without.some(has)) return true;
  }
  return false;
}

/**
 * A file named like a database that is not one: SQLCipher (Authenticator Plus, an encrypted Stratum database)
 * encrypts every page, header included, so the file is noise whose size is a whole number of pages (its pages are
 * 1024 bytes up to SQLCipher 3, 4096 from 4: https://www.zetetic.net/sqlcipher/sqlcipher-api/#cipher_page_size).
 */
export function looksLikeEncryptedDatabase(name: string, bytes: Uint8Array, isText: boolean): boolean {
  if (isText || isSqlite(bytes) || bytes.length < 1024 || bytes.length % 1024 !== 0) return false;
  return /\.(db|db3|sqlite|sqlite3)$|(^|\/)(databases|PhoneFactor)$/i.test(name);
}

export type Row = Record<string, SqlValue | undefined>;

/** The open database as the importers use it: tables and their columns, and rows read under the caps. */
export interface SqliteReader {
  /** The names of the file's tables (at most 50: enough to say what the file is). */
  tables(): string[];
  /** Column names of a table (not a view), or undefined when there is no such table. */
  columns(table: string): string[] | undefined;
  /**
   * The rows of a table, the given columns only (a column the table lacks reads as undefined), in the table's order.
   * A missing table is a whole-file failure (ImportError `unsupported`): the file is not the app's database.
   */
  rows(table: string, columns: readonly string[]): Row[];
}

/**
 * One app's tables as the engine sees them. Its importer reads with it; the app-database importer uses it for a second
 * look when the schema text was not found without the engine (a CREATE statement split across pages, say).
 */
export interface AppTables {
  /** What the app's database can say ({@link Importer.carries}), kept on each entry read in the second look. */
  carries: readonly OtpParamName[];
  /** Whether the open database is this app's, by its tables and columns. */
  matches(db: SqliteReader): boolean;
  read(db: SqliteReader, options: ReadOptions): { entries: ImportedEntry[]; problems: ImportProblem[] };
}

/**
 * An app table's rows as entries (the reading every {@link AppTables.read} shares): the rows of `columns`, their count
 * announced as progress, then each row converted by collectEntries (its caps, a damaged row listed as a problem).
 */
export function tableEntries(
  db: SqliteReader,
  options: ReadOptions,
  table: string,
  columns: readonly string[],
  label: (row: Row, index: number) => Text | string,
  convert: (row: Row) => ImportedEntry | readonly ImportedEntry[],
): { entries: ImportedEntry[]; problems: ImportProblem[] } {
  const rows = db.rows(table, columns);
  options.onProgress?.({ stage: 'reading-entries', count: rows.length });
  return collectEntries(rows, label, convert);
}

/** The columns of `table` include every one of `wanted` (any case), and none of `without`. */
export function tableHas(
  db: SqliteReader,
  table: string,
  wanted: readonly string[],
  without: readonly string[] = [],
): boolean {
  const have = new Set((db.columns(table) ?? []).map((c) => c.toLowerCase()));
  return wanted.every((c) => have.has(c.toLowerCase())) && !without.some((c) => have.has(c.toLowerCase()));
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function reader(db: Database, what: Text, advice: Text): SqliteReader {
  const columns = (table: string): string[] | undefined => {
    // Only a plain table: reading a view runs whatever query the file's author wrote (a recursive one never ends), and
    // a virtual table runs its module's code (https://www.sqlite.org/vtab.html).
    const found = db.exec(
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE AND sql NOT LIKE 'CREATE VIRTUAL%'",
      [table],
    );
    if (found[0]?.values.length !== 1) return undefined;
    // table_xinfo's `hidden` is 2 for a VIRTUAL generated column, computed by its expression on every read
    // (https://www.sqlite.org/gencol.html, https://www.sqlite.org/pragma.html#pragma_table_xinfo): left out, as if the
    // table lacked it. Stored (3) and plain (0) columns are data the file holds.
    const info = db.exec(`PRAGMA table_xinfo(${quote(table)})`);
    return (info[0]?.values ?? []).filter((row) => row[6] === 0 || row[6] === 3).map((row) => String(row[1]));
  };
  return {
    tables() {
      const found = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 50");
      return (found[0]?.values ?? []).map((row) => String(row[0]));
    },
    columns,
    rows(table, wanted) {
      const have = columns(table);
      if (have === undefined) throw new ImportError('unsupported', dbText('importdb_no_table', what, table, advice));
      const lower = new Map(have.map((c) => [c.toLowerCase(), c]));
      const present = wanted.filter((c) => lower.has(c.toLowerCase()));
      const list =
        present.length > 0 ? present.map((c) => quote(lower.get(c.toLowerCase()) as string)).join(', ') : '1';
      // One row past the cap is enough to know the file is over it (lib/limits.ts), however many it holds.
      const stmt = db.prepare(`SELECT ${list} FROM ${quote(table)} LIMIT ${MAX_ENTRIES + 1}`);
      const out: Row[] = [];
      try {
        while (stmt.step()) {
          const values = stmt.get();
          const row: Row = {};
          present.forEach((c, i) => {
            row[c] = values[i];
          });
          out.push(row);
        }
      } finally {
        stmt.free();
      }
      return out;
    },
  };
}

/** What a failure of the engine means for the person: not a database, encrypted, or damaged. */
function engineFailure(e: unknown, what: Text, advice: Text): ImportError {
  const message = e instanceof Error ? e.message : String(e);
  if (/file is not a database|file is encrypted/i.test(message))
    return new ImportError('unsupported', dbText('importdb_encrypted', what, advice), { cause: e });
  return new ImportError('damaged', dbText('importdb_damaged', what, plain(message), advice), { cause: e });
}

/**
 * Opens the bytes as a database, runs `use` on it and always closes it. Throws {@link ImportError}: no engine given,
 * the engine failed to start, not a SQLite database (or an encrypted one), or damaged. A {@link LimitError} and an
 * ImportError from `use` pass through.
 */
export async function withDatabase<T>(
  bytes: Uint8Array,
  loader: SqliteLoader | undefined,
  what: Text,
  /** What to export from the app instead, said when the file cannot be opened. */
  advice: Text,
  use: (db: SqliteReader) => T,
): Promise<T> {
  if (!isSqlite(bytes) || pageSize(bytes) === undefined)
    throw new ImportError('unsupported', dbText('importdb_encrypted', what, advice));
  if (!loader) throw new ImportError('unsupported', dbText('importdb_no_engine'));
  let engine: SqlJsStatic;
  try {
    engine = await loader();
  } catch (e) {
    throw new ImportError('unsupported', dbText('importdb_engine_failed', textOf(e)), { cause: e });
  }
  let db: Database | undefined;
  try {
    db = new engine.Database(bytes);
    // Rows are collected whole before any becomes an entry: a damaged page met halfway fails the whole read (nothing
    // half imported), while damage elsewhere in the file (another app table, an index) does not stop the accounts.
    return use(reader(db, what, advice));
  } catch (e) {
    if (e instanceof ImportError || e instanceof LimitError) throw e;
    throw engineFailure(e, what, advice);
  } finally {
    db?.close();
  }
}
