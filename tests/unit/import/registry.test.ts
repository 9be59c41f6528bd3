import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { ImportError } from '../../../lib/import/types';

/*
 * Detection through the whole registry, in its real order: every fixture file of every format (written
 * by that format's own make.mjs) must reach its own importer, never a neighbour's.
 */
const ROOT = 'tests/fixtures/import';
const FORMAT_OF_DIR: Record<string, string> = {
  aegis: 'aegis',
  andotp: 'andotp',
  'authenticator-extension': 'authenticator-extension',
  bitwarden: 'bitwarden',
  ente: 'ente',
  'freeotp-plus': 'freeotp-plus',
  freeotp2: 'freeotp2',
  lastpass: 'lastpass',
  pictures: 'uri-list',
  proton: 'proton',
  stratum: 'stratum',
  'totp-authenticator': 'totp-authenticator',
  twofas: '2fas',
  winauth: 'winauth',
};
/** Files that are another format on purpose, or fixtures of a helper rather than an export. */
const EXCEPTIONS: Record<string, string | null> = {
  'bitwarden/bitwarden.csv': 'bitwarden-csv',
  'ente/secretstream.json': null,
  'pictures/expected.json': null,
};
const DATA = /\.(json|csv|txt|bin|aes|2fas|authpro|backup|zip)$/;

describe('format detection across every fixture', () => {
  const dirs = readdirSync(ROOT);
  it('knows every fixture directory', () => {
    expect(dirs.sort()).toEqual(Object.keys(FORMAT_OF_DIR).sort());
  });
  for (const dir of dirs) {
    for (const name of readdirSync(join(ROOT, dir)).filter((n) => DATA.test(n))) {
      const key = `${dir}/${name}`;
      const want = key in EXCEPTIONS ? EXCEPTIONS[key] : FORMAT_OF_DIR[dir];
      if (want === null) continue;
      it(`${key} → ${want}`, () => {
        expect(detectFormat(name, new Uint8Array(readFileSync(join(ROOT, key)))).format).toBe(want);
      });
    }
  }
});

describe('every importer, through the registry', () => {
  // Cut or altered files of every format: detection and reading may refuse, but only with an
  // ImportError, never another exception.
  const files = readdirSync(ROOT).flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((n) => DATA.test(n))
      .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(ROOT, dir, n))) })),
  );
  files.push({ name: 'list.txt', bytes: new TextEncoder().encode('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n') });

  it('throws nothing but an ImportError for damaged or random input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        async (file, at, value, cut) => {
          const i = at % Math.max(1, file.bytes.length);
          const input = file.bytes.slice(0, cut ? i : undefined);
          if (!cut) input[i] = value;
          try {
            await importFile(file.name, input, { password: 'correct horse', maxKdfMemory: 64 * 2 ** 20 });
          } catch (e) {
            if (!(e instanceof ImportError)) throw e;
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
