import fc from 'fast-check';
import { expect } from 'vitest';
import { formatName, readDetected } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type Importer, type ReadOptions } from '../../../lib/import/types';
import { mutate } from './other-formats';

/*
 * The damage every password-manager importer's test puts its fixtures through (docs/import-export.md "Caps"): the file
 * cut at every 1/16th, random byte edits, random bytes. Whatever happens, only an ImportError may be thrown, and a
 * read either returns its entries and problems or throws (never both; nothing half-imported).
 */

/**
 * Detects with `importer` and reads through the registry (which turns the caps of lib/limits.ts into ImportErrors);
 * returns 'refused' for an ImportError, the result otherwise; rethrows anything else.
 */
export async function attempt(importer: Importer, name: string, bytes: Uint8Array, options: ReadOptions) {
  const file = sniffFile(name, bytes);
  const detection = importer.detect(file);
  if (!detection) return 'not-detected' as const;
  try {
    const result = await readDetected(
      { file, importer, detection, format: importer.id, formatName: formatName(importer, detection) },
      options,
    );
    expect(Array.isArray(result.entries) && Array.isArray(result.problems)).toBe(true);
    return result;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return 'refused' as const;
  }
}

/** The file cut at every 1/16th of its length: what became of each cut ('not-detected', 'refused' or 'read'). */
export async function survivesCuts(importer: Importer, name: string, bytes: Uint8Array, options: ReadOptions) {
  const outcomes: string[] = [];
  for (let i = 0; i < 16; i++) {
    const out = await attempt(importer, name, bytes.subarray(0, Math.floor((bytes.length * i) / 16)), options);
    outcomes.push(typeof out === 'string' ? out : 'read');
  }
  return outcomes;
}

/** Random edits (flip, cut, insert) and random bytes. */
export async function survivesMutations(
  importer: Importer,
  name: string,
  bytes: Uint8Array,
  options: ReadOptions,
  numRuns = 100,
) {
  const edit = fc.record({
    kind: fc.integer({ min: 0, max: 2 }),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
      await attempt(importer, name, mutate(bytes, edits), options);
    }),
    { numRuns },
  );
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (random) => {
      await attempt(importer, name, random, options);
    }),
    { numRuns: Math.min(numRuns, 100) },
  );
}
