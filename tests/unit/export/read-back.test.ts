import { randomBytes } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { writeAegisVault } from '../../../lib/export/aegis';
import { writeBitwardenJson } from '../../../lib/export/bitwarden';
import { writeTwofasBackup } from '../../../lib/export/twofas';
import { uriListExport } from '../../../lib/export/uri-list';
import { encodeMigrationUris } from '../../../lib/otp/migration';
import type { Account } from '../../../lib/vault/account-data';
import { sampleAccount } from '../vault/fixtures';
import { readAegis } from './independent-readers/aegis';
import { readBitwarden } from './independent-readers/bitwarden';
import { readGoogleMigration } from './independent-readers/google';
import { appCode, type Reading, steamChars } from './independent-readers/reading';
import { readTwofas } from './independent-readers/twofas';
import { readUriList } from './independent-readers/uri-list';

/*
 * Every export Twofold writes, read back by a reader written in the test from the consuming app's documentation and
 * source (tests/unit/export/independent-readers/, never Twofold's importers), and every account's codes checked at
 * several times against the original's, computed by the independent `otpauth` package (Steam: its HOTP with 10
 * digits gives the 31-bit number, turned into Steam's characters).
 */

const random = (n: number) => new Uint8Array(randomBytes(n));
const CHEAP = { N: 1024, r: 8, p: 1 };
const TIMES = [0, 59, 1_111_111_109, 1_234_567_890, 1_800_000_000, 2_000_000_000, 20_000_000_000];

const bytes = (s: string) => new TextEncoder().encode(s);
let n = 0;
const account = (otp: Account['otp'], more: Partial<Account> = {}): Account =>
  sampleAccount({ otp, notes: '', pinned: false, sites: [], order: n++, ...more });

/** Every kind of account Twofold holds: what some formats cannot take is left out and listed, never misread. */
const ACCOUNTS: Account[] = [
  account(
    {
      kind: 'totp',
      secret: bytes('12345678901234567890'),
      issuer: 'GitHub',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    { notes: 'work laptop', pinned: true, sites: ['github.com'] },
  ),
  account({
    kind: 'totp',
    secret: bytes('12345678901234567890123456789012'),
    issuer: 'Bank',
    account: 'bob@example.com',
    algorithm: 'SHA256',
    digits: 8,
    period: 60,
  }),
  account(
    {
      kind: 'totp',
      secret: random(64),
      issuer: 'Société Générale',
      account: 'josé@example.es',
      algorithm: 'SHA512',
      digits: 7,
      period: 30,
    },
    {
      notes: 'line 1\nline 2 "quoted" ✓',
    },
  ),
  account({
    kind: 'totp',
    secret: random(20),
    issuer: '',
    account: 'no-issuer:colon',
    algorithm: 'SHA1',
    digits: 6,
    period: 15,
  }),
  account(
    {
      kind: 'totp',
      secret: random(10),
      issuer: '日本',
      account: '東京 user',
      algorithm: 'SHA1',
      digits: 8,
      period: 30,
    },
    {
      sites: ['example.jp', 'login.example.jp'],
    },
  ),
  account({
    kind: 'totp',
    secret: random(20),
    issuer: 'Short',
    account: 'four',
    algorithm: 'SHA1',
    digits: 4,
    period: 30,
  }),
  account({
    kind: 'totp',
    secret: random(20),
    issuer: 'Long',
    account: 'ten',
    algorithm: 'SHA256',
    digits: 10,
    period: 30,
  }),
  account({
    kind: 'hotp',
    secret: random(20),
    issuer: 'Counter',
    account: 'carol',
    algorithm: 'SHA1',
    digits: 6,
    counter: 7n,
  }),
  account({
    kind: 'hotp',
    secret: random(32),
    issuer: 'Counter 8',
    account: 'dave',
    algorithm: 'SHA256',
    digits: 8,
    counter: 2n ** 31n - 1n,
  }),
  account({
    kind: 'hotp',
    secret: random(20),
    issuer: 'Huge counter',
    account: 'eve',
    algorithm: 'SHA1',
    digits: 6,
    counter: 2n ** 40n,
  }),
  account({ kind: 'steam', secret: random(20), issuer: 'Steam', account: 'gabe' }, { pinned: true, notes: 'games' }),
];

/** The original's code with the `otpauth` package: at time `t` (TOTP, Steam) or `step` codes on (HOTP). */
function originalCode(a: Account, t: number, step = 0): string {
  const o = a.otp;
  const secret = new Secret({ buffer: o.secret.slice().buffer });
  if (o.kind === 'hotp')
    return new HOTP({ secret, algorithm: o.algorithm, digits: o.digits }).generate({
      counter: Number(o.counter) + step,
    });
  if (o.kind === 'steam') {
    const full = new HOTP({ secret, algorithm: 'SHA1', digits: 10 }).generate({ counter: Math.floor(t / 30) });
    return steamChars(Number(full));
  }
  return new TOTP({ secret, algorithm: o.algorithm, digits: o.digits, period: o.period }).generate({
    timestamp: t * 1000,
  });
}

/** Each read account makes exactly the original's codes, at every time (and the next HOTP codes). */
function expectSameCodes(read: Reading[], written: Account[]) {
  expect(read).toHaveLength(written.length);
  written.forEach((a, i) => {
    const r = read[i] as Reading;
    expect(r.type, a.otp.issuer).toBe(a.otp.kind);
    expect(Buffer.from(r.secret).toString('hex'), a.otp.issuer).toBe(Buffer.from(a.otp.secret).toString('hex'));
    if (a.otp.kind === 'hotp') {
      // Counters beyond 2^53 are compared as numbers; their codes need otpauth's Number counter, so only up to it.
      expect(r.counter, a.otp.issuer).toBe(a.otp.counter);
      if (a.otp.counter < 2n ** 53n)
        for (const step of [0, 1, 2])
          expect(appCode(r, 0, step), `${a.otp.issuer} +${step}`).toBe(originalCode(a, 0, step));
    } else for (const t of TIMES) expect(appCode(r, t), `${a.otp.issuer} at ${t}`).toBe(originalCode(a, t));
  });
}

const expectNames = (read: Reading[], written: Account[]) =>
  expect(read.map((r) => [r.issuer, r.name])).toEqual(written.map((a) => [a.otp.issuer, a.otp.account]));

describe('exports read back by independent readers make the same codes', () => {
  it('Aegis, plain: every account, with names, notes and favourites', async () => {
    const read = readAegis(await writeAegisVault(ACCOUNTS, { random }));
    expectSameCodes(read, ACCOUNTS);
    expectNames(read, ACCOUNTS);
    expect(read.map((r) => [r.note, r.favorite])).toEqual(ACCOUNTS.map((a) => [a.notes, a.pinned]));
  });

  it('Aegis, encrypted: opened with Node’s crypto as Aegis documents it; a wrong password opens nothing', async () => {
    const text = await writeAegisVault(ACCOUNTS, { random, password: 'pässwörd', scrypt: CHEAP });
    const read = readAegis(text, 'pässwörd');
    expectSameCodes(read, ACCOUNTS);
    expectNames(read, ACCOUNTS);
    expect(() => readAegis(text, 'passwörd')).toThrow();
  });

  it('2FAS: the accounts 2FAS can make codes for, and the others listed with why', () => {
    const file = writeTwofasBackup(ACCOUNTS, 1_800_000_000_000, random);
    const left = new Set(file.skipped.map((s) => s.account));
    expect(file.skipped.map((s) => [s.account.otp.issuer, s.reason.key])).toEqual([
      ['Short', 'exportmore_twofas_digits'],
      ['Long', 'exportmore_twofas_digits'],
      ['Huge counter', 'exportmore_twofas_counter'],
    ]);
    const kept = ACCOUNTS.filter((a) => !left.has(a));
    const read = readTwofas(file.text);
    expectSameCodes(read, kept);
    // 2FAS's title for an account without an issuer is its account name; the issuer stays empty.
    expect(read.map((r) => [r.issuer, r.name])).toEqual(
      kept.map((a) => [a.otp.issuer || a.otp.account, a.otp.account]),
    );
    // No JSON null anywhere: Aegis's 2FAS importer would read one as the text "null" (lib/export/twofas.ts).
    expect(file.text).not.toMatch(/:null\b/);
    const content = JSON.parse(file.text);
    expect(content.schemaVersion).toBe(4);
    expect(content.reference).toBeUndefined();
    expect(content.services.map((s: { order: { position: number } }) => s.order.position)).toEqual(
      kept.map((_, i) => i),
    );
  });

  it('Bitwarden JSON: TOTP and Steam as Bitwarden’s totp.rs reads them, HOTP left out and listed', () => {
    const file = writeBitwardenJson(ACCOUNTS, random);
    expect(file.skipped.map((s) => [s.account.otp.issuer, s.reason.key])).toEqual([
      ['Counter', 'exportmore_bitwarden_hotp'],
      ['Counter 8', 'exportmore_bitwarden_hotp'],
      ['Huge counter', 'exportmore_bitwarden_hotp'],
    ]);
    const kept = ACCOUNTS.filter((a) => a.otp.kind !== 'hotp');
    const read = readBitwarden(file.text);
    expectSameCodes(read, kept);
    expect(read.map((r) => [r.issuer, r.name, r.note, r.favorite, r.sites])).toEqual(
      kept.map((a) => [
        a.otp.issuer || a.otp.account,
        a.otp.account,
        a.notes,
        a.pinned,
        a.sites.map((s) => `https://${s}`),
      ]),
    );
    expect(JSON.parse(file.text).encrypted).toBe(false);
  });

  it('otpauth link list: every account, read as the Key Uri Format describes a link', () => {
    const read = readUriList(uriListExport(ACCOUNTS));
    expectSameCodes(read, ACCOUNTS);
    expectNames(read, ACCOUNTS);
  });

  it('Google Authenticator transfer codes: what Google can hold, in one numbered batch; the rest listed', () => {
    const { uris, skipped } = encodeMigrationUris(
      ACCOUNTS.map((a) => a.otp),
      { batchId: 12345, perQr: 3 },
    );
    const left = new Set(skipped.map((s) => s.account));
    expect(skipped.map((s) => s.account.issuer)).toEqual(['Bank', 'Société Générale', '', 'Short', 'Long', 'Steam']);
    const kept = ACCOUNTS.filter((a) => !left.has(a.otp));
    const batches = uris.map(readGoogleMigration);
    expect(batches.map((b) => [b.version, b.size, b.index, b.id])).toEqual(
      uris.map((_, i) => [1, uris.length, i, 12345]),
    );
    const read = batches.flatMap((b) => b.entries);
    expectSameCodes(read, kept);
    expectNames(read, kept);
  });
});
