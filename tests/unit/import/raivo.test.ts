import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { raivoImporter } from '../../../lib/import/formats/raivo';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { MAX_ENTRIES } from '../../../lib/limits';
import { english, expectRejectsOthers, failure, fixtureFile, jsonFile, read, survives } from './other-formats';
import { survivesCuts, survivesMutations } from './pm-fuzz';

// Fixtures: tests/fixtures/import/raivo/make.mjs (SOURCE.md). Password of the ZIP: "raivo horse".
const PASSWORD = 'raivo horse';
const json = () => fixtureFile('raivo', 'raivo-otp-export.json');
const zip = () => fixtureFile('raivo', 'raivo-otp-export.zip');
const account = (over: Record<string, string> = {}) => ({
  issuer: 'X',
  account: 'y',
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1',
  digits: '6',
  kind: 'TOTP',
  timer: '30',
  counter: '0',
  pinned: 'false',
  iconType: '',
  iconValue: '',
  ...over,
});

describe('Raivo OTP detection', () => {
  it('recognises the JSON, the password ZIP (WinZip AES) and an unencrypted ZIP', () => {
    expect(raivoImporter.detect(json())).toEqual({ encrypted: false });
    expect(english(raivoImporter.detect(zip()))).toEqual({
      encrypted: true,
      variant: 'ZIP',
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 },
    });
    expect(english(raivoImporter.detect(fixtureFile('raivo', 'raivo-unencrypted.zip')))).toEqual({
      encrypted: false,
      variant: 'ZIP',
    });
    expect(detectFormat('raivo-otp-export.zip', zip().bytes).format).toBe('raivo');
  });

  it('says no to other formats, to an empty list and to other ZIPs', () => {
    expectRejectsOthers(raivoImporter, []);
    expect(raivoImporter.detect(jsonFile([]))).toBe(false);
    expect(raivoImporter.detect(jsonFile([{ secret: 'JBSWY3DP', label: 'x', type: 'TOTP' }]))).toBe(false);
    expect(raivoImporter.detect(fixtureFile('winauth', 'winauth.zip'))).toBe(false);
  });
});

describe('Raivo OTP export', () => {
  it('reads every field, all written as strings; a damaged account is a problem', async () => {
    const { entries, problems } = await read(raivoImporter, json());
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.pinned])).toEqual([
      ['totp', 'GitHub', 'alice@example.com', true],
      ['totp', 'Bänk 🏦', 'bob', false],
      ['totp', '東京', 'ユーザー', false],
      ['hotp', 'Counter', 'carol', false],
      ['totp', '', 'no-issuer', false],
    ]);
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[0]?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(entries[2]?.params).toMatchObject({ algorithm: 'SHA512', digits: 7, period: 20 });
    expect(entries[3]?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, counter: 5n });
    expect(entries[4]?.params.secret).toHaveLength(10);
    expect(english(problems)).toMatchObject([{ index: 5, label: 'Broken (bad secret)', unsupported: false }]);
    expect(problems[0]?.message.english).toMatch(/base32/);
  });

  it('reads the password ZIP to the same accounts, and the unencrypted ZIP too', async () => {
    const stages: string[] = [];
    const fromZip = await read(raivoImporter, zip(), { password: PASSWORD, onProgress: (s) => stages.push(s.stage) });
    expect(stages).toEqual(['deriving-key', 'decrypting']);
    expect(fromZip).toEqual(await read(raivoImporter, json()));
    expect(await read(raivoImporter, fixtureFile('raivo', 'raivo-unencrypted.zip'))).toEqual(fromZip);
  });

  it('asks for the password and refuses a wrong one', async () => {
    expect((await failure(read(raivoImporter, zip()))).code).toBe('needs-password');
    for (const password of ['correct horse', 'raivo hors', 'Raivo horse'])
      expect((await failure(read(raivoImporter, zip(), { password }))).code).toBe('wrong-password');
  });

  it('reads Raivo’s own defaults: unknown kinds listed as unsupported, bad numbers as damaged', async () => {
    const { entries, problems } = await read(
      raivoImporter,
      jsonFile([
        account({ kind: 'MOTP' }),
        account({ digits: 'six' }),
        account({ algorithm: 'MD5' }),
        account({ kind: '' }),
        account({ timer: '' }),
      ]),
    );
    expect(entries.map((e) => e.params)).toMatchObject([{ kind: 'totp', period: 30 }]);
    expect(problems.map((p) => [p.index, p.unsupported])).toEqual([
      [0, true],
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('refuses a list larger than the cap before reading it', async () => {
    const many = Array.from({ length: MAX_ENTRIES + 1 }, () => account());
    const file = jsonFile(many);
    expect((await failure(importFile(file.name, file.bytes))).code).toBe('too-many-entries');
  });
});

describe('Raivo OTP under damage', () => {
  it('never throws anything but ImportError for cut, mutated or random files', async () => {
    const plain = json().bytes;
    // A cut JSON is no longer JSON: never read as a shorter list.
    expect(await survivesCuts(raivoImporter, 'raivo-otp-export.json', plain, {})).not.toContain('read');
    await survivesMutations(raivoImporter, 'raivo-otp-export.json', plain, {}, 100);
    const encrypted = zip().bytes;
    const cuts = await survivesCuts(raivoImporter, 'raivo-otp-export.zip', encrypted, { password: PASSWORD });
    expect(cuts).not.toContain('read');
    await survivesMutations(raivoImporter, 'raivo-otp-export.zip', encrypted, { password: PASSWORD }, 60);
  });

  it('never throws anything but ImportError for odd accounts or huge strings', async () => {
    const odd = fc.dictionary(
      fc.constantFrom('issuer', 'account', 'secret', 'algorithm', 'digits', 'kind', 'timer', 'counter', 'pinned'),
      fc.oneof(fc.string(), fc.anything()),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(odd, fc.anything(), fc.constant(account()))), async (list) => {
        await survives(raivoImporter, jsonFile([account(), ...list]));
      }),
      { numRuns: 200 },
    );
    const huge = 'A'.repeat(2 ** 21);
    await survives(raivoImporter, jsonFile([account({ issuer: huge, secret: huge })]));
  });
});
