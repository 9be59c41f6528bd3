import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import kdbxweb from 'kdbxweb';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { AES_KDF_MAX_ROUNDS } from '../../../lib/import/formats/keepass-kdbx';
import { keepassImporter } from '../../../lib/import/formats/keepass';
import { otpEntriesOf } from '../../../lib/import/formats/keepass-otp';
import { twofishDecryptBlock, twofishKey } from '../../../lib/import/formats/keepass-twofish';
import { keepassXcCsvImporter } from '../../../lib/import/formats/keepassxc-csv';
import { sniffFile } from '../../../lib/import/sniff';
import type { ImportedEntry, ImportStage, ReadOptions, SniffedFile } from '../../../lib/import/types';
import { ImportError } from '../../../lib/import/types';
import { failure, read as readAs, SHAPES, text } from './other-formats';

/*
 * KeePass .kdbx and KeePassXC CSV (lib/import/formats/keepass*.ts). The fixtures are written by keepassxc-cli 2.7.4
 * (and kdbxweb for what it cannot write) by tests/fixtures/import/keepass/make.mjs; the expected accounts and codes
 * are in each folder's expected.json, the codes computed there by the otpauth package.
 */

const DIR = join(__dirname, '../../fixtures/import/keepass');
const CSV_DIR = join(__dirname, '../../fixtures/import/keepassxc-csv');
const PASSWORD = 'correct horse';
const bytes = (name: string, dir = DIR) => new Uint8Array(readFileSync(join(dir, name)));
const load = (name: string, dir = DIR) => sniffFile(name, bytes(name, dir));
const read = (file: SniffedFile, options: ReadOptions = { password: PASSWORD }) =>
  readAs(file.name.endsWith('.csv') ? keepassXcCsvImporter : keepassImporter, file, options);

interface Expected {
  type: string;
  secret: string;
  issuer: string;
  name: string;
  secret_hex: string;
  algorithm: string;
  digits: number;
  period: number | null;
  counter: number | null;
  groups?: string[];
  code: string;
}
const expectedOf = (dir: string, path: string): { time: number; entries: Expected[] } => {
  const json = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  return { time: json.check_time_unix, entries: json.files.find((f: { path: string }) => f.path === path).entries };
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The code of an imported entry, computed with the independent otpauth package (Steam: its own digest). */
function codeOf(e: ImportedEntry, time: number): string {
  const p = e.params;
  if (p.kind === 'steam') {
    const totp = new OTPAuth.TOTP({ secret: new OTPAuth.Secret({ buffer: p.secret.slice().buffer }), digits: 10 });
    // Steam codes need the raw truncated integer: reconstruct it from otpauth's 10-digit decimal code (it is < 2^31).
    let n = Number(totp.generate({ timestamp: time * 1000 }));
    let out = '';
    for (let i = 0; i < 5; i++) {
      out += '23456789BCDFGHJKMNPQRTVWXY'[n % 26];
      n = Math.floor(n / 26);
    }
    return out;
  }
  const common = {
    secret: new OTPAuth.Secret({ buffer: p.secret.slice().buffer }),
    algorithm: p.algorithm,
    digits: p.digits,
  };
  if (p.kind === 'hotp') return new OTPAuth.HOTP({ ...common, counter: Number(p.counter) }).generate();
  return new OTPAuth.TOTP({ ...common, period: p.period }).generate({ timestamp: time * 1000 });
}

function shape(e: ImportedEntry) {
  const p = e.params;
  return {
    type: p.kind,
    issuer: p.issuer,
    name: p.account,
    secret_hex: hex(p.secret),
    algorithm: p.kind === 'steam' ? 'SHA1' : p.algorithm,
    digits: p.kind === 'steam' ? 5 : p.digits,
    period: p.kind === 'hotp' ? null : p.kind === 'steam' ? 30 : p.period,
    counter: p.kind === 'hotp' ? Number(p.counter) : null,
    groups: e.groups,
  };
}

function expectAccounts(entries: ImportedEntry[], want: { time: number; entries: Expected[] }) {
  const got = entries.map(shape);
  const bySecret = (a: { secret_hex: string }, b: { secret_hex: string }) => a.secret_hex.localeCompare(b.secret_hex);
  expect([...got].sort(bySecret)).toEqual(
    [...want.entries]
      .sort(bySecret)
      .map(({ code: _code, secret: _secret, groups, ...rest }) => ({ ...rest, groups: groups ?? [] })),
  );
  for (const e of entries) {
    const w = want.entries.find((x) => x.secret_hex === hex(e.params.secret));
    expect(codeOf(e, want.time), `${e.params.issuer}`).toBe(w?.code);
  }
}

/** Overwrites `value` right after the first occurrence of `marker` (a header field or dictionary key). */
function patchAfter(data: Uint8Array, marker: number[], value: number[]): Uint8Array {
  const out = data.slice();
  const at = Buffer.from(out).indexOf(Buffer.from(marker));
  if (at < 0) throw new Error('marker not found');
  out.set(value, at + marker.length);
  return out;
}
const u64 = (n: bigint) => [...Array(8)].map((_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
// KDBX 4 variant dictionary: type 0x05 (UInt64), key length 1, the key, value length 8.
const dictKey = (key: string) => [0x05, 1, 0, 0, 0, key.charCodeAt(0), 8, 0, 0, 0];
// KDBX 3.1 header field 6 (TransformRounds), its size a 16-bit 8.
const TRANSFORM_ROUNDS = [0x06, 8, 0];

describe('KeePass .kdbx', () => {
  it('detects every database by its signature, with the key derivation the header states', () => {
    expect(keepassImporter.detect(load('keepassxc-kdbx3.kdbx'))).toMatchObject({
      encrypted: true,
      variant: { english: 'KDBX 3.1 database' },
      kdf: { algorithm: 'aes-kdf', memoryBytes: 0 },
    });
    expect(keepassImporter.detect(load('keepassxc-kdbx4.kdbx'))).toMatchObject({
      variant: { english: 'KDBX 4.0 database' },
    });
    expect(keepassImporter.detect(load('kdbxweb-argon2d-chacha20.kdbx'))).toMatchObject({
      kdf: { algorithm: 'argon2d', memoryBytes: 2 ** 20, iterations: 2 },
    });
    expect(keepassImporter.detect(load('kdbxweb-argon2id-aes-uncompressed.kdbx'))).toMatchObject({
      kdf: { algorithm: 'argon2id', memoryBytes: 2 ** 20, iterations: 2 },
    });
  });

  it('claims no other format, and the CSV importer claims no database', () => {
    for (const [name, file] of Object.entries(SHAPES)) {
      expect(keepassImporter.detect(file), name).toBe(false);
      expect(keepassXcCsvImporter.detect(file), name).toBe(false);
    }
    expect(keepassXcCsvImporter.detect(load('keepassxc-kdbx4.kdbx'))).toBe(false);
    expect(keepassImporter.detect(load('keepassxc.csv', CSV_DIR))).toBe(false);
  });

  for (const name of ['keepassxc-kdbx3.kdbx', 'keepassxc-kdbx4.kdbx']) {
    it(`${name} (keepassxc-cli 2.7.4): every OTP field form, groups, no history, no recycle bin`, async () => {
      const stages: ImportStage['stage'][] = [];
      const result = await read(load(name), { password: PASSWORD, onProgress: (s) => stages.push(s.stage) });
      expectAccounts(result.entries, expectedOf(DIR, name));
      expect(stages).toEqual(['deriving-key', 'reading-entries']);
      // The changed key's old version lives in the entry's history and must never come back.
      expect(result.entries.filter((e) => e.params.issuer === 'Changed key')).toHaveLength(1);
      expect(result.problems.map((p) => [p.label.english, p.unsupported])).toEqual([
        ['Broken otp (sybil)', false],
        ['Broken settings (trent)', false],
        ['mOTP (uma)', true],
      ]);
      expect(result.notices?.map((n) => n.english)).toEqual([
        '2 entries have no one-time password and were left out: passwords are not accounts in Twofold.',
        '1 entry with a one-time password is in the recycle bin and was not imported.',
      ]);
      const bank = result.entries.find((e) => e.params.account === 'bob');
      expect(bank?.notes).toBe('Branch 42');
      const tray = result.entries.find((e) => e.params.account === 'grace');
      expect(tray?.warnings.map((w) => w.key)).toEqual(['importkeepass_time_server']);
    });
  }

  it('reads the kdbxweb databases (Argon2d + ChaCha20 compressed, Argon2id + AES uncompressed)', async () => {
    for (const name of ['kdbxweb-argon2d-chacha20.kdbx', 'kdbxweb-argon2id-aes-uncompressed.kdbx']) {
      const result = await read(load(name));
      expectAccounts(result.entries, expectedOf(DIR, name));
      expect(result.notices?.map((n) => n.plural)).toEqual(['importkeepass_skipped', 'importkeepass_recycle_bin']);
    }
  });

  it('refuses a wrong password, and a database that also needs a key file, as wrong-password', async () => {
    expect((await failure(read(load('keepassxc-kdbx4.kdbx'), { password: 'Tr0ub4dor&3' }))).code).toBe(
      'wrong-password',
    );
    expect((await failure(read(load('kdbxweb-argon2d-chacha20.kdbx'), { password: 'x' }))).code).toBe('wrong-password');
    const keyFile = await failure(read(load('keepassxc-keyfile.kdbx')));
    expect(keyFile.code).toBe('wrong-password');
    expect(keyFile.text.key).toBe('importkeepass_wrong_password');
    expect((await failure(read(load('keepassxc-kdbx4.kdbx'), {}))).code).toBe('needs-password');
  });

  it('reads a Twofish database (KeePass plugin cipher), and refuses its wrong password', async () => {
    const result = await read(load('kdbxweb-twofish-argon2id.kdbx'));
    expectAccounts(result.entries, expectedOf(DIR, 'kdbxweb-twofish-argon2id.kdbx'));
    expect((await failure(read(load('kdbxweb-twofish-argon2id.kdbx'), { password: 'x' }))).code).toBe('wrong-password');
  });

  it("decrypts the Twofish paper's test vectors (128- and 256-bit keys)", () => {
    const vectors = [
      ['00'.repeat(16), '9F589F5CF6122C32B6BFEC2F2AE8C35A', '00'.repeat(16)],
      ['9F589F5CF6122C32B6BFEC2F2AE8C35A', '019F9809DE1711858FAAC3A3BA20FBC3', 'D491DB16E7B1C39E86CB086B789F5419'],
      ['00'.repeat(32), '57FF739D4DC92C1BD7FC01700CC8216F', '00'.repeat(16)],
      [
        'D43BB7556EA32E46F2A282B7D45B4E0D57FF739D4DC92C1BD7FC01700CC8216F',
        '6CB4561C40BF0A9705931CB6D408E7FA',
        '90AFE91BB288544F2C32DC239B2635E6',
      ],
    ];
    for (const [key, ct, pt] of vectors) {
      const out = new Uint8Array(16);
      twofishDecryptBlock(twofishKey(Buffer.from(key as string, 'hex')), Buffer.from(ct as string, 'hex'), 0, out);
      expect(hex(out).toUpperCase()).toBe(pt);
    }
  });

  it('refuses KeePass 1.x and newer versions before asking for the password', async () => {
    const kdb = sniffFile(
      'old.kdb',
      new Uint8Array([0x03, 0xd9, 0xa2, 0x9a, 0x65, 0xfb, 0x4b, 0xb5, 3, 0, 0, 0, 1, 2]),
    );
    expect((await failure(read(kdb, {}))).text.key).toBe('importkeepass_kdb1');
    const v5 = bytes('keepassxc-kdbx4.kdbx');
    v5[10] = 5;
    expect((await failure(read(sniffFile('v5.kdbx', v5), {}))).code).toBe('newer-version');
  });

  it('refuses absurd key derivations from the header, before deriving', async () => {
    const argon = bytes('kdbxweb-argon2d-chacha20.kdbx');
    const memory = patchAfter(argon, dictKey('M'), u64(1n << 40n));
    expect((await failure(read(sniffFile('m.kdbx', memory)))).code).toBe('argon2-memory');
    const passes = patchAfter(argon, dictKey('I'), u64(1n << 32n));
    expect((await failure(read(sniffFile('i.kdbx', passes)))).code).toBe('argon2-work');
    const huge = patchAfter(argon, dictKey('I'), u64(1n << 62n));
    expect((await failure(read(sniffFile('h.kdbx', huge)))).code).toBe('argon2-work');
    const rounds = patchAfter(bytes('keepassxc-kdbx3.kdbx'), TRANSFORM_ROUNDS, u64(BigInt(AES_KDF_MAX_ROUNDS) + 1n));
    const refused = await failure(read(sniffFile('r.kdbx', rounds)));
    expect([refused.code, refused.text.key]).toEqual(['unsupported', 'importkeepass_aes_rounds']);
    // The memory the caller allows is honoured too.
    const small = await failure(
      read(load('kdbxweb-argon2d-chacha20.kdbx'), { password: PASSWORD, maxKdfMemory: 2 ** 19 }),
    );
    expect(small.code).toBe('out-of-memory');
  });

  // The entry-count cap is collectEntries' (lib/limits.ts, tested in tests/unit/caps/caps.test.ts).
  it('reads huge fields as a problem for their entry, the rest imported', async () => {
    const small = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(PASSWORD)), 'Big');
    small.header.setVersion(4);
    small.header.setKdf(kdbxweb.Consts.KdfId.Aes);
    small.header.kdfParameters?.set('R', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(1));
    const big = small.createEntry(small.getDefaultGroup());
    big.fields.set('Title', 'x'.repeat(1_000_000));
    big.fields.set('otp', `otpauth://totp/a?secret=${'A'.repeat(500_000)}1`);
    const ok = small.createEntry(small.getDefaultGroup());
    ok.fields.set('Title', 'Fine');
    ok.fields.set('otp', 'otpauth://totp/Fine:me?secret=JBSWY3DPEHPK3PXP');
    const result = await read(sniffFile('big.kdbx', new Uint8Array(await small.save())));
    expect([result.entries.map((e) => e.params.issuer), result.problems.length]).toEqual([['Fine'], 1]);
  });

  it('says a KDBX 3.1 database cut short is damaged, not a wrong password', async () => {
    const full = bytes('keepassxc-kdbx3.kdbx');
    const cut = await failure(read(sniffFile('cut.kdbx', full.slice(0, full.length - 7))));
    expect([cut.code, cut.text.key]).toEqual(['damaged', 'importkeepass_damaged']);
  });

  it('never throws anything but ImportError, nor returns entries, for cut databases (every 1/16th)', async () => {
    for (const name of [
      'kdbxweb-argon2d-chacha20.kdbx',
      'kdbxweb-argon2id-aes-uncompressed.kdbx',
      'keepassxc-kdbx3.kdbx',
    ]) {
      const full = bytes(name);
      for (let i = 0; i < 16; i++) {
        const cut = full.slice(0, Math.floor((full.length * i) / 16));
        const file = sniffFile(name, cut);
        const detection = keepassImporter.detect(file);
        if (!detection) continue; // under 8 bytes: no signature, not claimed
        await failure(keepassImporter.read(file, detection, { password: PASSWORD }));
      }
    }
  }, 10_000);

  it('never throws anything but ImportError for mutated databases (fast-check)', async () => {
    const base = bytes('kdbxweb-argon2d-chacha20.kdbx');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (changes) => {
          const input = base.slice();
          for (const [at, value] of changes) input[at] = value;
          const file = sniffFile('x.kdbx', input);
          const detection = keepassImporter.detect(file);
          if (!detection) return;
          try {
            const out = await keepassImporter.read(file, detection, { password: PASSWORD, maxKdfMemory: 64 * 2 ** 20 });
            // A change in a part no check covers (KDBX 4's inner payload is under an HMAC, so this is the header's
            // unauthenticated tail at most): whatever it reads is whole accounts.
            for (const e of out.entries) expect(e.params.secret.length).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 10_000);

  it('never throws anything but ImportError for random bytes after the signature (fast-check)', async () => {
    const signature = [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(0, 1, 3, 4), async (rest, major) => {
        const input = new Uint8Array([...signature, 1, 0, major, 0, ...rest]);
        const file = sniffFile('x.kdbx', input);
        const detection = keepassImporter.detect(file);
        expect(detection).not.toBe(false);
        if (detection) await failure(keepassImporter.read(file, detection, { password: PASSWORD }));
      }),
      { numRuns: 150 },
    );
  });
});

describe('KeePass OTP fields', () => {
  const entry = (fields: Record<string, string>, title = 'Site', username = 'me') => ({
    get: (name: string) => (fields[name]?.trim() ? fields[name]?.trim() : undefined),
    title,
    username,
    notes: '',
    groups: [],
  });

  it("drops KeePassXC's placeholders for an empty title and user name", () => {
    const [e] = otpEntriesOf(
      entry({ otp: 'otpauth://totp/KeePassXC:none?secret=JBSWY3DPEHPK3PXP&issuer=KeePassXC' }, '', ''),
    );
    expect([e?.params.issuer, e?.params.account]).toEqual(['', '']);
    const [kept] = otpEntriesOf(
      entry({ otp: 'otpauth://totp/KeePassXC:none?secret=JBSWY3DPEHPK3PXP' }, 'KeePassXC', 'none'),
    );
    expect([kept?.params.issuer, kept?.params.account]).toEqual(['KeePassXC', 'none']);
  });

  it('reads KeeOtp keys in every encoding without form-decoding a base64 "+"', () => {
    const key = Buffer.from([0xfb, 0xef, 0xff, 1, 2, 3, 4, 5, 6, 7]);
    const [b64] = otpEntriesOf(entry({ otp: `key=${key.toString('base64')}&encoding=base64&step=60` }));
    expect(hex(b64?.params.secret ?? new Uint8Array())).toBe(key.toString('hex'));
    expect(b64?.params).toMatchObject({ kind: 'totp', period: 60 });
    const [h] = otpEntriesOf(entry({ otp: `key=${key.toString('hex')}&encoding=Hex&otpHashMode=Sha512` }));
    expect(h?.params).toMatchObject({ algorithm: 'SHA512' });
    expect(() => otpEntriesOf(entry({ otp: 'key=zz&encoding=hex' }))).toThrow(/hex/);
    expect(() => otpEntriesOf(entry({ otp: 'key=AAAA&encoding=rot13' }))).toThrow(/rot13/);
    expect(() => otpEntriesOf(entry({ otp: 'size=6&step=30&key=' }))).toThrow(/no key/);
  });

  it('reads no account from an entry without OTP fields, and lists malformed ones', () => {
    expect(otpEntriesOf(entry({ Password: 'x', URL: 'https://a.example' }))).toEqual([]);
    expect(() => otpEntriesOf(entry({ otp: 'JBSWY3DPEHPK3PXP' }))).toThrow(/otpauth/);
    expect(() => otpEntriesOf(entry({ 'TOTP Seed': 'JBSWY3DPEHPK3PXP', 'TOTP Settings': '30' }))).toThrow(
      /TOTP Settings/,
    );
    expect(() => otpEntriesOf(entry({ 'TimeOtp-Secret-Base64': '!!!' }))).toThrow(/Base64/);
  });
});

describe('KeePassXC CSV', () => {
  it('keepassxc.csv (keepassxc-cli 2.7.4 export): the TOTP column, group paths below the root', async () => {
    const result = await read(load('keepassxc.csv', CSV_DIR));
    expectAccounts(result.entries, expectedOf(CSV_DIR, 'keepassxc.csv'));
    expect(result.problems.map((p) => p.label.english)).toEqual(['Broken otp (sybil)', 'Broken settings (trent)']);
    expect(result.notices?.map((n) => n.english)).toEqual([
      '9 rows have no TOTP and were left out: passwords are not accounts in Twofold.',
      '1 entry with a one-time password is in the recycle bin and was not imported.',
    ]);
  });

  it('never throws anything but ImportError for random rows under the header (fast-check)', async () => {
    const header = '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n';
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (body) => {
        const file = sniffFile('x.csv', text(header + body));
        const detection = keepassXcCsvImporter.detect(file);
        if (!detection) return;
        try {
          await keepassXcCsvImporter.read(file, detection, {});
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a huge file by its line cap, and reads huge fields as problems', async () => {
    const header = '"Group","Title","Username","Password","URL","Notes","TOTP"\n';
    const many = sniffFile(
      'x.csv',
      text(header + '"Root","a","b","","","","otpauth://totp/a?secret=JBSWY3DP"\n'.repeat(25_000)),
    );
    const detection = keepassXcCsvImporter.detect(many);
    expect(detection).not.toBe(false);
    if (detection) expect((await failure(keepassXcCsvImporter.read(many, detection, {}))).code).toBe('too-many-lines');
    const long = sniffFile(
      'y.csv',
      text(`${header}"Root","a","b","","","","otpauth://totp/a?secret=${'A'.repeat(200_000)}!"\n`),
    );
    const result = await read(long);
    expect([result.entries.length, result.problems.length]).toEqual([0, 1]);
  });
});
