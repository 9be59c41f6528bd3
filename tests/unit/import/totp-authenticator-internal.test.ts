import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totpAuthenticatorInternalImporter as importer } from '../../../lib/import/formats/totp-authenticator-internal';
import { sniffFile } from '../../../lib/import/sniff';
import { fuzzPrefsImporter } from './android-fuzz';
import { english, expectRejectsOthers, failure, fixtureFile, read, survives, text } from './other-formats';

// Fixtures: tests/fixtures/import/totp-authenticator-internal/make.mjs (SOURCE.md).
const NAME = 'TOTP_Authenticator_Preferences.xml';
const file = () => fixtureFile('totp-authenticator-internal', NAME);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const prefs = (tokens: unknown) =>
  sniffFile(
    NAME,
    text(`<map>\n    <string name="STATIC_TOTP_CODES_LIST">${esc(JSON.stringify(tokens))}</string>\n</map>\n`),
  );

describe('TOTP Authenticator app data detection', () => {
  it('recognises the settings file by its token list', () => {
    expect(importer.detect(file())).toMatchObject({ encrypted: false });
  });

  it('says no to other formats, the app’s encrypted backup included', () => {
    expectRejectsOthers(importer, []);
    expect(importer.detect(fixtureFile('totp-authenticator', 'backup.bin'))).toBe(false);
    expect(importer.detect(fixtureFile('freeotp', 'tokens.xml'))).toBe(false);
  });
});

describe('TOTP Authenticator app data', () => {
  it('reads every token with its own digits and period (7 / 20 s, 8 / 50 s), hex, base32 and base64 keys', async () => {
    const { entries } = await read(importer, file());
    expect(
      entries.map((e) => {
        const p = e.params;
        return [p.issuer, p.account, p.kind === 'totp' && [p.algorithm, p.digits, p.period], e.groups, e.pinned];
      }),
    ).toEqual([
      ['Deno', 'mason', ['SHA1', 6, 30], [], false],
      ['SPDX', 'james', ['SHA1', 7, 20], [], true],
      ['Airbnb', 'elijah', ['SHA1', 8, 50], ['Travel'], false],
      ['Bänk 🏦', 'zoë "z" <z@example.org>', ['SHA1', 6, 30], [], false],
      ['Base64', 'b', ['SHA1', 6, 30], [], false],
      ['Defaults', 'd', ['SHA1', 6, 30], [], false],
    ]);
  });

  it('lists a key that is not hex and an empty key', async () => {
    const { problems } = await read(importer, file());
    expect(english(problems)).toEqual([
      { index: 6, label: 'Broken (not hex)', message: expect.any(String), unsupported: false },
      { index: 7, label: 'Empty (no key)', message: expect.stringMatching(/no secret/), unsupported: false },
    ]);
  });

  it('refuses a token list that is not a list, and a file without one', async () => {
    expect((await failure(read(importer, fixtureFile('totp-authenticator-internal', 'not-a-list.xml')))).code).toBe(
      'damaged',
    );
    const renamed = sniffFile(NAME, text('<map><string name="STATIC_TOTP_CODES_LIST_OLD">[]</string></map>'));
    expect(importer.detect(renamed)).toBe(false);
  });

  it('survives damage: cut, mutated, random (fuzz)', async () => {
    const bytes = new Uint8Array(
      readFileSync(join(__dirname, '../../fixtures/import/totp-authenticator-internal', NAME)),
    );
    await fuzzPrefsImporter(importer, NAME, bytes);
  }, 20_000);

  it('never throws anything but ImportError for odd tokens', async () => {
    const token = fc.record(
      {
        issuer: fc.anything(),
        name: fc.anything(),
        key: fc.oneof(fc.string(), fc.constant('A'.repeat(100_000)), fc.anything()),
        base: fc.oneof(fc.constantFrom(16, 32, 64, '16', ''), fc.anything()),
        digits: fc.oneof(fc.constantFrom('6', '7', '', '99'), fc.anything()),
        period: fc.oneof(fc.constantFrom('30', '0', ''), fc.anything()),
        accountHeaderLabel: fc.anything(),
        isFavorite: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(token, fc.anything()), { maxLength: 4 }), async (tokens) => {
        await survives(importer, prefs(tokens));
      }),
      { numRuns: 150 },
    );
  });
});
