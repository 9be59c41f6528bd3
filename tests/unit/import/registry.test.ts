import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../lib/import/registry';

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
