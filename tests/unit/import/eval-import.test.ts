import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAegisVault } from '../../../lib/export/aegis';
import { uriListExport } from '../../../lib/export/uri-list';
import type { Account } from '../../../lib/vault/account-data';
import { evaluateCorpus } from '../../../scripts/import-eval';

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
