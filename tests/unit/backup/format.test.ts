import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupError, readBackup, readBackupHeader, writeBackup } from '../../../lib/backup/format';
import { SCRYPT_MAX_MEMORY, SCRYPT_MAX_WORK } from '../../../lib/limits';
import { formatOtpauthUri } from '../../../lib/otp/uri';
import type { Account } from '../../../lib/vault/account-data';
// @ts-expect-error: a plain .mjs tool with no types, imported to test it as the user runs it
import { decryptBackup } from '../../../tools/twofold-decrypt.mjs';
import { sampleAccount } from '../vault/fixtures';

/** Cheap scrypt for unit tests; the real parameters are tested once below. */
const CHEAP = { N: 2 ** 14, r: 8, p: 1 };
const opts = { random: (n: number) => new Uint8Array(randomBytes(n)), now: () => 1_795_000_000_000, scrypt: CHEAP };
const dir = mkdtempSync(join(tmpdir(), 'twofold-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const accounts: Account[] = [
  sampleAccount(),
  sampleAccount({
    otp: {
      kind: 'hotp',
      secret: new Uint8Array(20).fill(7),
      issuer: 'Bank',
      account: 'bob',
      algorithm: 'SHA1',
      digits: 6,
      counter: 18446744073709551615n,
    },
    sites: [],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order: 1,
  }),
  sampleAccount({
    otp: { kind: 'steam', secret: new Uint8Array(10).fill(3), issuer: 'Steam', account: 'gabe:x' },
    order: 2,
  }),
  sampleAccount({
    otp: {
      kind: 'totp',
      secret: new Uint8Array(64).fill(9),
      issuer: 'Société Générale',
      account: 'josé@example.es',
      algorithm: 'SHA512',
      digits: 8,
      period: 60,
    },
    order: 3,
  }),
];
const strip = ({ id: _id, ...rest }: Account) => rest;

describe('Twofold backup format v1', () => {
  it('round-trips every account, every field but the id', async () => {
    const text = await writeBackup(accounts, 'pässwörd', opts);
    const { header, accounts: back } = await readBackup(text, 'pässwörd');
    expect(header).toMatchObject({ version: 1, created: 1_795_000_000_000, accounts: 4, kdf: CHEAP });
    expect(back.map(strip)).toEqual(accounts.map(strip));
  });

  it('normalises the password (NFC), so the same password typed differently opens it', async () => {
    const text = await writeBackup(accounts, 'caf\u00e9', opts);
    expect((await readBackup(text, 'cafe\u0301')).accounts).toHaveLength(4);
  });

  it('uses scrypt N=2^17, r=8, p=1 by default', async () => {
    const text = await writeBackup(accounts.slice(0, 1), 'pw', { ...opts, scrypt: undefined });
    expect(readBackupHeader(text).kdf).toMatchObject({ N: 131072, r: 8, p: 1 });
    expect((await readBackup(text, 'pw')).accounts).toHaveLength(1);
  });

  it('refuses a wrong password, and any change to the header or data, with the same message', async () => {
    const text = await writeBackup(accounts, 'pw', opts);
    await expect(readBackup(text, 'PW')).rejects.toMatchObject({
      code: 'wrong-password',
      message: 'Wrong password, or the file was changed.',
    });
    const f = JSON.parse(text);
    await expect(readBackup(JSON.stringify({ ...f, accounts: 3 }), 'pw')).rejects.toMatchObject({
      code: 'wrong-password',
    });
    await expect(readBackup(JSON.stringify({ ...f, created: f.created + 1 }), 'pw')).rejects.toMatchObject({
      code: 'wrong-password',
    });
    const data = Buffer.from(f.data, 'base64');
    data[5] = (data[5] as number) ^ 1;
    await expect(readBackup(JSON.stringify({ ...f, data: data.toString('base64') }), 'pw')).rejects.toMatchObject({
      code: 'wrong-password',
    });
  });

  it('gives a truncated, foreign or newer file its own message before asking for a password', async () => {
    const text = await writeBackup(accounts, 'pw', opts);
    expect(() => readBackupHeader(text.slice(0, text.length / 2))).toThrow(/not JSON; was it cut short/);
    expect(() => readBackupHeader('{"db":{}}')).toThrow('This file is not a Twofold backup.');
    expect(() => readBackupHeader('{"db":{}}')).toThrow(
      expect.objectContaining({ text: expect.objectContaining({ key: 'options_backup_not_backup' }) }),
    );
    expect(() => readBackupHeader(JSON.stringify({ ...JSON.parse(text), version: 2 }))).toThrow(
      /made by a newer Twofold \(format 2; this one reads up to 1\)/,
    );
    expect(() => readBackupHeader(JSON.stringify({ ...JSON.parse(text), data: 'AAAA' }))).toThrow(/cut short/);
    expect(() =>
      readBackupHeader(JSON.stringify({ ...JSON.parse(text), kdf: { ...JSON.parse(text).kdf, N: 2 ** 30 } })),
    ).toThrow(/out of range/);
  });

  it('refuses the whole file when one entry is damaged, naming it', async () => {
    const bad = { ...accounts[0], otp: { ...accounts[0]?.otp, digits: 42 } } as Account;
    const text = await writeBackup([accounts[1] as Account, bad], 'pw', opts);
    await expect(readBackup(text, 'pw')).rejects.toMatchObject({
      code: 'bad-entry',
      message: /^Account 2 of the backup is damaged .*nothing was restored\.$/,
      text: { key: 'options_backup_bad_entry', subs: [2, expect.anything()] },
    });
  });

  it('never crashes on arbitrary text: it reads a header or throws a BackupError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        try {
          readBackupHeader(text);
        } catch (e) {
          expect(e).toBeInstanceOf(BackupError);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('answers a header in backup shape with exactly its fields, or a BackupError naming the check', () => {
    // Valid headers with up to three fields changed: past JSON and the magic "format", every check of
    // the parser meets both values it must accept and values at and beyond its limits.
    const b64 = (min: number, max = min) =>
      fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString('base64'));
    const valid = fc.record({
      format: fc.constant('twofold-backup'),
      version: fc.constant(1),
      created: fc.integer({ min: 0, max: 1e15 }),
      accounts: fc.nat({ max: 1_000_000 }),
      kdf: fc.record({
        name: fc.constant('scrypt'),
        N: fc.constantFrom(2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17, 2 ** 18, 2 ** 19, 2 ** 20),
        r: fc.integer({ min: 1, max: 16 }),
        p: fc.integer({ min: 1, max: 4 }),
        salt: b64(32),
      }),
      cipher: fc.record({ name: fc.constant('AES-256-GCM'), nonce: b64(12) }),
      data: b64(16, 64),
    });
    const edges: Record<string, fc.Arbitrary<unknown>> = {
      format: fc.constantFrom('Twofold-backup', 'twofold-backup ', ''),
      version: fc.constantFrom(0, 2, 1.5, '1'),
      created: fc.constantFrom(-1, 1e15 + 1, 0.5),
      accounts: fc.constantFrom(-1, 1_000_001),
      'kdf.name': fc.constantFrom('Scrypt', 'argon2id'),
      'kdf.N': fc.constantFrom(2 ** 13, 2 ** 21, 2 ** 14 + 1, 3 * 2 ** 14),
      'kdf.r': fc.constantFrom(0, 17, 1.5),
      'kdf.p': fc.constantFrom(0, 5, 1.5),
      'kdf.salt': fc.oneof(b64(31), b64(33), fc.constant('not base64!')),
      'cipher.name': fc.constantFrom('AES-128-GCM', 'aes-256-gcm'),
      'cipher.nonce': fc.oneof(b64(11), b64(13), fc.constant('=')),
      data: fc.oneof(b64(15), fc.constant(''), fc.constant('x')),
      kdf: fc.constant(null),
      cipher: fc.constant(null),
    };
    const change = fc
      .constantFrom(...Object.keys(edges))
      .chain((path) =>
        fc.tuple(
          fc.constant(path),
          fc.oneof(
            { arbitrary: edges[path] as fc.Arbitrary<unknown>, weight: 3 },
            fc.jsonValue(),
            fc.constant(undefined),
          ),
        ),
      );
    const shaped = fc.tuple(valid, fc.array(change, { maxLength: 3 })).map(([header, changes]) => {
      const f = structuredClone(header) as Record<string, unknown>;
      for (const [path, value] of changes) {
        const [outer, inner] = path.split('.') as [string, string | undefined];
        if (inner === undefined) f[outer] = value;
        else if (f[outer] && typeof f[outer] === 'object') (f[outer] as Record<string, unknown>)[inner] = value;
      }
      return f;
    });
    // The rules of docs/backup-format.md, written again independently of the parser.
    const int = (v: unknown, min: number, max: number) =>
      Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
    const bytesOf = (v: unknown) =>
      typeof v === 'string' && Buffer.from(v, 'base64').toString('base64') === v ? Buffer.from(v, 'base64').length : -1;
    const wellFormed = (f: Record<string, unknown>) => {
      const kdf = (f.kdf ?? {}) as Record<string, unknown>;
      const cipher = (f.cipher ?? {}) as Record<string, unknown>;
      const [N, r, p] = [kdf.N as number, kdf.r as number, kdf.p as number];
      return (
        f.format === 'twofold-backup' &&
        f.version === 1 &&
        int(f.created, 0, 1e15) &&
        int(f.accounts, 0, 1_000_000) &&
        kdf.name === 'scrypt' &&
        int(N, 2 ** 14, 2 ** 20) &&
        (N & (N - 1)) === 0 &&
        int(r, 1, 16) &&
        int(p, 1, 4) &&
        128 * N * r <= SCRYPT_MAX_MEMORY &&
        N * r * p <= SCRYPT_MAX_WORK &&
        cipher.name === 'AES-256-GCM' &&
        bytesOf(kdf.salt) === 32 &&
        bytesOf(cipher.nonce) === 12 &&
        bytesOf(f.data) >= 16
      );
    };
    const codes = new Set<string>();
    let read = 0;
    fc.assert(
      fc.property(shaped, (f) => {
        let header: ReturnType<typeof readBackupHeader>;
        try {
          header = readBackupHeader(JSON.stringify(f));
        } catch (e) {
          expect(e).toBeInstanceOf(BackupError);
          expect(wellFormed(f)).toBe(false);
          const { code } = e as BackupError;
          expect(['not-a-backup', 'newer-version', 'damaged', 'scrypt-memory', 'scrypt-work']).toContain(code);
          codes.add(code);
          return;
        }
        read++;
        expect(wellFormed(f)).toBe(true);
        const kdf = f.kdf as { N: number; r: number; p: number; salt: string };
        expect(header).toEqual({
          version: f.version,
          created: f.created,
          accounts: f.accounts,
          kdf: { N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt },
          nonce: (f.cipher as { nonce: string }).nonce,
          data: f.data,
        });
      }),
      { numRuns: 1000 },
    );
    // The inputs reached the parser's own checks: headers were read, and refused for each kind of reason.
    expect(read).toBeGreaterThan(0);
    expect([...codes].sort()).toEqual(['damaged', 'newer-version', 'not-a-backup', 'scrypt-memory', 'scrypt-work']);
  });
});

describe('tools/twofold-decrypt.mjs (Node standard library only)', () => {
  it('decrypts a backup the extension wrote into the same otpauth URIs Twofold writes', async () => {
    const text = await writeBackup(accounts, 'correct horse', opts);
    const file = join(dir, 'b.twofold.json');
    writeFileSync(file, text);
    const out = execFileSync(process.execPath, ['tools/twofold-decrypt.mjs', file], {
      env: { ...process.env, TWOFOLD_PASSWORD: 'correct horse' },
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual(accounts.map((a) => formatOtpauthUri(a.otp)));
    // The password can come on standard input too.
    const piped = execFileSync(process.execPath, ['tools/twofold-decrypt.mjs', file, '--json'], {
      input: 'correct horse\n',
      encoding: 'utf8',
      env: { ...process.env, TWOFOLD_PASSWORD: undefined },
    });
    expect(JSON.parse(piped).accounts).toHaveLength(4);
  });

  it('says "wrong password" and exits 1', async () => {
    const file = join(dir, 'w.twofold.json');
    writeFileSync(file, await writeBackup(accounts, 'right', opts));
    let err: { status?: number; stderr?: string } = {};
    try {
      execFileSync(process.execPath, ['tools/twofold-decrypt.mjs', file], {
        env: { ...process.env, TWOFOLD_PASSWORD: 'wrong' },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.status).toBe(1);
    expect(err.stderr).toBe('twofold-decrypt: wrong password, or the file was changed\n');
  });

  it('reads the default (real) parameters too', async () => {
    const text = await writeBackup(accounts.slice(0, 2), 'pw', { ...opts, scrypt: undefined });
    expect(decryptBackup(text, 'pw').accounts.map((a: { issuer: string }) => a.issuer)).toEqual(['Example', 'Bank']);
  });
});
