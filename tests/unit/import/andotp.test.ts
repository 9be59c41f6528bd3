import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { andOtpImporter } from '../../../lib/import/formats/andotp';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { english, failure, read as readAs } from './other-formats';

// Fixtures: tests/fixtures/import/andotp/make.mjs (independent Node implementation; SOURCE.md).
const dir = join(__dirname, '../../fixtures/import/andotp');
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const fixture = (name: string, as = name) => sniffFile(as, bytesOf(name));
const PASSWORD = 'correct horse';
const text = (s: string) => new TextEncoder().encode(s);

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(andOtpImporter, file, options);

describe('andOTP detection', () => {
  it('recognises plain backups and encrypted ones by header or by name', () => {
    expect(english(andOtpImporter.detect(fixture('otp_accounts.json')))).toEqual({
      encrypted: false,
      variant: 'backup',
    });
    expect(english(andOtpImporter.detect(fixture('otp_accounts_old.json')))).toEqual({
      encrypted: false,
      variant: 'backup',
    });
    const pbkdf2 = {
      encrypted: true,
      variant: 'backup',
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 2000 },
    };
    expect(english(andOtpImporter.detect(fixture('otp_accounts.json.aes')))).toEqual(pbkdf2);
    // The header is enough without the usual name.
    expect(english(andOtpImporter.detect(fixture('otp_accounts.json.aes', 'download.bin')))).toEqual(pbkdf2);
    expect(andOtpImporter.detect(fixture('otp_accounts_old.json.aes'))).toMatchObject({
      encrypted: true,
      kdf: { algorithm: 'sha256' },
    });
    // The old format has no header: without andOTP's name nothing tells it from random bytes.
    expect(andOtpImporter.detect(fixture('otp_accounts_old.json.aes', 'download.bin'))).toBe(false);
    // …but a binary file named for andOTP is taken at its word (Aegis keeps one as andotp_encrypted_old.bin).
    expect(andOtpImporter.detect(fixture('otp_accounts_old.json.aes', 'andotp_encrypted_old.bin'))).toMatchObject({
      encrypted: true,
      kdf: { algorithm: 'sha256' },
    });
    // A text file with that name is not an encrypted backup.
    expect(andOtpImporter.detect(sniffFile('andotp-notes.txt', new TextEncoder().encode('x'.repeat(64))))).toBe(false);
  });

  it('an empty export only by its name', () => {
    expect(andOtpImporter.detect(sniffFile('otp_accounts_2024-01-01.json', text('[]')))).toMatchObject({
      encrypted: false,
    });
    expect(andOtpImporter.detect(sniffFile('list.json', text('[]')))).toBe(false);
  });

  it('says no to other formats', () => {
    const no = (name: string, bytes: Uint8Array) => expect(andOtpImporter.detect(sniffFile(name, bytes))).toBe(false);
    no('aegis.json', text(JSON.stringify({ version: 1, header: { slots: null, params: null }, db: {} })));
    no('b.2fas', text(JSON.stringify({ services: [], schemaVersion: 4 })));
    no('list.json', text(JSON.stringify([{ name: 'x' }, 1])));
    no('uris.txt', text('otpauth://totp/a?secret=JBSWY3DP\n'));
    // Zip, PNG, Java serialization, SQLite, protobuf-ish: first 4 bytes are no plausible iteration count.
    const tail = new Uint8Array(60).fill(0xee);
    for (const head of [
      [0x50, 0x4b, 0x03, 0x04],
      [0x89, 0x50, 0x4e, 0x47],
      [0xac, 0xed, 0x00, 0x05],
      [0x53, 0x51, 0x4c, 0x69],
      [0x00, 0x00, 0x00, 0x10],
      [0x0a, 0x20, 0x0a, 0x10],
    ])
      no('x.bin', new Uint8Array([...head, ...tail]));
    // A plausible header on a file too short to hold salt, IV and tag.
    no('x.bin', new Uint8Array([0, 2, 0x2a, 0x55, 0xff, 0xfe]));
    // Text that is not JSON, even with a plausible first word.
    no('x.bin', text('\u0000\u0002\u00ffhello this is a long text that is valid UTF-8 throughout, ok'));
  });
});

const expectedNew = [
  ['totp', 'GitHub', 'alice'],
  ['totp', 'Example Bank', 'alice'],
  ['hotp', 'Example VPN', 'bob'],
  ['steam', 'Steam', 'gabe'],
];

describe('andOTP backups', () => {
  it('reads a plain backup: every type, tags as groups, mOTP and a broken secret as problems', async () => {
    const { entries, problems } = await read(fixture('otp_accounts.json'));
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account])).toEqual(expectedNew);
    const [github, bank, vpn, steam] = entries;
    expect(github?.params).toEqual({
      kind: 'totp',
      secret: text('12345678901234567890'),
      issuer: 'GitHub',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(github?.groups).toEqual(['Work', 'Dev']);
    expect(bank?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(bank?.params.secret).toEqual(text('12345678901234567890123456789012'));
    expect(vpn?.params).toMatchObject({ algorithm: 'SHA512', digits: 8, counter: 42n });
    expect(steam?.params.secret).toHaveLength(11); // '=' padding accepted
    expect(steam?.groups).toEqual(['Games']);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [4, 'Old VPN (carol)', true],
      [5, 'Broken (dave)', false],
    ]);
    expect(problems[0]?.message.english).toMatch(/mOTP/);
  });

  it('splits old labels "Issuer - Account" at the first " - "', async () => {
    const { entries, problems } = await read(fixture('otp_accounts_old.json'));
    expect(problems).toEqual([]);
    expect(
      entries.map((e) => [e.params.issuer, e.params.account, e.params.kind === 'totp' && e.params.algorithm]),
    ).toEqual([
      ['GitHub', 'alice', 'SHA1'],
      ['Example', 'a - b', 'SHA256'],
      ['', 'nobody', 'SHA512'],
    ]);
  });

  it('decrypts the new format', async () => {
    const plain = await read(fixture('otp_accounts.json'));
    const stages: string[] = [];
    const got = await read(fixture('otp_accounts.json.aes'), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s.stage),
    });
    expect(got).toEqual(plain);
    expect(stages).toEqual(['deriving-key', 'decrypting', 'reading-entries']);
  });

  it('decrypts the old format, also when its IV looks like a new-format header', async () => {
    const plain = await read(fixture('otp_accounts_old.json'));
    expect(await read(fixture('otp_accounts_old.json.aes'), { password: PASSWORD })).toEqual(plain);
    expect(await read(fixture('otp_accounts_old_lookalike.json.aes'), { password: PASSWORD })).toEqual(plain);
    expect(
      await read(fixture('otp_accounts_old.json.aes', 'andotp_encrypted_old.bin'), { password: PASSWORD }),
    ).toEqual(plain);
  });

  it('wrong password (after trying both formats), no password, cut short', async () => {
    for (const name of ['otp_accounts.json.aes', 'otp_accounts_old.json.aes', 'otp_accounts_old_lookalike.json.aes']) {
      const e = await failure(read(fixture(name), { password: 'Correct horse' }));
      expect(e.code).toBe('wrong-password');
      expect(e.message).toMatch(/andOTP/);
      expect((await failure(read(fixture(name)))).code).toBe('needs-password');
    }
    // GCM cannot tell a cut file from a wrong key: both fail the tag, and the message says so.
    const cut = bytesOf('otp_accounts.json.aes').subarray(0, 60);
    const e = await failure(read(sniffFile('otp_accounts.json.aes', cut), { password: PASSWORD }));
    expect(e.code).toBe('wrong-password');
    expect(e.message).toMatch(/changed/);
    // Too short for even an IV and a tag: damaged.
    const tiny = sniffFile('otp_accounts.json.aes', bytesOf('otp_accounts.json.aes').subarray(0, 20));
    expect(andOtpImporter.detect(tiny)).toBe(false);
    const short = await failure(andOtpImporter.read(tiny, { encrypted: true }, { password: PASSWORD }));
    expect(short.code).toBe('damaged');
  });
});

describe('andOTP: malformed input only ever gives ImportError', () => {
  async function expectOnlyImportErrors(file: SniffedFile) {
    const detection = andOtpImporter.detect(file);
    if (!detection) return;
    try {
      await andOtpImporter.read(file, detection, { password: PASSWORD });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
    }
  }

  it('mutated encrypted backups', async () => {
    const sample = bytesOf('otp_accounts.json.aes');
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.uint8Array({ maxLength: 6 }), fc.boolean(), async (at, insert, cut) => {
        const b = sample.slice();
        // Keep the iteration count small so each run stays fast; mutate the rest.
        const i = 4 + (at % (b.length - 4));
        b.set(insert.subarray(0, b.length - i), i);
        await expectOnlyImportErrors(sniffFile('otp_accounts.json.aes', cut ? b.subarray(0, i) : b));
      }),
      { numRuns: 60 },
    );
  });

  it('random bytes and JSON entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 80 }), fc.jsonValue(), async (bytes, entry) => {
        // A small iteration count in front: random bytes then always reach the decryption.
        await expectOnlyImportErrors(sniffFile('x.json.aes', new Uint8Array([0, 0, 0x03, 0xe8, ...bytes])));
        await expectOnlyImportErrors(sniffFile('otp_accounts.json', text(JSON.stringify([entry]))));
        await expectOnlyImportErrors(
          sniffFile(
            'otp_accounts.json',
            text(JSON.stringify([{ secret: 'JBSWY3DP', type: 'TOTP', label: entry }, entry])),
          ),
        );
      }),
      { numRuns: 150 },
    );
  });
});
