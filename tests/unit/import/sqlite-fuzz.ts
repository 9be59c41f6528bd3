import fc from 'fast-check';
import { expect } from 'vitest';
import { importFile } from '../../../lib/import/registry';
import { ImportError, type ImportResult } from '../../../lib/import/types';
import { MAX_ENTRIES } from '../../../lib/limits';
import { nodeSqliteLoader } from '../../../scripts/node-sqlite-loader';

/*
 * The property tests every app-database importer runs (docs/contributing.md "An importer"): random bytes, its fixture
 * cut at every sixteenth, bytes changed anywhere, more rows than the cap and huge strings. Whatever happens, only an
 * ImportError escapes, and a read that fails returns nothing.
 */

const options = { sqlite: nodeSqliteLoader };

/** Imports through the registry; undefined when refused with an ImportError (anything else fails the test). */
export async function attempt(name: string, bytes: Uint8Array): Promise<ImportResult | undefined> {
  try {
    return await importFile(name, bytes, options);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return undefined;
  }
}

/** A database made with the engine itself. */
export async function database(statements: string): Promise<Uint8Array> {
  const SQL = await nodeSqliteLoader();
  const db = new SQL.Database();
  try {
    db.exec(statements);
    return db.export();
  } finally {
    db.close();
  }
}

const HEADER = new TextEncoder().encode('SQLite format 3\0');

export async function fuzzDatabase(
  name: string,
  fixture: Uint8Array,
  /** CREATE TABLE of the app's accounts table and an INSERT of one row whose values are $ISSUER and $N. */
  table: { create: string; insertMany: (count: number) => string; insertHuge: (issuer: string) => string },
): Promise<void> {
  // Random bytes, some starting like a SQLite file.
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.boolean(), async (random, header) => {
      const bytes = header ? new Uint8Array([...HEADER, ...random]) : random;
      await attempt(name, bytes);
    }),
    { numRuns: 60 },
  );
  // The fixture cut at every sixteenth: refused, or read from what is whole; never another exception.
  for (let i = 0; i < 16; i++) await attempt(name, fixture.slice(0, Math.floor((fixture.length * i) / 16)));
  // Bytes changed anywhere.
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      async (changes) => {
        const bytes = fixture.slice();
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        await attempt(name, bytes);
      },
    ),
    { numRuns: 120 },
  );
  // More rows than one review takes: refused by the cap, nothing returned.
  const many = await database(`${table.create}; ${table.insertMany(MAX_ENTRIES + 1)}`);
  const refused = await importFile(name, many, options).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ImportError);
  expect((refused as ImportError).code).toBe('too-many-entries');
  // A huge string: read or refused, never a crash.
  const huge = await database(`${table.create}; ${table.insertHuge('x'.repeat(2 ** 21))}`);
  await attempt(name, huge);
}
