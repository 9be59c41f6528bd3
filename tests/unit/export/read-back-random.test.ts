import fc from 'fast-check';
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
import { appCode, type Reading } from './independent-readers/reading';
import { readTwofas } from './independent-readers/twofas';
import { readUriList } from './independent-readers/uri-list';

/*
 * Random accounts (any kind, algorithm, 4 to 10 digits, 1 to 300 s, counters up to 2^63, secrets of 1 to 64 bytes,
 * any unicode in the names) through every file export and its independent reader: each account is either read back
 * with the same secret, type and codes, or listed as left out. Never misread, never dropped silently.
 */

const name = fc.string({ unit: 'grapheme', maxLength: 12 });
const secret = fc.uint8Array({ minLength: 1, maxLength: 64 });
const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const);
const digits = fc.integer({ min: 4, max: 10 });
const otp: fc.Arbitrary<Account['otp']> = fc.oneof(
  fc.record({
    kind: fc.constant('totp' as const),
    secret,
    issuer: name,
    account: name,
    algorithm,
    digits,
    period: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({
    kind: fc.constant('hotp' as const),
    secret,
    issuer: name,
    account: name,
    algorithm,
    digits,
    counter: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  }),
  fc.record({ kind: fc.constant('steam' as const), secret, issuer: name, account: name }),
);
const accounts = fc.array(
  fc.record({ otp, notes: fc.string({ maxLength: 20 }), pinned: fc.boolean() }).map((a) => sampleAccount(a)),
  { minLength: 1, maxLength: 6 },
);
const random = (n: number) => new Uint8Array(n).map((_, i) => (i * 37 + 11) & 0xff);
const TIMES = [0, 1_234_567_890, 2_000_000_000];

/** `read` holds exactly the accounts not `left`, in order, each making the same codes as under Twofold's reading. */
function expectReadBack(read: Reading[], all: Account[], left: ReadonlySet<Account['otp']>) {
  const kept = all.filter((a) => !left.has(a.otp));
  expect(read).toHaveLength(kept.length);
  kept.forEach((a, i) => {
    const r = read[i] as Reading;
    expect(r.type).toBe(a.otp.kind);
    expect([...r.secret]).toEqual([...a.otp.secret]);
    const twofold: Reading = {
      ...r,
      ...(a.otp.kind === 'steam'
        ? { algorithm: 'SHA1', digits: 5, period: 30 }
        : { algorithm: a.otp.algorithm, digits: a.otp.digits }),
      ...(a.otp.kind === 'totp' ? { period: a.otp.period } : {}),
      ...(a.otp.kind === 'hotp' ? { counter: a.otp.counter } : {}),
    };
    for (const t of TIMES) expect(appCode(r, t)).toBe(appCode(twofold, t));
  });
}

describe('random accounts survive every export, read independently', () => {
  it('Aegis, 2FAS, Bitwarden, link list and Google transfer codes', async () => {
    await fc.assert(
      fc.asyncProperty(accounts, async (all) => {
        expectReadBack(readAegis(await writeAegisVault(all, { random })), all, new Set());
        expectReadBack(readUriList(uriListExport(all)), all, new Set());
        const twofas = writeTwofasBackup(all, 0, random);
        expectReadBack(readTwofas(twofas.text), all, new Set(twofas.skipped.map((s) => s.account.otp)));
        const bitwarden = writeBitwardenJson(all, random);
        expectReadBack(readBitwarden(bitwarden.text), all, new Set(bitwarden.skipped.map((s) => s.account.otp)));
        const google = encodeMigrationUris(
          all.map((a) => a.otp),
          { batchId: 7 },
        );
        expectReadBack(
          google.uris.flatMap((u) => readGoogleMigration(u).entries),
          all,
          new Set(google.skipped.map((s) => s.account)),
        );
      }),
      { numRuns: 150 },
    );
  });
});
