import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../lib/encoding/base32';
import { authyImporter } from '../../../lib/import/formats/authy';
import { MAX_TOTAL_ITERATIONS } from '../../../lib/import/formats/authy-crypto';
import { sniffFile } from '../../../lib/import/sniff';
import { fuzzPrefsImporter } from './android-fuzz';
import { english, expectRejectsOthers, failure, fixtureFile, read, survives, text } from './other-formats';

// Fixtures: tests/fixtures/import/authy/make.mjs (SOURCE.md); password "correct horse".
const PASSWORD = 'correct horse';
const plainFile = () => fixtureFile('authy', 'com.authy.storage.tokens.authenticator.xml');
const encryptedFile = () => fixtureFile('authy', 'encrypted.com.authy.storage.tokens.authenticator.xml');
const KEY = 'com.authy.storage.tokens.authenticator.key';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const authyXml = (tokens: unknown, key = KEY) =>
  sniffFile(
    'a.xml',
    text(
      `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <string name="${key}">${esc(JSON.stringify(tokens))}</string>\n</map>\n`,
    ),
  );

/** An encrypted token as Authy writes it (node:crypto, independent of lib/). */
function sealed(secret: Uint8Array, opts: { iterations?: number; iv?: Buffer; password?: string } = {}) {
  const salt = 'c2FsdHNhbHRzYWx0';
  const key = pbkdf2Sync(opts.password ?? PASSWORD, Buffer.from(salt), opts.iterations ?? 1000, 32, 'sha1');
  const cipher = createCipheriv('aes-256-cbc', key, opts.iv ?? Buffer.alloc(16));
  const encryptedSecret = Buffer.concat([cipher.update(encodeBase32(secret)), cipher.final()]).toString('base64');
  return {
    encryptedSecret,
    salt,
    digits: 6,
    name: 'X: y',
    originalIssuer: 'X',
    ...(opts.iterations ? { key_derivation_iterations: opts.iterations } : {}),
    ...(opts.iv ? { unique_iv: opts.iv.toString('hex') } : {}),
  };
}

const hexa = (length: number) =>
  fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: length, maxLength: length }).map((a) => a.join(''));

describe('Authy detection', () => {
  it('recognises both token files, and says whether a password is needed and what it costs', () => {
    expect(authyImporter.detect(plainFile())).toMatchObject({ encrypted: false });
    expect(authyImporter.detect(encryptedFile())).toMatchObject({
      encrypted: true,
      kdf: { algorithm: 'pbkdf2', iterations: 2000 },
    });
    expect(authyImporter.detect(fixtureFile('authy', 'com.authy.storage.tokens.authy.xml'))).toMatchObject({
      encrypted: false,
    });
  });

  it('says no to other formats and to the app’s other settings files', () => {
    expectRejectsOthers(authyImporter, []);
    expect(authyImporter.detect(fixtureFile('authy', 'com.authy.authy_preferences.xml'))).toBe(false);
    expect(authyImporter.detect(fixtureFile('freeotp', 'tokens.xml'))).toBe(false);
  });
});

describe('Authy token files', () => {
  const expected = [
    ['Deno', 'Mason', 6],
    ['SPDX', 'James', 7],
    ['Bänk 🏦', 'zoë', 8],
    ['Mail', '"quoted" <me>', 6],
    ['Github', 'just a name', 6],
  ];

  it('reads plain secrets: SHA-1, 30 s, the token’s digits, names split as Authy shows them', async () => {
    const { entries, problems } = await read(authyImporter, plainFile());
    expect(
      entries.map((e) => [e.params.issuer, e.params.account, e.params.kind === 'totp' && e.params.digits]),
    ).toEqual(expected);
    expect(
      entries.every((e) => e.params.kind === 'totp' && e.params.period === 30 && e.params.algorithm === 'SHA1'),
    ).toBe(true);
    expect(english(problems)).toEqual([
      { index: 5, label: 'Broken (base32)', message: expect.stringMatching(/base32/), unsupported: false },
    ]);
  });

  it('decrypts older (zero IV, 1000 iterations) and newer (own IV and iterations) secrets to the same accounts', async () => {
    const plain = await read(authyImporter, plainFile());
    const { entries, problems } = await read(authyImporter, encryptedFile(), { password: PASSWORD });
    expect(entries.map((e) => e.params)).toEqual(plain.entries.map((e) => e.params));
    expect(english(problems)).toEqual([
      { index: 5, label: 'Cut (short)', message: expect.any(String), unsupported: false },
    ]);
  });

  it('asks for the password, and refuses a wrong one without importing anything', async () => {
    const asked = await failure(read(authyImporter, encryptedFile()));
    expect(asked.code).toBe('needs-password');
    expect(asked.text.english).toMatch(/Authy backup password/);
    expect((await failure(read(authyImporter, encryptedFile(), { password: 'wrong horse' }))).code).toBe(
      'wrong-password',
    );
  });

  it('lists a token the password does not open when it opens the others', async () => {
    const secret = new Uint8Array(20).fill(7);
    const file = authyXml([
      sealed(secret),
      { ...sealed(secret, { password: 'other' }), name: 'Z: other', originalIssuer: 'Z' },
    ]);
    const { entries, problems } = await read(authyImporter, file, { password: PASSWORD });
    expect(entries).toHaveLength(1);
    expect(english(problems)).toEqual([
      { index: 1, label: 'Z (other)', message: expect.stringMatching(/did not open/), unsupported: false },
    ]);
  });

  it('reads Authy’s own accounts: hex seeds, 10 s codes, named by the account', async () => {
    const { entries } = await read(authyImporter, fixtureFile('authy', 'com.authy.storage.tokens.authy.xml'));
    expect(entries.map((e) => e.params)).toEqual([
      expect.objectContaining({
        kind: 'totp',
        issuer: 'Twilio',
        account: '',
        digits: 7,
        period: 10,
        algorithm: 'SHA1',
      }),
      expect.objectContaining({ kind: 'totp', issuer: 'Authy Demo', account: '', digits: 7, period: 10 }),
    ]);
  });

  it('refuses absurd iteration counts before deriving anything', async () => {
    const secret = new Uint8Array(20).fill(1);
    const one = { ...sealed(secret), key_derivation_iterations: 3_000_000 };
    expect((await failure(read(authyImporter, authyXml([one]), { password: PASSWORD }))).code).toBe(
      'pbkdf2-iterations',
    );
    // Many tokens, each under the per-derivation cap, over the cap for the file together.
    const count = Math.floor(MAX_TOTAL_ITERATIONS / 1_000_000) + 1;
    const many = Array.from({ length: count }, () => ({ ...sealed(secret), key_derivation_iterations: 1_000_000 }));
    const e = await failure(read(authyImporter, authyXml(many), { password: PASSWORD }));
    expect(e.code).toBe('pbkdf2-iterations');
    expect(e.text.english).toMatch(/together/);
  });

  it('lists tokens with a bad IV, no salt or unusable iterations as damaged', async () => {
    const secret = new Uint8Array(20).fill(3);
    const good = sealed(secret);
    const { entries, problems } = await read(
      authyImporter,
      authyXml([
        good,
        { ...good, unique_iv: 'abcd' },
        { ...good, salt: undefined },
        { ...good, key_derivation_iterations: -5 },
      ]),
      { password: PASSWORD },
    );
    expect(entries).toHaveLength(1);
    expect(problems.map((p) => [p.index, p.message.english])).toEqual([
      [1, expect.stringMatching(/IV/)],
      [2, expect.stringMatching(/salt/)],
      [3, expect.stringMatching(/iteration/)],
    ]);
  });

  it('refuses a token list that is not JSON', async () => {
    const e = await failure(
      read(authyImporter, sniffFile('a.xml', text(`<map><string name="${KEY}">[oops</string></map>`))),
    );
    expect(e.code).toBe('damaged');
  });

  it('survives damage: cut, mutated, random (fuzz), with and without the password', async () => {
    const dir = join(__dirname, '../../fixtures/import/authy');
    await fuzzPrefsImporter(
      authyImporter,
      'a.xml',
      new Uint8Array(readFileSync(join(dir, 'com.authy.storage.tokens.authenticator.xml'))),
    );
    await fuzzPrefsImporter(
      authyImporter,
      'a.xml',
      new Uint8Array(readFileSync(join(dir, 'encrypted.com.authy.storage.tokens.authenticator.xml'))),
      { password: PASSWORD },
    );
  }, 20_000);

  it('never throws anything but ImportError for odd token objects', async () => {
    const token = fc.record(
      {
        decryptedSecret: fc.oneof(fc.string(), fc.anything()),
        encryptedSecret: fc.oneof(fc.base64String({ maxLength: 48 }), fc.anything()),
        salt: fc.oneof(fc.string(), fc.anything()),
        secretSeed: fc.oneof(hexa(40), fc.anything()),
        key_derivation_iterations: fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.anything()),
        unique_iv: fc.oneof(hexa(32), fc.anything()),
        digits: fc.oneof(fc.integer({ min: -1, max: 12 }), fc.anything()),
        name: fc.anything(),
        originalName: fc.anything(),
        originalIssuer: fc.anything(),
        accountType: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(token, fc.anything()), { maxLength: 4 }), async (tokens) => {
        await survives(authyImporter, authyXml(tokens), { password: PASSWORD });
      }),
      { numRuns: 150 },
    );
  }, 20_000);
});
