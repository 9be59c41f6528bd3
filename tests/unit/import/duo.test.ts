import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duoImporter } from '../../../lib/import/formats/duo';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { currentCode } from '../../../lib/otp/code';
import { hotp } from '../../../lib/otp/hotp';
import { english, expectRejectsOthers, failure, fixtureFile, hex, jsonFile, read, survives } from './other-formats';

// Fixture: tests/fixtures/import/duo/make.mjs (SOURCE.md); codes in expected.json come from the otpauth package.
const file = () => fixtureFile('duo', 'accounts.json');
const expected = JSON.parse(readFileSync(join(__dirname, '../../fixtures/import/duo/expected.json'), 'utf8')) as {
  check_time_unix: number;
  files: { entries: { name: string; secret_hex: string; code: string }[] }[];
};

describe('Duo Mobile detection', () => {
  it('recognises accounts.json', () => {
    expect(duoImporter.detect(file())).toEqual({ encrypted: false });
    expect(detectFormat('accounts.json', file().bytes).format).toBe('duo');
  });

  it('says no to other formats', () => {
    expectRejectsOthers(duoImporter, []);
    expect(duoImporter.detect(jsonFile([]))).toBe(false);
    expect(duoImporter.detect(jsonFile([{ name: 'x', otpGenerator: 'y' }]))).toBe(false);
  });
});

describe('Duo Mobile accounts.json', () => {
  it('reads TOTP accounts and HOTP ones with their counter, named by the account, with no issuer', async () => {
    const { entries } = await read(duoImporter, file());
    const [want] = expected.files;
    const t = expected.check_time_unix;
    expect(
      entries.map((e) => ({
        kind: e.params.kind,
        issuer: e.params.issuer,
        name: e.params.account,
        secret_hex: hex(e.params.secret),
        code:
          e.params.kind === 'hotp' ? hotp(e.params.secret, e.params.counter, e.params) : currentCode(e.params, t).code,
      })),
    ).toEqual(
      want?.entries.map((w, i) => ({
        kind: i === 0 ? 'totp' : 'hotp',
        issuer: '',
        name: w.name,
        secret_hex: w.secret_hex,
        code: w.code,
      })),
    );
    expect(entries[1]?.params).toMatchObject({ kind: 'hotp', counter: 42n, digits: 6, algorithm: 'SHA1' });
    expect(entries[0]?.params).toMatchObject({ kind: 'totp', period: 30, digits: 6, algorithm: 'SHA1' });
  });

  it('lists a key that is not base32 and an account without passcodes', async () => {
    const { problems } = await read(duoImporter, file());
    expect(english(problems)).toEqual([
      { index: 2, label: 'broken', message: expect.stringMatching(/base32/i), unsupported: false },
      { index: 3, label: 'push only', message: expect.stringMatching(/otpGenerator/), unsupported: true },
    ]);
  });

  it('never throws anything but ImportError for odd accounts', async () => {
    const account = fc.record({
      name: fc.anything(),
      pkey: fc.string(),
      accountType: fc.string(),
      otpGenerator: fc.oneof(
        fc.record({
          otpSecret: fc.oneof(fc.constant('JBSWY3DPEHPK3PXP'), fc.string(), fc.anything()),
          counter: fc.anything(),
        }),
        fc.anything(),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(account, fc.anything()), { maxLength: 6 }), async (accounts) => {
        await survives(duoImporter, jsonFile(accounts));
      }),
      { numRuns: 200 },
    );
  });

  it('cut at every 1/16: an ImportError or entries, never another exception', async () => {
    const whole = file().bytes;
    for (let i = 0; i < 16; i++)
      await survives(duoImporter, sniffFile('accounts.json', whole.slice(0, Math.floor((whole.length * i) / 16))));
  });

  it('huge account lists are refused by the registry cap, long names kept', async () => {
    const many = Array.from({ length: 10_001 }, () => ({ name: 'x', otpGenerator: { otpSecret: 'JBSWY3DP' } }));
    const refused = await failure(importFile('accounts.json', jsonFile(many).bytes));
    expect(refused.code).toBe('too-many-entries');
    const { entries } = await read(
      duoImporter,
      jsonFile([{ name: 'é'.repeat(50_000), otpGenerator: { otpSecret: 'JBSWY3DP' } }]),
    );
    expect(entries[0]?.params.account).toHaveLength(50_000);
  });
  it('random bytes and random JSON: detection never throws, reading throws only ImportError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.jsonValue(),
        fc.constantFrom('accounts.json'),
        async (bytes, json, name) => {
          await survives(duoImporter, sniffFile(name, bytes));
          await survives(duoImporter, jsonFile(json, name), { password: 'x' });
        },
      ),
      { numRuns: 200 },
    );
  });
});
