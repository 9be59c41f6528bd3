import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enteImporter } from '../../../lib/import/formats/ente';
import { SecretStreamError, SecretStreamPull, TAG_FINAL } from '../../../lib/import/secretstream';
import { sniffFile } from '../../../lib/import/sniff';
import type { SniffedFile } from '../../../lib/import/types';
import { ImportError, type ReadOptions } from '../../../lib/import/types';
import { english, failure, read as readAs } from './other-formats';

const dir = join(__dirname, '../../fixtures/import/ente');
const load = (name: string, as = name) => sniffFile(as, new Uint8Array(readFileSync(join(dir, name))));
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const PASSWORD = 'correct horse';
const ascii = (s: string) => new TextEncoder().encode(s);

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(enteImporter, file, options);

describe('secretstream pull (libsodium crypto_secretstream_xchacha20poly1305)', () => {
  const stream = JSON.parse(readFileSync(join(dir, 'secretstream.json'), 'utf8')) as {
    key: string;
    header: string;
    chunks: { message: string; tag: number; ad: string; sealed: string }[];
  };

  it('reads every message of a stream made by an independent push, through counter updates and a rekey', () => {
    const pull = new SecretStreamPull(hex(stream.key), hex(stream.header));
    for (const chunk of stream.chunks) {
      const { message, tag } = pull.pull(hex(chunk.sealed), hex(chunk.ad));
      expect(Buffer.from(message).toString('hex')).toBe(chunk.message);
      expect(tag).toBe(chunk.tag);
    }
    expect(stream.chunks.at(-1)?.tag).toBe(TAG_FINAL);
  });

  it('refuses a changed byte, a wrong key, wrong additional data and messages out of order', () => {
    const first = stream.chunks[0];
    const second = stream.chunks[1];
    if (!first || !second) throw new Error('fixture');
    const changed = hex(first.sealed);
    changed[5] = (changed[5] ?? 0) ^ 1;
    const forged = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof SecretStreamError ? e.code : 'other';
      }
      return 'accepted';
    };
    expect(forged(() => new SecretStreamPull(hex(stream.key), hex(stream.header)).pull(changed))).toBe('forged');
    const otherKey = hex(stream.key);
    otherKey[0] = (otherKey[0] ?? 0) ^ 1;
    expect(forged(() => new SecretStreamPull(otherKey, hex(stream.header)).pull(hex(first.sealed)))).toBe('forged');
    expect(forged(() => new SecretStreamPull(hex(stream.key), hex(stream.header)).pull(hex(second.sealed)))).toBe(
      'forged',
    );
    expect(
      forged(() => new SecretStreamPull(hex(stream.key), hex(stream.header)).pull(hex(first.sealed), ascii('ad'))),
    ).toBe('forged');
    expect(forged(() => new SecretStreamPull(hex(stream.key), hex(stream.header)).pull(new Uint8Array(16)))).toBe(
      'too-short',
    );
    expect(forged(() => new SecretStreamPull(new Uint8Array(31), hex(stream.header)))).toBe('bad-key');
  });
});

describe('Ente Auth plain export', () => {
  const file = load('ente-auth-codes-2025-01-31.txt');

  it('is detected by its codeDisplay parameter or its file name, not as a generic URI list', () => {
    expect(enteImporter.detect(file)).toEqual({ encrypted: false });
    expect(enteImporter.detect(load('ente-auth-codes-2025-01-31.txt', 'codes.txt'))).toEqual({ encrypted: false });
    const noDisplay = sniffFile(
      'ente-auth-codes-2024-05-01.txt',
      ascii('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n'),
    );
    expect(enteImporter.detect(noDisplay)).toEqual({ encrypted: false });
    expect(enteImporter.detect(sniffFile('list.txt', ascii('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n')))).toBe(
      false,
    );
    expect(enteImporter.detect(sniffFile('x.txt', ascii('hello codeDisplay=1\n')))).toBe(false);
  });

  it('reads the codes with their pin, tags and note; trashed and broken codes are listed', async () => {
    const { entries, problems } = await read(file);
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account])).toEqual([
      ['totp', 'GitHub', 'alice'],
      ['totp', 'Example Bank', 'bob'],
      ['hotp', 'Counter', 'carol'],
      ['steam', 'Steam', 'gabe'],
      ['totp', 'Odd', 'display'],
    ]);
    const [github, bank, counter, steam, odd] = entries;
    expect(Buffer.from(github?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(github).toMatchObject({ pinned: true, groups: ['Work', 'Dev'], notes: 'recovery codes in the safe' });
    expect(github?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(bank?.params).toMatchObject({ algorithm: 'SHA512', digits: 8, period: 60 });
    expect(Buffer.from(bank?.params.secret ?? []).toString()).toBe(`${'1234567890'.repeat(6)}1234`);
    expect(bank).toMatchObject({ pinned: false, groups: [], notes: '' });
    expect(counter?.params).toMatchObject({ kind: 'hotp', counter: 7n, digits: 6 });
    expect(counter?.groups).toEqual(['Work']);
    expect(counter?.warnings.map((w) => w.english).join(' ')).toMatch(/period/);
    expect(steam?.params.secret.length).toBe(20);
    expect(odd?.warnings.map((w) => w.english).join(' ')).toMatch(/display settings/);
    expect(problems).toHaveLength(2);
    expect(english(problems[0])).toMatchObject({ index: 4, label: 'Old (deleted)', unsupported: true });
    expect(problems[0]?.message.english).toMatch(/trash/);
    expect(english(problems[1])).toMatchObject({ index: 5, label: 'Broken (secret)', unsupported: false });
    expect(problems[1]?.message.english).toMatch(/base32/);
  });
});

describe('Ente Auth encrypted export', () => {
  const file = load('encrypted.json');

  it('is detected with its key derivation cost, before any password', () => {
    expect(enteImporter.detect(file)).toEqual({
      encrypted: true,
      kdf: { algorithm: 'argon2id', memoryBytes: 65536, iterations: 2 },
    });
  });

  it('decrypts to the same codes as the plain export and reports the key derivation', async () => {
    const stages: string[] = [];
    const result = await read(file, { password: PASSWORD, onProgress: (s) => stages.push(s.stage) });
    const plain = await read(load('ente-auth-codes-2025-01-31.txt'));
    expect(result.entries).toEqual(plain.entries);
    expect(result.problems).toEqual(plain.problems);
    expect(stages).toEqual(['deriving-key', 'decrypting']);
  });

  it('decrypts an export whose length is neither 0 nor 8 mod 16, sealed with TAG_FINAL (libsodium padding)', async () => {
    const { entries, problems } = await read(load('encrypted-final.json'), { password: PASSWORD });
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.params)).toMatchObject([
      { kind: 'totp', issuer: 'Büro München', account: 'jürgen', algorithm: 'SHA1', digits: 6, period: 30 },
      { kind: 'totp', issuer: 'Seven', account: 'eve', algorithm: 'SHA256', digits: 7, period: 20 },
    ]);
    expect(entries[0]?.groups).toEqual(['日本']);
    expect((await failure(read(load('encrypted-final.json'), { password: 'wrong horse' }))).code).toBe(
      'wrong-password',
    );
  });

  it('asks for a password, refuses a wrong one, and names a newer version', async () => {
    expect((await failure(read(file))).code).toBe('needs-password');
    expect((await failure(read(file, { password: 'wrong horse' }))).code).toBe('wrong-password');
    expect((await failure(read(load('encrypted-v2.json'), { password: PASSWORD }))).code).toBe('newer-version');
  });

  it('refuses a key derivation above the memory limit before starting it', async () => {
    const err = await failure(read(file, { password: PASSWORD, maxKdfMemory: 1024 }));
    expect(err.code).toBe('out-of-memory');
  });

  it('says which field is damaged', async () => {
    const json = JSON.parse(readFileSync(join(dir, 'encrypted.json'), 'utf8'));
    const variant = async (change: (j: typeof json) => void) => {
      const copy = structuredClone(json);
      change(copy);
      return failure(read(sniffFile('e.json', ascii(JSON.stringify(copy))), { password: PASSWORD }));
    };
    expect((await variant((j) => (j.kdfParams.salt = 'AAAA'))).message).toMatch(/kdfParams\.salt/);
    expect((await variant((j) => (j.encryptionNonce = 'AAAA'))).message).toMatch(/encryptionNonce/);
    expect((await variant((j) => (j.encryptedData = 'AAAA'))).message).toMatch(/encryptedData/);
    expect((await variant((j) => (j.kdfParams.opsLimit = 'four'))).message).toMatch(/opsLimit/);
    expect((await variant((j) => (j.kdfParams.memLimit = 100))).message).toMatch(/memLimit/);
    const truncated = await variant((j) => (j.encryptedData = j.encryptedData.slice(0, 40)));
    expect(truncated.code).toBe('wrong-password');
  });
});

describe('Ente Auth importer never throws anything but ImportError', () => {
  const plain = readFileSync(join(dir, 'ente-auth-codes-2025-01-31.txt'), 'utf8');
  it('on mutated plain exports', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: plain.length - 1 }),
        fc.string({ maxLength: 8 }),
        async (at, insert) => {
          const file = sniffFile('ente-auth-codes-x.txt', ascii(plain.slice(0, at) + insert + plain.slice(at + 3)));
          const detection = enteImporter.detect(file);
          if (!detection) return;
          try {
            await enteImporter.read(file, detection, {});
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('on random encrypted-export shapes', async () => {
    const field = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.constant(null),
      fc.base64String({ maxLength: 64 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          version: fc.oneof(fc.constant(1), field),
          kdfParams: fc.record({
            memLimit: fc.oneof(fc.constant(8192), field),
            opsLimit: fc.oneof(fc.constant(1), field),
            salt: field,
          }),
          encryptedData: field,
          encryptionNonce: field,
        }),
        async (json) => {
          const file = sniffFile('e.json', ascii(JSON.stringify(json)));
          const detection = enteImporter.detect(file);
          if (!detection) return;
          try {
            await enteImporter.read(file, detection, { password: 'x' });
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
