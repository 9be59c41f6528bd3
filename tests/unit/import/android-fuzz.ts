import fc from 'fast-check';
import { expect } from 'vitest';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type Importer, type ReadOptions } from '../../../lib/import/types';
import { mutate } from './other-formats';

/*
 * The property tests every shared_prefs importer gets (freeotp, authy, battle-net, totp-authenticator-internal):
 * random bytes, the fixture cut at every 1/16th, mutated bytes. Detection never throws; reading throws nothing but
 * an ImportError, and a read that throws returns no entries (there is no half-import to see: it either returns or
 * throws). Runs are small: this machine has two cores.
 */

async function readOrRefuse(importer: Importer, name: string, bytes: Uint8Array, options: ReadOptions) {
  const file = sniffFile(name, bytes);
  const detection = importer.detect(file);
  if (!detection) return undefined;
  try {
    const result = await importer.read(file, detection, options);
    expect(Array.isArray(result.entries) && Array.isArray(result.problems)).toBe(true);
    return result;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return e;
  }
}

export async function fuzzPrefsImporter(
  importer: Importer,
  name: string,
  fixture: Uint8Array,
  options: ReadOptions = {},
): Promise<void> {
  // The fixture cut at every 1/16th: each cut is either still read (a cut inside trailing whitespace) or refused.
  for (let i = 0; i < 16; i++) {
    const cut = fixture.subarray(0, Math.floor((fixture.length * i) / 16));
    const got = await readOrRefuse(importer, name, cut, options);
    if (got && !(got instanceof ImportError)) expect(i, 'only a whole document reads').toBeGreaterThan(14);
  }
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({ kind: fc.integer({ min: 0, max: 2 }), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
        { minLength: 1, maxLength: 4 },
      ),
      async (edits) => {
        await readOrRefuse(importer, name, mutate(fixture, edits), options);
      },
    ),
    { numRuns: 120 },
  );
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      await readOrRefuse(importer, name, bytes, options);
    }),
    { numRuns: 60 },
  );
}
