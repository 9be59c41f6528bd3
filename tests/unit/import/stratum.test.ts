import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stratumImporter } from '../../../lib/import/formats/stratum';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { failure, read as readAs } from './other-formats';

const dir = join(__dirname, '../../fixtures/import/stratum');
const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const load = (name: string) => sniffFile(name, bytes(name));
const PASSWORD = 'correct horse';
const ascii = (s: string) => new TextEncoder().encode(s);

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(stratumImporter, file, options);

describe('Stratum / Authenticator Pro backups', () => {
  it('detects the plain JSON and both encrypted headers, with their key derivation', () => {
    expect(stratumImporter.detect(load('plain.authpro'))).toEqual({ encrypted: false });
    expect(stratumImporter.detect(load('strong.authpro'))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'argon2id', memoryBytes: 64 * 2 ** 20, iterations: 3 },
    });
    expect(stratumImporter.detect(load('legacy.authpro'))).toMatchObject({
      encrypted: true,
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 64000 },
    });
  });

  it('does not claim other formats', () => {
    const others = [
      '{"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"entries":[]}}',
      '{"services":[],"schemaVersion":4}',
      '{"encrypted":false,"items":[]}',
      '[{"secret":"JBSWY3DPEHPK3PXP"}]',
      'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP',
    ];
    for (const text of others) expect(stratumImporter.detect(sniffFile('x', ascii(text)))).toBe(false);
  });

  it('reads every kind, with algorithms, digits, periods, counters and categories', async () => {
    const { entries, problems } = await read(load('plain.authpro'));
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.groups])).toEqual([
      ['totp', 'GitHub', 'alice', ['Work']],
      ['totp', 'Example', 'bob', []],
      ['hotp', 'Counter', 'carol', ['Work']],
      ['steam', 'Steam', 'gabe', ['Games']],
      ['totp', 'NoName', '', []],
    ]);
    const [github, example, counter, steam] = entries;
    expect(Buffer.from(github?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(github?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(Buffer.from(example?.params.secret ?? []).toString()).toBe('12345678901234567890123456789012');
    expect(example?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(counter?.params).toMatchObject({ kind: 'hotp', counter: 42n, algorithm: 'SHA1', digits: 6 });
    expect(steam?.params.secret).toHaveLength(10);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [4, 'Mobile (motp)', true],
      [5, 'Yandex (ivan)', true],
      [6, 'Weird (algo)', false],
      [7, 'Future (type)', false],
    ]);
    expect(problems[0]?.message.english).toMatch(/mOTP/);
    expect(problems[1]?.message.english).toMatch(/Yandex/);
    expect(problems[2]?.message.english).toMatch(/algorithm/);
    expect(problems[3]?.message.english).toMatch(/type 9/);
  });

  it('decrypts the current (Argon2id + AES-GCM) and legacy (PBKDF2 + AES-CBC) formats', async () => {
    const plain = await read(load('plain.authpro'));
    const stages: string[] = [];
    const strong = await read(load('strong.authpro'), { password: PASSWORD, onProgress: (s) => stages.push(s.stage) });
    expect(strong).toEqual(plain);
    expect(stages).toEqual(['deriving-key', 'decrypting', 'reading-entries']);
    expect(await read(load('legacy.authpro'), { password: PASSWORD })).toEqual(plain);
  });

  it('asks for the password and refuses a wrong one', async () => {
    for (const name of ['strong.authpro', 'legacy.authpro']) {
      expect((await failure(read(load(name)))).code).toBe('needs-password');
      expect((await failure(read(load(name), { password: 'wrong horse' }))).code).toBe('wrong-password');
    }
  });

  it('calls a cut-short file damaged, and a changed ciphertext a wrong password', async () => {
    const strong = bytes('strong.authpro');
    expect((await failure(read(sniffFile('s', strong.subarray(0, 50)), { password: PASSWORD }))).code).toBe('damaged');
    const changed = strong.slice();
    changed[100] = (changed[100] ?? 0) ^ 1;
    expect((await failure(read(sniffFile('s', changed), { password: PASSWORD }))).code).toBe('wrong-password');
    const legacy = bytes('legacy.authpro');
    expect((await failure(read(sniffFile('l', legacy.subarray(0, 60)), { password: PASSWORD }))).code).toBe('damaged');
    expect(
      (await failure(read(sniffFile('l', legacy.subarray(0, legacy.length - 3)), { password: PASSWORD }))).code,
    ).toBe('damaged');
  });

  it('never throws anything but ImportError on random or mutated backups', async () => {
    const authenticator = fc.record(
      {
        Type: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.string(), fc.constant(null)),
        Issuer: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        Username: fc.oneof(fc.string(), fc.constant(null), fc.array(fc.string())),
        Secret: fc.oneof(fc.constant('JBSWY3DPEHPK3PXP'), fc.string(), fc.integer()),
        Algorithm: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.string()),
        Digits: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.string()),
        Period: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.string()),
        Counter: fc.oneof(fc.integer(), fc.string(), fc.double()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(authenticator, fc.anything()), { maxLength: 5 }),
        fc.anything(),
        fc.anything(),
        async (Authenticators, Categories, AuthenticatorCategories) => {
          const file = sniffFile(
            'x.authpro',
            ascii(JSON.stringify({ Authenticators, Categories, AuthenticatorCategories })),
          );
          const detection = stratumImporter.detect(file);
          if (!detection) return;
          try {
            await stratumImporter.read(file, detection, {});
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 200 },
    );
    const legacy = bytes('legacy.authpro');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 16, max: legacy.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, x) => {
          const changed = legacy.slice();
          changed[at] = (changed[at] ?? 0) ^ x;
          const file = sniffFile('l', changed);
          try {
            await read(file, { password: PASSWORD });
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 5 },
    );
  });
});
