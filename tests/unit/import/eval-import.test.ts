import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAegisVault } from '../../../lib/export/aegis';
import { uriListExport } from '../../../lib/export/uri-list';
import type { ImportedEntry } from '../../../lib/import/types';
import type { Account } from '../../../lib/vault/account-data';
import { type Corpus, evaluateCorpus, type FolderReport, fieldMismatches } from '../../../scripts/import-eval';

/*
 * `npm run eval:import` on a small corpus of our own, laid out as docs/import-export.md "Evaluation" describes: the
 * expected codes come from the independent `otpauth` library, not from Twofold.
 */
const dir = mkdtempSync(join(tmpdir(), 'eval-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TIME = 1_700_000_000;

function account(issuer: string, secretText: string, digits = 6): Account {
  return {
    id: issuer,
    createdAt: 0,
    updatedAt: 0,
    otp: {
      kind: 'totp',
      secret: new TextEncoder().encode(secretText),
      issuer,
      account: 'me',
      algorithm: 'SHA1',
      digits,
      period: 30,
    },
    sites: [],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order: 0,
  };
}

function expected(a: Account) {
  const secret = new OTPAuth.Secret({ buffer: (a.otp.secret as Uint8Array).slice().buffer });
  const digits = a.otp.kind === 'totp' ? a.otp.digits : 6;
  return {
    type: 'totp',
    issuer: a.otp.issuer,
    name: a.otp.account,
    secret: secret.base32,
    secret_hex: secret.hex,
    algorithm: 'SHA1',
    digits,
    period: 30,
    counter: null,
    code: new OTPAuth.TOTP({ secret, digits, period: 30 }).generate({ timestamp: TIME * 1000 }),
  };
}

/**
 * Steam Guard's code from otpauth's HOTP: with 10 digits the RFC 4226 truncation (a 31-bit number, below 10^10) comes
 * out whole, and Steam writes it in its 26-letter alphabet, least significant first (Aegis OTP.toSteamString).
 */
function steamCode(secret: OTPAuth.Secret, time: number): string {
  let n = Number(new OTPAuth.HOTP({ secret, digits: 10 }).generate({ counter: Math.floor(time / 30) }));
  const alphabet = '23456789BCDFGHJKMNPQRTVWXY';
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[n % 26];
    n = Math.floor(n / 26);
  }
  return out;
}

describe('eval:import', () => {
  it('counts exact files, partial ones, refusals and wrong passwords', async () => {
    const a = account('Alpha', 'alpha-secret-0123456');
    const b = account('Beta', 'beta-secret-01234567', 8);
    writeFileSync(join(dir, 'list.txt'), uriListExport([a, b]));
    const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
    writeFileSync(
      join(dir, 'aegis.json'),
      await writeAegisVault([a], { password: 'pw', random, scrypt: { N: 1024, r: 8, p: 1 } }),
    );
    writeFileSync(join(dir, 'junk.json'), '{"not": "an export"}');
    const wrongDigits = { ...expected(b), digits: 6 };
    writeFileSync(
      join(dir, 'expected.json'),
      JSON.stringify({
        check_time_unix: TIME,
        files: [
          { path: 'list.txt', password: null, entries: [expected(a), expected(b)] },
          { path: 'aegis.json', password: 'pw', wrong_password_must_fail: 'nope', entries: [expected(a)] },
          { path: 'list.txt', password: null, entries: [expected(a), wrongDigits] },
          { path: 'junk.json', password: null, entries: [], expect_error: 'not an export' },
          { path: 'aegis.json', password: 'pw', heavy: true, entries: [expected(a)] },
        ],
      }),
    );
    const lines: string[] = [];
    const summary = await evaluateCorpus(dir, { skipHeavy: true }, (l) => lines.push(l));
    expect(summary).toEqual({
      files: { of: 3, exact: 2, partial: 1, failed: 0 },
      entries: { of: 5, matched: 4, code_ok: 5 },
      expect_error: { of: 1, refused: 1 },
    });
    expect(lines[1]).toMatch(
      /^ok {4}aegis\.json {2}Aegis vault \(encrypted\): 1\/1 entries, 1 codes ok, wrong password refused/,
    );
    expect(lines[2]).toMatch(/^PART .*2 codes ok.*Beta\/me: digits 8 ≠ 6$/);
    expect(lines[4]).toBe('skip  aegis.json  (heavy; --skip-heavy)');
  });
});

describe('eval:import on a folder of corpora', () => {
  it('walks DIR/expected.json and every DIR/<folder>/expected.json, naming files by folder', async () => {
    const root = join(dir, 'walk');
    const a = account('Gamma', 'gamma-secret-0123456');
    for (const folder of ['', 'one', 'two']) {
      mkdirSync(join(root, folder), { recursive: true });
      writeFileSync(join(root, folder, 'list.txt'), uriListExport([a]));
      writeFileSync(
        join(root, folder, 'expected.json'),
        JSON.stringify({
          check_time_unix: TIME,
          files: [{ path: 'list.txt', password: null, entries: [expected(a)] }],
        }),
      );
    }
    mkdirSync(join(root, 'no-corpus'));
    const lines: string[] = [];
    const folders: string[] = [];
    const summary = await evaluateCorpus(
      root,
      {},
      (l) => lines.push(l),
      (r) => folders.push(r.folder),
    );
    expect(summary.files).toEqual({ of: 3, exact: 3, partial: 0, failed: 0 });
    expect(folders).toEqual(['', 'one', 'two']);
    expect(lines.map((l) => /^\S+\s+(\S+)/.exec(l)?.[1])).toEqual(['list.txt', 'one/list.txt', 'two/list.txt']);
  });
});

/*
 * Our own corpus: every fixture folder's expected.json (written from the folder's make.mjs accounts, codes from the
 * independent `otpauth` package). A folder another part adds is evaluated here as soon as it has one.
 */
describe('eval:import on tests/fixtures/import', () => {
  const ROOT = join(__dirname, '../../fixtures/import');

  it('has an expected.json with at least one record in every fixture folder', () => {
    const folders = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const path = join(ROOT, folder.name, 'expected.json');
      expect([folder.name, existsSync(path)]).toEqual([folder.name, true]);
      const corpus = JSON.parse(readFileSync(path, 'utf8')) as Corpus;
      expect([folder.name, corpus.files.length > 0]).toEqual([folder.name, true]);
      for (const rec of corpus.files)
        expect([folder.name, rec.path, existsSync(join(ROOT, folder.name, rec.path))]).toEqual([
          folder.name,
          rec.path,
          true,
        ]);
    }
  });

  it('records codes computed by the independent otpauth package from each entry’s own key and parameters', () => {
    let checked = 0;
    for (const folder of readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const corpus = JSON.parse(readFileSync(join(ROOT, folder.name, 'expected.json'), 'utf8')) as Corpus;
      for (const rec of corpus.files)
        for (const e of rec.entries) {
          if (e.code === undefined) continue;
          const secret = OTPAuth.Secret.fromHex(e.secret_hex ?? '');
          expect(secret.base32).toBe(e.secret);
          const options = { secret, algorithm: e.algorithm, digits: e.digits };
          const code =
            e.type === 'steam'
              ? steamCode(secret, corpus.check_time_unix)
              : e.type === 'hotp'
                ? new OTPAuth.HOTP(options).generate({ counter: e.counter ?? 0 })
                : new OTPAuth.TOTP({ ...options, period: e.period ?? 30 }).generate({
                    timestamp: corpus.check_time_unix * 1000,
                  });
          expect([folder.name, rec.path, e.issuer, e.name, code]).toEqual([
            folder.name,
            rec.path,
            e.issuer,
            e.name,
            e.code,
          ]);
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('imports every non-optional file exactly and refuses every file that must be refused', async () => {
    const reports: FolderReport[] = [];
    const summary = await evaluateCorpus(
      ROOT,
      { skipHeavy: true },
      () => {},
      (r) => reports.push(r),
    );
    const wrong = reports
      .filter((r) => r.status !== 'skipped' && !r.record.optional)
      .filter((r) => (r.record.expect_error !== undefined ? r.status !== 'refused' : r.status !== 'exact'))
      .map((r) => r.line);
    expect(wrong).toEqual([]);
    expect(summary.files.partial).toBe(0);
    const evaluated = new Set(reports.filter((r) => r.status !== 'skipped').map((r) => r.folder));
    const folders = readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect([...evaluated].sort()).toEqual(folders.sort());
  }, 180_000);
});

describe('eval:import allowances', () => {
  const entry = (issuer: string, account: string): ImportedEntry => ({
    params: { kind: 'totp', secret: new Uint8Array(10), issuer, account, algorithm: 'SHA1', digits: 6, period: 30 },
    notes: '',
    groups: [],
    pinned: false,
    warnings: [],
  });
  const want = {
    type: 'totp',
    issuer: '',
    name: 'encoding: ¿äÄéÉ? (demo)',
    secret: 'AAAAAAAAAAAAAAAA',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: null,
  };
  it('accepts a name split at its colon into issuer and account only when the record allows other names', () => {
    const got = entry('encoding', '¿äÄéÉ? (demo)');
    expect(fieldMismatches(got, want, { path: 'x', entries: [] })).toHaveLength(2);
    expect(fieldMismatches(got, want, { path: 'x', entries: [], also_acceptable: { name: 'label rule' } })).toEqual([]);
    // Another split of the same name is still wrong.
    expect(
      fieldMismatches(entry('enc', 'oding: ¿äÄéÉ? (demo)'), want, {
        path: 'x',
        entries: [],
        also_acceptable: { name: 'label rule' },
      }),
    ).not.toEqual([]);
  });
});
