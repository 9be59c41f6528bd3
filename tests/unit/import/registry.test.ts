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
  authy: 'authy',
  'authenticator-plus-db': 'authenticator-plus-db',
  'battle-net': 'battle-net',
  bitwarden: 'bitwarden',
  ente: 'ente',
  'extract-otp-secrets': 'extract-otp-secrets',
  freeotp: 'freeotp',
  'freeotp-plus': 'freeotp-plus',
  freeotp2: 'freeotp2',
  'html-links': 'html-links',
  keepass: 'keepass',
  'keepassxc-csv': 'keepassxc-csv',
  lastpass: 'lastpass',
  // Written by the real otpclient-cli 3.1.4 in several formats (tests/fixtures/import/otpclient/SOURCE.md).
  otpclient: 'aegis',
  'google-authenticator-db': 'google-authenticator-db',
  'microsoft-authenticator': 'microsoft-authenticator',
  pictures: 'uri-list',
  proton: 'proton',
  'proton-encrypted': 'proton',
  'proton-pass': 'proton-pass',
  '1password': '1password',
  '1password-csv': '1password-csv',
  raivo: 'raivo',
  stratum: 'stratum',
  'stratum-db': 'stratum-db',
  steam: 'steam',
  duo: 'duo',
  'authy-export': 'authy-export',
  'totp-authenticator': 'totp-authenticator',
  'totp-authenticator-internal': 'totp-authenticator-internal',
  twofas: '2fas',
  winauth: 'winauth',
};
/** Files that are another format on purpose, or fixtures of a helper rather than an export. */
const EXCEPTIONS: Record<string, string | null> = {
  'bitwarden/bitwarden.csv': 'bitwarden-csv',
  'ente/secretstream.json': null,
  'extract-otp-secrets/input.txt': 'google-authenticator',
  'extract-otp-secrets/urls.txt': 'uri-list',
  'extract-otp-secrets/keepass.totp.csv': 'keepass-csv',
  'extract-otp-secrets/keepass.hotp.csv': 'keepass-csv',
  'otpclient/accounts.json': null,
  'otpclient/accounts-unicode.json': null,
  'otpclient/expected.json': null,
  'otpclient/ascii-andotp.json': 'andotp',
  'otpclient/ascii-andotp.json.aes': 'andotp',
  'otpclient/ascii-freeotpplus-uris.txt': 'uri-list',
  'otpclient/unicode-andotp.json': 'andotp',
  'otpclient/unicode-andotp.json.aes': 'andotp',
  'otpclient/unicode-freeotpplus-uris.txt': 'uri-list',
  'stratum-db/encrypted-authenticator.db3': 'app-database',
  'stratum-db/other-app.sqlite': 'app-database',
  // Another settings file of the app: refused as unknown, with the files to choose instead.
  'authy/com.authy.authy_preferences.xml': null,
  'pictures/expected.json': null,
  // A page that mentions one link in a sentence: not an export (docs/import-formats.md "Key URI lists").
  'html-links/prose.html': null,
};
const DATA = /\.(json|csv|txt|bin|aes|2fas|authpro|backup|zip|kdbx|1pux|data|pgp|sqlite|db|db3|xml|maFile|html)$/;
/** The fixture folders (tests/fixtures/import also holds make-lib.mjs, the generators' shared helpers). */
const fixtureDirs = () =>
  readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
/** Each folder's expected.json is the evaluation's answer sheet (scripts/import-eval.ts), not an export. */
const isData = (name: string) => DATA.test(name) && name !== 'expected.json';

describe('format detection across every fixture', () => {
  const dirs = fixtureDirs();
  it('knows every fixture directory', () => {
    expect(dirs.sort()).toEqual(Object.keys(FORMAT_OF_DIR).sort());
  });
  for (const dir of dirs) {
    for (const name of readdirSync(join(ROOT, dir)).filter(isData)) {
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
  // Proton Authenticator's password-protected export costs an Argon2id of 19 MiB per try, whatever the bytes:
  // fuzzed in its own test (tests/unit/import/proton-encrypted.test.ts) with fewer runs.
  const SLOW = new Set([
    'proton/proton-password.json',
    'proton-encrypted/proton-encrypted.json',
    'proton-encrypted/proton-empty.json',
  ]);
  const files = fixtureDirs().flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((n) => isData(n) && !SLOW.has(`${dir}/${n}`))
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
    // Some fixtures derive keys (Stratum's fixed Argon2id is 64 MiB × 3), so a run is seconds, not a hang.
  }, 60_000);
});
