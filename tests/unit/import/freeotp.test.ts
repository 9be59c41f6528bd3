import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeOtpImporter } from '../../../lib/import/formats/freeotp';
import { importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { MAX_ENTRIES } from '../../../lib/limits';
import { fuzzPrefsImporter } from './android-fuzz';
import { ascii, english, expectRejectsOthers, failure, fixtureFile, hex, read, survives, text } from './other-formats';

// Fixtures: tests/fixtures/import/freeotp/make.mjs (SOURCE.md).
const file = () => fixtureFile('freeotp', 'tokens.xml');
const DECL = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n";
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const xml = (values: Array<[string, string]>) =>
  sniffFile(
    'tokens.xml',
    text(
      `${DECL}<map>\n${values.map(([k, v]) => `    <string name="${esc(k)}">${esc(v)}</string>`).join('\n')}\n</map>\n`,
    ),
  );
const tok = (extra: Record<string, unknown>) =>
  JSON.stringify({
    algo: 'SHA1',
    counter: 0,
    digits: 6,
    issuerExt: 'A',
    label: 'b',
    period: 30,
    type: 'TOTP',
    secret: [1, 2, 3, 4, 5],
    ...extra,
  });

describe('FreeOTP tokens.xml detection', () => {
  it('recognises the file by its token order or token JSON, FreeOTP+’s too', () => {
    expect(freeOtpImporter.detect(file())).toMatchObject({ encrypted: false });
    expect(freeOtpImporter.detect(fixtureFile('freeotp', 'freeotp-plus-tokens.xml'))).toMatchObject({
      encrypted: false,
    });
    expect(freeOtpImporter.detect(xml([['A:b', tok({})]]))).not.toBe(false);
  });

  it('says no to other formats and to other shared_prefs files', () => {
    expectRejectsOthers(freeOtpImporter, []);
    expect(freeOtpImporter.detect(fixtureFile('authy', 'com.authy.storage.tokens.authenticator.xml'))).toBe(false);
    expect(freeOtpImporter.detect(xml([['dark', 'true']]))).toBe(false);
  });
});

describe('FreeOTP tokens.xml', () => {
  it('reads every token in the app’s order: algorithms, digits, periods, HOTP, Steam, renamed, unicode', async () => {
    const { entries } = await read(freeOtpImporter, file());
    expect(entries.map((e) => ({ ...e.params, secret: hex(e.params.secret) }))).toEqual([
      {
        kind: 'totp',
        secret: ascii('12345678901234567890'),
        issuer: 'Example',
        account: 'alice@example.com',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
      {
        kind: 'totp',
        secret: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
        issuer: 'Bänk 🏦',
        account: 'bob "the <builder>" & co',
        algorithm: 'SHA512',
        digits: 8,
        period: 60,
      },
      {
        kind: 'hotp',
        secret: ascii('12345678901234567890'),
        issuer: 'VPN',
        account: 'carol',
        algorithm: 'SHA1',
        digits: 6,
        counter: 41n,
      },
      {
        kind: 'hotp',
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
        issuer: 'Bank2',
        account: 'dora',
        algorithm: 'SHA256',
        digits: 8,
        counter: 7n,
      },
      { kind: 'steam', secret: expect.stringMatching(/^[0-9a-f]{40}$/), issuer: 'Steam', account: 'gaben' },
      {
        kind: 'totp',
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
        issuer: 'New Name',
        account: 'dave@example.org',
        algorithm: 'SHA256',
        digits: 6,
        period: 30,
      },
      {
        kind: 'totp',
        secret: expect.stringMatching(/^[0-9a-f]{40}$/),
        issuer: 'Unlisted',
        account: 'erin',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    ]);
  });

  it('keeps the stored HOTP counter: FreeOTP computes its next code from it (getHOTP(counter++))', async () => {
    const { entries } = await read(freeOtpImporter, xml([['A:b', tok({ type: 'HOTP', counter: 10299 })]]));
    const p = entries[0]?.params;
    expect(p?.kind === 'hotp' && p.counter).toBe(10299n);
    expect(entries[0]?.warnings).toEqual([]);
  });

  it('imports a token missing from tokenOrder with a warning, and none without a token order', async () => {
    const { entries } = await read(freeOtpImporter, file());
    expect(english(entries[6]?.warnings)).toEqual([expect.stringMatching(/token order/)]);
    expect(entries.slice(0, 6).every((e) => e.warnings.length === 0)).toBe(true);
    const loose = await read(freeOtpImporter, xml([['A:b', tok({})]]));
    expect(loose.entries[0]?.warnings).toEqual([]);
  });

  it('lists unsupported and damaged tokens by their place in the file', async () => {
    const { problems } = await read(freeOtpImporter, file());
    // The file lists the tokens in reverse: Broken:grace first, Odd:frank second.
    expect(english(problems)).toEqual([
      { index: 1, label: 'Odd (frank)', message: expect.stringMatching(/SHA224/), unsupported: true },
      { index: 0, label: 'Broken (grace)', message: expect.stringMatching(/300/), unsupported: false },
    ]);
  });

  it('lists a value that is not token JSON, and one without a secret', async () => {
    const { entries, problems } = await read(
      freeOtpImporter,
      xml([
        ['A:b', tok({})],
        ['junk', 'not json'],
        ['C:d', tok({ issuerExt: 'C', label: 'd', secret: undefined })],
      ]),
    );
    expect(entries).toHaveLength(1);
    expect(english(problems)).toEqual([
      { index: 1, label: 'junk', message: expect.stringMatching(/not a FreeOTP token/), unsupported: false },
      { index: 2, label: 'C (d)', message: expect.stringMatching(/no secret/), unsupported: false },
    ]);
  });

  it('refuses a token order that is not a list, a cut file and a document type declaration', async () => {
    for (const [name, why] of [
      ['bad-order.xml', /token order/],
      ['cut.xml', /malformed/],
      ['doctype.xml', /document type/],
    ] as const) {
      const e = await failure(read(freeOtpImporter, fixtureFile('freeotp', name)));
      expect(e.code, name).toBe('damaged');
      expect(e.text.english, name).toMatch(why);
    }
  });

  it('refuses more tokens than one review takes (lib/limits.ts), before converting any', async () => {
    const body = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => `<string name="t${i}">{}</string>`).join('');
    const bytes = text(`<map><string name="tokenOrder">[]</string>${body}</map>`);
    const e = await failure(importFile('tokens.xml', bytes));
    expect(e.code).toBe('too-many-entries');
  });

  it('survives damage: cut, mutated, random (fuzz)', async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../fixtures/import/freeotp/tokens.xml')));
    await fuzzPrefsImporter(freeOtpImporter, 'tokens.xml', bytes);
  });

  it('never throws anything but ImportError for odd token JSON or huge strings', async () => {
    const token = fc.record(
      {
        algo: fc.oneof(fc.constantFrom('SHA1', 'sha256', 'MD5', ''), fc.anything()),
        counter: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        digits: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.string()),
        issuerExt: fc.oneof(fc.string(), fc.constant('Steam')),
        label: fc.oneof(fc.string(), fc.constant('x'.repeat(100_000))),
        secret: fc.oneof(fc.array(fc.integer({ min: -200, max: 300 })), fc.anything()),
        type: fc.oneof(fc.constantFrom('TOTP', 'HOTP', 'X'), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string(), token), { maxLength: 5 }), async (pairs) => {
        const file = xml([...pairs.map(([k, t]): [string, string] => [k, JSON.stringify(t)]), ['tokenOrder', '[]']]);
        await survives(freeOtpImporter, file);
      }),
      { numRuns: 150 },
    );
  });
});

describe('FreeOTP’s oldest, link-based token store', () => {
  it('reads a token stored as its otpauth link, with the names the user gave it', async () => {
    const { entries } = await read(
      freeOtpImporter,
      xml([
        ['tokenOrder', '["Old:x","Old:y"]'],
        [
          'Old:x',
          'otpauth://hotp/Old:x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5&issueralt=Renamed&labelalt=me',
        ],
        ['Old:y', 'otpauth://totp/Old:y?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8'],
      ]),
    );
    expect(entries.map((e) => e.params)).toEqual([
      expect.objectContaining({ kind: 'hotp', issuer: 'Renamed', account: 'me', counter: 5n }),
      expect.objectContaining({ kind: 'totp', issuer: 'Old', account: 'y', digits: 8 }),
    ]);
  });
});
