import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeOtp2Importer, gcmNonce } from '../../../lib/import/formats/freeotp2';
import { readJavaHashMap } from '../../../lib/import/java-serialization';
import { sniffFile } from '../../../lib/import/sniff';
import type { ImportStage } from '../../../lib/import/types';
import { serializeHashMap } from '../../fixtures/import/freeotp2/java-stream.mjs';
import {
  ascii,
  english,
  expectRejectsOthers,
  failure,
  fixtureFile,
  hex,
  mutate,
  read,
  survives,
} from './other-formats';

// Fixtures: tests/fixtures/import/freeotp2/make.mjs (node:crypto + an independent stream writer; SOURCE.md).
const PASSWORD = 'correct horse';
const backup = () => fixtureFile('freeotp2', 'freeotp2-sha512.backup');

describe('FreeOTP 2 detection', () => {
  it('recognises the backup and reads its PBKDF2 cost without a password', () => {
    expect(english(freeOtp2Importer.detect(backup()))).toEqual({
      encrypted: true,
      variant: 'backup',
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 },
    });
  });

  it('says no to other formats', () => {
    expectRejectsOthers(freeOtp2Importer, ['freeotp2']);
  });
});

describe('FreeOTP 2 backups', () => {
  it('decrypts every token with its details (PBKDF2withHmacSHA512, DER SEQUENCE parameters)', async () => {
    const stages: ImportStage['stage'][] = [];
    const { entries } = await read(freeOtp2Importer, backup(), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s.stage),
    });
    expect(stages).toEqual(['deriving-key', 'decrypting', 'reading-entries']);
    expect(entries.map((e) => e.params)).toEqual([
      {
        kind: 'totp',
        secret: expect.anything(),
        issuer: 'Example',
        account: 'alice@example.com',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
      {
        kind: 'totp',
        secret: expect.anything(),
        issuer: 'Bänk 🏦',
        account: 'bob',
        algorithm: 'SHA256',
        digits: 8,
        period: 60,
      },
      // The otpauth counter, which FreeOTP 2 computes its next code from.
      {
        kind: 'hotp',
        secret: expect.anything(),
        issuer: 'VPN',
        account: 'carol',
        algorithm: 'SHA1',
        digits: 6,
        counter: 7n,
      },
      { kind: 'steam', secret: expect.anything(), issuer: 'Steam', account: 'gaben' },
      // Only the URI's issuer parameter (issuerInt) names the issuer.
      {
        kind: 'totp',
        secret: expect.anything(),
        issuer: 'Forum',
        account: 'dave',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    ]);
    expect(hex(entries[0]?.params.secret ?? new Uint8Array())).toBe(ascii('12345678901234567890'));
    expect(hex(entries[1]?.params.secret ?? new Uint8Array())).toBe(ascii('12345678901234567890123456789012'));
    expect(entries[3]?.params.secret).toHaveLength(20);
    expect(entries[4]?.params.secret).toHaveLength(16);
  });

  it('lists tokens without a secret, with a tampered secret, an unsupported algorithm or no details', async () => {
    const { problems } = await read(freeOtp2Importer, backup(), { password: PASSWORD });
    expect(english(problems)).toEqual([
      { index: 5, label: 'NoKey (erin)', message: expect.stringMatching(/secret is missing/), unsupported: false },
      {
        index: 6,
        label: 'Tampered (frank)',
        message: expect.stringMatching(/could not be decrypted/),
        unsupported: false,
      },
      { index: 7, label: 'Old (grace)', message: expect.stringMatching(/MD5/), unsupported: true },
      {
        index: 8,
        label: '0d3c7a52-1111-4a4a-8a8a-000000000009',
        message: expect.stringMatching(/details .* missing/),
        unsupported: false,
      },
    ]);
  });

  it('reads the API 23 variant (PBKDF2withHmacSHA1, GCM parameters as a bare OCTET STRING)', async () => {
    const { entries, problems } = await read(freeOtp2Importer, fixtureFile('freeotp2', 'freeotp2-sha1-api23.backup'), {
      password: PASSWORD,
    });
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(hex(entries[0]?.params.secret ?? new Uint8Array())).toBe(ascii('12345678901234567890'));
  });

  it('asks for the password and refuses a wrong one', async () => {
    expect((await failure(read(freeOtp2Importer, backup()))).code).toBe('needs-password');
    const wrong = await failure(read(freeOtp2Importer, backup(), { password: 'Correct horse' }));
    expect(wrong.code).toBe('wrong-password');
    expect(wrong.message).toMatch(/FreeOTP/);
  });

  it('says what is damaged', async () => {
    const map = readJavaHashMap(backup().bytes) as Map<string, string>;
    const withMaster = (masterKey: string | undefined) => {
      const entries = [...map].filter(([k]) => k !== 'masterKey');
      if (masterKey !== undefined) entries.push(['masterKey', masterKey]);
      return sniffFile('b.bin', serializeHashMap(entries));
    };
    const master = JSON.parse(map.get('masterKey') as string);
    const cases: Array<[string | undefined, RegExp, string]> = [
      [undefined, /masterKey/, 'damaged'],
      ['{not json', /not valid JSON/, 'damaged'],
      [JSON.stringify({ ...master, mIterations: -1 }), /mIterations/, 'damaged'],
      [JSON.stringify({ ...master, mSalt: [1, 2, 3] }), /mSalt/, 'damaged'],
      [JSON.stringify({ ...master, mAlgorithm: 'scrypt' }), /scrypt/, 'unsupported'],
      [
        JSON.stringify({ ...master, mEncryptedKey: { ...master.mEncryptedKey, mParameters: [5, 0] } }),
        /mParameters/,
        'damaged',
      ],
      [
        JSON.stringify({ ...master, mEncryptedKey: { ...master.mEncryptedKey, mCipher: 'AES/CBC/PKCS5Padding' } }),
        /cipher/,
        'damaged',
      ],
    ];
    for (const [value, message, code] of cases) {
      const error = await failure(read(freeOtp2Importer, withMaster(value), { password: PASSWORD }));
      expect(error.code, String(value)).toBe(code);
      expect(error.message).toMatch(message);
    }
    const cut = sniffFile('b.bin', backup().bytes.slice(0, 500));
    expect((await failure(read(freeOtp2Importer, cut, { password: PASSWORD }))).code).toBe('damaged');
  });

  it('reads GCM parameters in both encodings and refuses other tag lengths', () => {
    const nonce = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(Array.from(gcmNonce(new Uint8Array([0x30, 17, 4, 12, ...nonce, 2, 1, 16])))).toEqual(nonce);
    expect(Array.from(gcmNonce(new Uint8Array([4, 12, ...nonce])))).toEqual(nonce);
    expect(() => gcmNonce(new Uint8Array([0x30, 17, 4, 12, ...nonce, 2, 1, 12]))).toThrow(/12-byte tag/);
    // A nonce one byte short inside a SEQUENCE that still says 17: the lengths disagree.
    expect(() => gcmNonce(new Uint8Array([0x30, 17, 4, 12, ...nonce.slice(1)]))).toThrow(
      expect.objectContaining({ name: 'EntryError', code: 'invalid', message: 'bad sequence length' }),
    );
  });

  it('never throws anything but ImportError for damaged backups', async () => {
    const good = backup().bytes;
    const edit = fc.record({
      kind: fc.integer({ min: 0, max: 2 }),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        await survives(freeOtp2Importer, sniffFile('b.bin', mutate(good, edits)), { password: PASSWORD });
      }),
      { numRuns: 150 },
    );
  });
});
