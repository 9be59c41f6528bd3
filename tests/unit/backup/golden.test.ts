import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { readBackup } from '../../../lib/backup/format';
import { encodeBase32 } from '../../../lib/encoding/base32';
import type { Account } from '../../../lib/vault/account-data';
import type { OtpParams } from '../../../lib/otp/types';

/*
 * The golden backups (tests/fixtures/backup/README.md): written once, never regenerated. Every later Twofold must
 * restore each to exactly the accounts in expected.json, and tools/twofold-decrypt.mjs must print the same.
 */

const DIR = join(__dirname, '../../fixtures/backup');
const TOOL = join(__dirname, '../../../tools/twofold-decrypt.mjs');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  password: string;
  files: {
    file: string;
    created: number;
    kdf: { N: number; r: number; p: number };
    accounts: Record<string, unknown>[];
  }[];
};

/** An account's key fields as docs/backup-format.md "Plaintext" names them. */
function keyFields(o: OtpParams): Record<string, unknown> {
  return {
    kind: o.kind,
    secret: encodeBase32(o.secret),
    issuer: o.issuer,
    account: o.account,
    ...(o.kind === 'steam' ? {} : { algorithm: o.algorithm, digits: o.digits }),
    ...(o.kind === 'totp' ? { period: o.period } : {}),
    ...(o.kind === 'hotp' ? { counter: o.counter.toString() } : {}),
  };
}

/** Every field a restore gives back, in the plaintext's own shape (ids are new on every restore, so not compared). */
function asPlaintext(a: Account): Record<string, unknown> {
  return {
    ...keyFields(a.otp),
    sites: a.sites,
    notes: a.notes,
    recoveryCodes: a.recoveryCodes,
    pinned: a.pinned,
    order: a.order,
    updatedAt: a.updatedAt,
    ...(a.history ? { history: a.history.map((h) => ({ ...keyFields(h.otp), replacedAt: h.replacedAt })) } : {}),
    createdAt: a.createdAt,
    ...(a.group ? { group: a.group } : {}),
  };
}

const tool = (file: string, password: string, ...args: string[]) =>
  execFileSync(process.execPath, [TOOL, join(DIR, file), ...args], {
    env: { ...process.env, TWOFOLD_PASSWORD: password },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('golden backups are read forever', () => {
  for (const golden of expected.files) {
    it(`${golden.file}: lib/ restores every field of every account`, async () => {
      const text = readFileSync(join(DIR, golden.file), 'utf8');
      const { header, accounts } = await readBackup(text, expected.password);
      expect(header).toMatchObject({ version: 1, created: golden.created, accounts: golden.accounts.length });
      expect(header.kdf).toMatchObject(golden.kdf);
      expect(accounts.map(asPlaintext)).toEqual(golden.accounts);
      if (golden.kdf.N > 2 ** 14) return; // the slow file is opened once; the checks below are the cheap file's
      // The password is NFC-normalised: typed decomposed, it opens the same file.
      const nfd = expected.password.normalize('NFD');
      expect(nfd).not.toBe(expected.password);
      expect((await readBackup(text, nfd)).accounts).toHaveLength(golden.accounts.length);
      await expect(readBackup(text, `${expected.password}!`)).rejects.toMatchObject({ code: 'wrong-password' });
    }, 30_000);

    it(`${golden.file}: tools/twofold-decrypt.mjs prints the same accounts, as JSON and as links`, () => {
      expect(JSON.parse(tool(golden.file, expected.password, '--json'))).toEqual({ accounts: golden.accounts });
      const lines = tool(golden.file, expected.password).trim().split('\n');
      expect(lines).toHaveLength(golden.accounts.length);
      lines.forEach((line, i) => {
        const a = golden.accounts[i] as Record<string, string | number>;
        if (a.kind === 'steam') {
          const url = new URL(line);
          expect([url.protocol, url.host, url.searchParams.get('secret')]).toEqual(['otpauth:', 'steam', a.secret]);
          return;
        }
        // The independent otpauth package reads each link back to the same key and settings.
        const otp = OTPAuth.URI.parse(line);
        expect(otp.secret.base32).toBe(a.secret);
        expect([otp.issuer, otp.label, otp.algorithm, otp.digits]).toEqual([
          a.issuer,
          a.account,
          a.algorithm,
          a.digits,
        ]);
        if (otp instanceof OTPAuth.TOTP) expect(otp.period).toBe(a.period);
        // otpauth keeps a counter as a JS number (2^64 − 1 would round): compared as the link's own digits.
        else expect(new URL(line).searchParams.get('counter')).toBe(a.counter);
      });
      if (golden.kdf.N === 2 ** 14)
        expect(() => tool(golden.file, 'wrong')).toThrow(/wrong password, or the file was changed/);
    }, 30_000);
  }
});
