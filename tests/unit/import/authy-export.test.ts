import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authyExportImporter, authyNames, MAX_TOTAL_ITERATIONS } from '../../../lib/import/formats/authy-export';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { currentCode } from '../../../lib/otp/code';
import { english, expectRejectsOthers, failure, fixtureFile, hex, jsonFile, read, survives } from './other-formats';

// Fixtures: tests/fixtures/import/authy-export/make.mjs (SOURCE.md); codes in expected.json from the otpauth package.
const file = (name: string) => fixtureFile('authy-export', name);
const PASSWORD = 'correct horse';
const expected = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/import/authy-export/expected.json'), 'utf8'),
) as {
  check_time_unix: number;
  files: {
    path: string;
    password: string | null;
    entries: { issuer: string; name: string; secret_hex: string; digits: number; code: string }[];
  }[];
};

describe('Authy extraction-tool detection', () => {
  it('recognises the API response, decrypt.py’s output and the Android token array', () => {
    expect(english(authyExportImporter.detect(file('authenticator_tokens.json')))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 100_000 },
      variant: "token list from Authy's servers",
    });
    expect(english(authyExportImporter.detect(file('decrypted_tokens.json')))).toEqual({
      encrypted: false,
      variant: 'decrypted token list',
    });
    expect(authyExportImporter.detect(file('android_tokens.json'))).toMatchObject({
      encrypted: true,
      kdf: { iterations: 1000 },
    });
    for (const name of ['authenticator_tokens.json', 'decrypted_tokens.json', 'android_tokens.json'])
      expect(detectFormat(name, file(name).bytes).format).toBe('authy-export');
  });

  it('says no to other formats', () => {
    expectRejectsOthers(authyExportImporter, []);
    expect(authyExportImporter.detect(jsonFile([{ name: 'x', secret: 'JBSWY3DP' }]))).toBe(false);
    expect(authyExportImporter.detect(jsonFile({ authenticator_tokens: [{ a: 1 }] }))).toBe(false);
  });
});

describe('Authy extraction-tool files', () => {
  for (const rec of expected.files) {
    it(`${rec.path}: every token, TOTP SHA-1 / 30 s with its own digits and names`, async () => {
      const result = await read(authyExportImporter, file(rec.path), { password: rec.password ?? undefined });
      expect(
        result.entries.map((e) => ({
          issuer: e.params.issuer,
          name: e.params.account,
          secret_hex: hex(e.params.secret),
          digits: e.params.kind === 'totp' ? e.params.digits : 0,
          code: currentCode(e.params, expected.check_time_unix).code,
        })),
      ).toEqual(
        rec.entries.map((w) => ({
          issuer: w.issuer,
          name: w.name,
          secret_hex: w.secret_hex,
          digits: w.digits,
          code: w.code,
        })),
      );
    });
  }

  it('lists a token whose seed is cut short, and says deleted tokens were left out', async () => {
    const result = await read(authyExportImporter, file('authenticator_tokens.json'), { password: PASSWORD });
    expect(result.problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([[3, 'cut short', false]]);
    expect(english(result.notices)).toEqual(['1 token deleted in Authy was left out.']);
  });

  it('lists a token decrypt.py could not open, with its words', async () => {
    const { problems } = await read(authyExportImporter, file('decrypted_tokens.json'));
    expect(english(problems)).toEqual([
      { index: 3, label: 'failed', message: expect.stringMatching(/Invalid padding length/), unsupported: false },
    ]);
  });

  it('asks for the backup password and refuses a wrong one', async () => {
    for (const name of ['authenticator_tokens.json', 'android_tokens.json']) {
      expect((await failure(read(authyExportImporter, file(name)))).code).toBe('needs-password');
      expect((await failure(read(authyExportImporter, file(name), { password: 'wrong horse' }))).code).toBe(
        'wrong-password',
      );
    }
  });

  it('refuses absurd iteration counts before deriving', async () => {
    const json = JSON.parse(new TextDecoder().decode(file('authenticator_tokens.json').bytes));
    json.authenticator_tokens[0].key_derivation_iterations = 10 ** 12;
    const e = await failure(importFile('tokens.json', jsonFile(json).bytes, { password: PASSWORD }));
    expect(e.code).toBe('pbkdf2-iterations');
  });

  it('splits names as Aegis does, and keeps a generic account type out of the issuer', () => {
    expect(authyNames({ name: 'Deno: Mason', originalName: 'Deno:Mason', originalIssuer: 'Deno' })).toEqual({
      issuer: 'Deno',
      account: 'Mason',
    });
    expect(authyNames({ name: 'mail - me', accountType: 'authenticator' })).toEqual({ issuer: 'mail', account: 'me' });
    expect(authyNames({ name: 'me', accountType: 'dropbox' })).toEqual({ issuer: 'Dropbox', account: 'me' });
    expect(authyNames({ name: 'me', accountType: 'authenticator' })).toEqual({ issuer: '', account: 'me' });
  });
});

describe('Authy extraction tools: damaged, random and huge input', () => {
  it('cut at every 1/16: an ImportError or entries, never another exception', async () => {
    for (const rec of expected.files) {
      const whole = file(rec.path).bytes;
      for (let i = 0; i < 16; i++)
        await survives(authyExportImporter, sniffFile(rec.path, whole.slice(0, Math.floor((whole.length * i) / 16))), {
          password: PASSWORD,
        });
    }
  });

  it('random tokens give only ImportErrors or listed problems', async () => {
    const token = fc.record({
      name: fc.anything(),
      original_name: fc.anything(),
      account_type: fc.anything(),
      digits: fc.anything(),
      decrypted_seed: fc.oneof(fc.constant('JBSWY3DPEHPK3PXP'), fc.string(), fc.anything()),
      encrypted_seed: fc.oneof(fc.base64String(), fc.anything()),
      salt: fc.anything(),
      unique_iv: fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-f]{0,40}$/), fc.anything()),
      key_derivation_iterations: fc.oneof(fc.constant(1), fc.integer(), fc.anything()),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 3 }), async (tokens) => {
        await survives(authyExportImporter, jsonFile({ authenticator_tokens: tokens, success: true, message: 'x' }), {
          password: 'x',
        });
        await survives(authyExportImporter, jsonFile({ decrypted_authenticator_tokens: tokens }));
      }),
      { numRuns: 120 },
    );
  });

  it('mutated bytes: an ImportError or a result, never another exception', async () => {
    const bytes = file('android_tokens.json').bytes;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 255 }), async (at, value) => {
        const mutated = bytes.slice();
        mutated[at % mutated.length] = value;
        try {
          await importFile('android_tokens.json', mutated, { password: PASSWORD });
        } catch (e) {
          expect((e as Error).constructor.name).toBe('ImportError');
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a list whose derivations add up past the cap, before deriving any', async () => {
    const token = {
      name: 'x',
      encrypted_seed: 'AAAAAAAAAAAAAAAAAAAAAA==',
      salt: 's',
      key_derivation_iterations: 2_000_000,
    };
    const count = MAX_TOTAL_ITERATIONS / 2_000_000 + 1;
    const tokens = Array.from({ length: count }, () => token);
    const e = await failure(
      read(authyExportImporter, jsonFile({ authenticator_tokens: tokens, success: true }), { password: 'x' }),
    );
    expect(e.code).toBe('pbkdf2-iterations');
    expect(e.message).toMatch(new RegExp(String(MAX_TOTAL_ITERATIONS + 2_000_000)));
  });

  it('refuses more tokens than one import takes', async () => {
    const tokens = Array.from({ length: 10_001 }, () => ({ name: 'x', decrypted_seed: 'JBSWY3DP', digits: 6 }));
    const e = await failure(importFile('t.json', jsonFile({ decrypted_authenticator_tokens: tokens }).bytes));
    expect(e.code).toBe('too-many-entries');
  });
  it('random bytes and random JSON: detection never throws, reading throws only ImportError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.jsonValue(),
        fc.constantFrom('authenticator_tokens.json'),
        async (bytes, json, name) => {
          await survives(authyExportImporter, sniffFile(name, bytes));
          await survives(authyExportImporter, jsonFile(json, name), { password: 'x' });
        },
      ),
      { numRuns: 200 },
    );
  });
});
