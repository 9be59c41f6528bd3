import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeOtpPlusImporter } from '../../../lib/import/formats/freeotp-plus';
import { ascii, english, expectRejectsOthers, fixtureFile, hex, jsonFile, read, survives } from './other-formats';

// Fixture: tests/fixtures/import/freeotp-plus/make.mjs (SOURCE.md).
const file = () => fixtureFile('freeotp-plus', 'freeotp-plus.json');

describe('FreeOTP+ detection', () => {
  it('recognises the JSON export, also with no tokens', () => {
    expect(freeOtpPlusImporter.detect(file())).toEqual({ encrypted: false });
    expect(freeOtpPlusImporter.detect(jsonFile({ tokenOrder: [], tokens: [] }))).toEqual({ encrypted: false });
  });

  it('says no to other formats', () => {
    expectRejectsOthers(freeOtpPlusImporter, ['freeotp-plus']);
    expect(freeOtpPlusImporter.detect(jsonFile({ tokens: [{ access_token: 'x' }] }))).toBe(false);
  });
});

describe('FreeOTP+ export', () => {
  it('reads tokens: signed-byte secrets, algorithms, digits, periods, Steam, renamed labels', async () => {
    const { entries } = await read(freeOtpPlusImporter, file());
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
        account: 'bob',
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
      { kind: 'steam', secret: expect.stringMatching(/^[0-9a-f]{40}$/), issuer: 'Steam', account: 'gaben' },
      // issuerAlt / labelAlt: the names the user gave in FreeOTP.
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

  it('takes the stored HOTP counter as it is: FreeOTP+ computes its next code from it (getHOTP(counter++))', async () => {
    const { entries } = await read(freeOtpPlusImporter, file());
    const carol = entries[2]?.params;
    expect(carol?.kind === 'hotp' && carol.counter).toBe(41n);
    // No "counter adjusted" warning: nothing was adjusted.
    expect(entries[2]?.warnings).toEqual([]);
  });

  it('imports a token missing from tokenOrder, with a warning', async () => {
    const { entries } = await read(freeOtpPlusImporter, file());
    expect(english(entries[5]?.warnings)).toEqual([expect.stringMatching(/token order/)]);
    expect(entries.slice(0, 5).every((e) => e.warnings.length === 0)).toBe(true);
  });

  it('lists unsupported and damaged tokens', async () => {
    const { problems } = await read(freeOtpPlusImporter, file());
    expect(english(problems)).toEqual([
      { index: 6, label: 'Odd (frank)', message: expect.stringMatching(/SHA224/), unsupported: true },
      { index: 7, label: 'Broken (grace)', message: expect.stringMatching(/300/), unsupported: false },
    ]);
  });

  it('lists tokens without a secret, without a type, or that are not objects', async () => {
    const { entries, problems } = await read(
      freeOtpPlusImporter,
      jsonFile({
        tokenOrder: [],
        tokens: [
          { label: 'a', type: 'TOTP', secret: [1, 2, 3, 4, 5] },
          { label: 'b', type: 'TOTP' },
          { label: 'c', secret: [1, 2] },
          42,
          { label: 'd', type: 'YANDEX', secret: [1] },
        ],
      }),
    );
    expect(entries).toHaveLength(1);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [1, 'b', false],
      [2, 'c', false],
      [3, 'Entry 4', false],
      [4, 'd', false],
    ]);
    expect(problems[0]?.message.english).toMatch(/no secret/);
    expect(problems[1]?.message.english).toMatch(/TOTP or HOTP/);
  });

  it('never throws anything but ImportError for odd token lists', async () => {
    const token = fc.record(
      {
        algo: fc.oneof(fc.constantFrom('SHA1', 'sha256', 'MD5', ''), fc.anything()),
        counter: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        digits: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.string()),
        issuerExt: fc.oneof(fc.string(), fc.constant('Steam'), fc.anything()),
        label: fc.anything(),
        period: fc.oneof(fc.integer({ min: -1, max: 100 }), fc.anything()),
        secret: fc.oneof(fc.array(fc.integer({ min: -200, max: 300 })), fc.anything()),
        type: fc.oneof(fc.constantFrom('TOTP', 'HOTP', 'totp', 'X'), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(token, fc.anything())), fc.anything(), async (tokens, tokenOrder) => {
        await survives(freeOtpPlusImporter, jsonFile({ tokens, tokenOrder }));
      }),
      { numRuns: 300 },
    );
  });
});
