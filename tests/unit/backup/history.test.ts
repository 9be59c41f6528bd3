import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBackup, writeBackup } from '../../../lib/backup/format';
import { restorePlan } from '../../../lib/backup/restore';
import { encodeBase32 } from '../../../lib/encoding/base32';
import { uriListExport } from '../../../lib/export/uri-list';
import type { Account, PreviousKey } from '../../../lib/vault/account-data';
import { sampleAccount } from '../vault/fixtures';

/*
 * Previous keys (docs/vault-format.md "Previous keys") travel with backups, which hold the vault's
 * account records, and never with exports to other apps, which carry only the key in use.
 */
const CHEAP = { N: 2 ** 14, r: 8, p: 1 };
const opts = { random: (n: number) => new Uint8Array(randomBytes(n)), now: () => 1_795_000_000_000, scrypt: CHEAP };
const old = (n: number, replacedAt: number): PreviousKey => ({
  otp: {
    kind: 'totp',
    secret: new Uint8Array(20).fill(n),
    issuer: 'Example',
    account: 'alice',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  },
  replacedAt,
});

describe('previous keys in backups', () => {
  it('a backup carries the history and reading it gives it back', async () => {
    const account: Account = { ...sampleAccount(), history: [old(9, 1_794_000_000_000)] };
    const file = await writeBackup([account], 'pw', opts);
    const [back] = (await readBackup(file, 'pw')).accounts;
    expect(back?.history).toEqual(account.history);
  });

  it('a restore keeps the previous keys of both copies, each once, never the key in use', () => {
    const current = sampleAccount();
    const inVault: Account = { ...current, notes: 'vault', history: [old(1, 10), old(2, 20)] };
    const inBackup: Account = { ...current, notes: 'backup', history: [old(2, 30), old(3, 40)] };
    const plan = restorePlan([inBackup], 'replace', new Set())([inVault]);
    const history = plan.updates[0]?.patch.history ?? [];
    expect(history.map((h) => [h.otp.secret[0], h.replacedAt])).toEqual([
      [3, 40],
      [2, 30],
      [1, 10],
    ]);
    const asNew = restorePlan([inBackup], 'merge', new Set())([]);
    expect(asNew.adds[0]?.history).toEqual(inBackup.history);
  });

  it('an export to other apps carries only the key in use', () => {
    const account: Account = { ...sampleAccount(), history: [old(9, 1_794_000_000_000)] };
    const text = uriListExport([account]);
    expect(text).toContain(encodeBase32(account.otp.secret));
    expect(text).not.toContain(encodeBase32(new Uint8Array(20).fill(9)));
    expect(text.trim().split('\n')).toHaveLength(1);
  });
});
