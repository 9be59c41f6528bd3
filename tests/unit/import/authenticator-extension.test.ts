import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authenticatorExtensionImporter as importer } from '../../../lib/import/formats/authenticator-extension';
import { evpBytesToKey } from '../../../lib/import/openssl-salted';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { english, failure, read as readAs } from './other-formats';

const dir = join(__dirname, '../../fixtures/import/authenticator-extension');
const text = (name: string) => readFileSync(join(dir, name), 'utf8');
const load = (name: string) => sniffFile(name, new Uint8Array(readFileSync(join(dir, name))));
const ascii = (s: string) => new TextEncoder().encode(s);
const fromJson = (json: unknown) => sniffFile('backup.json', ascii(JSON.stringify(json)));
const PASSWORD = 'correct horse';

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(importer, file, options);

describe('EVP_BytesToKey (OpenSSL enc / CryptoJS passphrase mode)', () => {
  it('matches `openssl enc -aes-256-cbc -md md5 -P -pass pass:password -S 0102030405060708`', () => {
    const { key, iv } = evpBytesToKey(ascii('password'), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    // Output of OpenSSL 3.0.19 for that command.
    expect(Buffer.from(key).toString('hex').toUpperCase()).toBe(
      'E7B0971E52CA5CC8D0539FB3412F6316F7BA2E6EE293D9F3457B99436B51CE02',
    );
    expect(Buffer.from(iv).toString('hex').toUpperCase()).toBe('8D450E2ED75A84A923D4EAC9FE49226B');
  });
});

describe('Authenticator extension backups', () => {
  it('detects plain, v1, v2 (both key layouts) and v3 backups with their cost', () => {
    const md5 = { algorithm: 'md5', memoryBytes: 0, iterations: 1 };
    expect(importer.detect(load('plain.json'))).toEqual({ encrypted: false });
    expect(english(importer.detect(load('v1.json')))).toEqual({ encrypted: true, kdf: md5, variant: 'backup v1' });
    expect(english(importer.detect(load('v2.json')))).toEqual({ encrypted: true, kdf: md5, variant: 'backup v2' });
    expect(english(importer.detect(load('v2-issue557.json')))).toEqual({
      encrypted: true,
      kdf: md5,
      variant: 'backup v2',
    });
    expect(english(importer.detect(load('v3.json')))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'argon2id', memoryBytes: 19456 * 1024, iterations: 2 },
      variant: 'backup v3',
    });
  });

  it('does not claim other JSON formats', () => {
    const others = [
      { version: 1, header: { slots: null, params: null }, db: { version: 3, entries: [] } },
      { services: [], schemaVersion: 4 },
      { encrypted: false, items: [] },
      { Authenticators: [], Categories: [] },
      { version: 1, kdfParams: { memLimit: 1, opsLimit: 1, salt: '' }, encryptedData: '', encryptionNonce: '' },
      { enc: 'U2FsdGVkX1abc', hash: 'x' },
      { a: { secret: 'JBSWY3DPEHPK3PXP', type: 'totp' } },
    ];
    for (const json of others) expect(importer.detect(fromJson(json))).toBe(false);
  });

  it('reads every type: hex secrets as bytes, Battle.net as 8-digit TOTP, counters, pins; GOST and bad secrets listed', async () => {
    const { entries, problems } = await read(load('plain.json'));
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.pinned])).toEqual([
      ['totp', 'GitHub', 'alice', true],
      ['hotp', 'Bank', 'bob', false],
      ['totp', 'Hex', 'carol', false],
      ['hotp', 'HexCounter', 'dave', false],
      ['totp', 'Blizzard', 'erin', false],
      ['steam', 'Steam', 'frank', false],
      ['totp', 'Old', 'prefix', false],
    ]);
    const [github, bank, hexEntry, hhex, battle, , prefixed] = entries;
    expect(Buffer.from(github?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(github?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(Buffer.from(bank?.params.secret ?? []).toString()).toBe('12345678901234567890123456789012');
    expect(bank?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, counter: 3n });
    const plain = JSON.parse(text('plain.json'));
    const hexSecret = Object.values(plain as Record<string, { type?: string; secret: string }>).find(
      (e) => e.type === 'hex',
    )?.secret;
    expect(Buffer.from(hexEntry?.params.secret ?? []).toString('hex')).toBe(hexSecret);
    expect(hexEntry?.params).toMatchObject({ period: 60, digits: 6 });
    expect(hhex?.params).toMatchObject({ kind: 'hotp', counter: 1n });
    expect(hhex?.params.secret).toHaveLength(16);
    expect(battle?.params).toMatchObject({ algorithm: 'SHA1', digits: 8, period: 30 });
    // "blz-" prefix: Battle.net, prefix removed before base32.
    expect(prefixed?.params).toMatchObject({ digits: 8 });
    expect(prefixed?.params.secret).toHaveLength(20);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [6, 'Gost (grace)', true],
      [8, 'Broken (heidi)', false],
    ]);
  });

  it('decrypts v1, v2, v2 (issue #557) and v3 to the same entries', async () => {
    const plain = await read(load('plain.json'));
    for (const name of ['v1.json', 'v2.json', 'v2-issue557.json', 'v3.json']) {
      const result = await read(load(name), { password: PASSWORD });
      expect(result, name).toEqual(plain);
    }
  });

  it('asks for a password and refuses a wrong one in every version', async () => {
    for (const name of ['v1.json', 'v2.json', 'v2-issue557.json', 'v3.json']) {
      expect((await failure(read(load(name)))).code, name).toBe('needs-password');
      expect((await failure(read(load(name), { password: 'wrong horse' }))).code, name).toBe('wrong-password');
    }
  });

  it('v3 without a usable key hash still tells a wrong password by the entries failing', async () => {
    const json = JSON.parse(text('v3.json')) as Record<string, Record<string, unknown>>;
    const key = Object.values(json).find((v) => v.dataType === 'Key');
    if (!key) throw new Error('fixture');
    key.hash = 'not a PHC string';
    expect((await failure(read(fromJson(json), { password: 'wrong horse' }))).code).toBe('wrong-password');
    expect((await read(fromJson(json), { password: PASSWORD })).entries).toHaveLength(7);
  });

  it('lists v3 entries whose key is missing or whose data is damaged', async () => {
    const json = JSON.parse(text('v3.json')) as Record<string, Record<string, unknown>>;
    const [first, second] = Object.keys(json);
    if (!first || !second) throw new Error('fixture');
    (json[first] as Record<string, unknown>).keyId = 'no-such-key';
    (json[second] as Record<string, unknown>).data = 'U2FsdGVkX1+not+really';
    const { entries, problems } = await read(fromJson(json), { password: PASSWORD });
    expect(entries).toHaveLength(5);
    expect(problems.slice(0, 2).map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [0, 'Entry 1', false],
      [1, 'Entry 2', false],
    ]);
    expect(problems[0]?.message.english).toMatch(/key is missing/);
  });

  it('never throws anything but ImportError on random backups', async () => {
    const storage = fc.record(
      {
        dataType: fc.constantFrom('OTPStorage', 'EncOTPStorage', 'Key', 'Other'),
        type: fc.constantFrom('totp', 'hotp', 'battle', 'steam', 'hex', 'hhex', 'weird'),
        secret: fc.oneof(
          fc.constant('JBSWY3DPEHPK3PXP'),
          fc.constant('U2FsdGVkX19+AtGqXpzqcpGeTR9s4Mlb'),
          fc.string(),
          fc.integer(),
        ),
        encrypted: fc.boolean(),
        keyId: fc.constantFrom('k', 'missing'),
        data: fc.oneof(fc.string(), fc.constant('U2FsdGVkX19+AtGqXpzqcpGeTR9s4MlbqPN4iw24v2Hq')),
        digits: fc.oneof(fc.integer({ min: -3, max: 20 }), fc.string()),
        period: fc.oneof(fc.integer({ min: -3, max: 200 }), fc.string()),
        counter: fc.oneof(fc.integer(), fc.string(), fc.double()),
        algorithm: fc.oneof(fc.constantFrom('SHA1', 'SHA256', 'GOST3411_2012_512', 'MD5'), fc.string()),
        issuer: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      },
      { requiredKeys: ['dataType'] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), storage, { maxKeys: 4 }),
        fc.option(fc.record({ enc: fc.string(), hash: fc.string() })),
        async (entries, key) => {
          const json: Record<string, unknown> = {
            ...entries,
            k: { dataType: 'Key', id: 'k', salt: 'abcdef0123456789', hash: '' },
          };
          if (key) json.key = key;
          const file = fromJson(json);
          const detection = importer.detect(file);
          if (!detection) return;
          try {
            await importer.read(file, detection, { password: 'x' });
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
