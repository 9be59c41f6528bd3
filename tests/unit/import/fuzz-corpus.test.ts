import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, readDetected } from '../../../lib/import/registry';
import { ImportError, type ImportResult, type ImportStage, type ReadOptions } from '../../../lib/import/types';
import type { Corpus, ExpectedFile } from '../../../scripts/import-eval';

/*
 * The generic fuzz test over our own corpus: every record of every tests/fixtures/import/<folder>/expected.json (so a
 * folder another part adds is covered as soon as it has one), damaged in the ways real files get damaged: cut short at
 * 16 points, bytes changed, garbage appended, opened with a wrong or an empty password. Detection and reading together
 * must either return entries or throw an ImportError: never another exception, never a hang (each record's test has a
 * generous timeout; a loop that never ends fails it). A read that fails returns nothing, so nothing is half-imported;
 * what a successful read returns must be whole entries.
 */

const ROOT = join(__dirname, '../../fixtures/import');
/** A few KDF rounds per record at most: a damaged encrypted file still derives its key before failing. */
const BUDGET_MS = 1_500;
const MUTATIONS = 64;
const CUTS = 16;
const MIN_RUNS = 4;

interface Case {
  folder: string;
  record: ExpectedFile;
  bytes: Uint8Array;
}

const cases: Case[] = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    let corpus: Corpus;
    try {
      corpus = JSON.parse(readFileSync(join(ROOT, d.name, 'expected.json'), 'utf8')) as Corpus;
    } catch {
      return []; // eval-import.test.ts requires the file; this test only needs what is there.
    }
    return corpus.files
      .filter((record) => !record.heavy)
      .map((record) => ({
        folder: d.name,
        record,
        bytes: new Uint8Array(readFileSync(join(ROOT, d.name, record.path))),
      }));
  });

type Outcome = { ok: true; result: ImportResult; stages: ImportStage[] } | { ok: false; error: unknown };

async function attempt(name: string, bytes: Uint8Array, options: ReadOptions): Promise<Outcome> {
  const stages: ImportStage[] = [];
  try {
    const result = await readDetected(detectFormat(name, bytes), {
      ...options,
      maxKdfMemory: 64 * 2 ** 20,
      onProgress: (s) => stages.push(s),
    });
    return { ok: true, result, stages };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Either a typed refusal, or a whole result: entries with a key, problems and notices listed, nothing else. */
function expectWholeOrRefused(outcome: Outcome, what: string): void {
  if (!outcome.ok) {
    expect([what, outcome.error instanceof ImportError ? 'ImportError' : String(outcome.error)]).toEqual([
      what,
      'ImportError',
    ]);
    return;
  }
  const { result, stages } = outcome;
  expect(Array.isArray(result.entries) && Array.isArray(result.problems)).toBe(true);
  for (const entry of result.entries) expect(entry.params.secret.length).toBeGreaterThan(0);
  // The progress callback hears counts, never entries: a read that later fails has handed nothing out.
  for (const s of stages) expect(Object.keys(s).every((k) => ['stage', 'kdf', 'count'].includes(k))).toBe(true);
}

function expectRefused(outcome: Outcome, what: string): void {
  expect([
    what,
    outcome.ok ? `returned ${outcome.result.entries.length} entries` : outcome.error instanceof ImportError,
  ]).toEqual([what, true]);
}

describe('every corpus record, damaged, gives entries or an ImportError', () => {
  expect(cases.length).toBeGreaterThan(0);
  for (const { folder, record, bytes } of cases) {
    const name = record.path.split('/').at(-1) ?? record.path;
    const password = record.password ?? undefined;
    it(`${folder}/${record.path}`, async () => {
      // How long one good read takes decides how many damaged ones fit the budget (KDFs dominate).
      const started = performance.now();
      expectWholeOrRefused(await attempt(name, bytes, { password }), 'as written');
      const once = Math.max(1, performance.now() - started);
      const runs = Math.max(MIN_RUNS, Math.min(MUTATIONS, Math.floor(BUDGET_MS / once)));
      const cuts = Math.min(CUTS, runs);

      for (let i = 1; i <= cuts; i++) {
        const at = Math.floor((bytes.length * i) / (cuts + 1));
        expectWholeOrRefused(await attempt(name, bytes.slice(0, at), { password }), `cut at ${at}`);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: Math.max(0, bytes.length - 1) }),
          fc.integer({ min: 1, max: 255 }),
          async (at, xor) => {
            const changed = bytes.slice();
            changed[at] = (changed[at] as number) ^ xor;
            expectWholeOrRefused(await attempt(name, changed, { password }), `byte ${at} ^ ${xor}`);
          },
        ),
        { numRuns: runs, seed: 18 },
      );
      const garbage = new Uint8Array([...bytes, ...new TextEncoder().encode('\u0000garbage}]>\n'), 0xff, 0xfe]);
      expectWholeOrRefused(await attempt(name, garbage, { password }), 'garbage appended');

      if (password !== undefined && record.expect_error === undefined) {
        expectRefused(await attempt(name, bytes, { password: 'wrong horse' }), 'wrong password');
        expectRefused(await attempt(name, bytes, { password: '' }), 'empty password');
      }
    }, 120_000);
  }
});
