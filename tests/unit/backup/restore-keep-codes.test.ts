import { describe, expect, it } from 'vitest';
import { previewRestore, restorePlan } from '../../../lib/backup/restore';
import { currentCode } from '../../../lib/otp/code';
import type { OtpParams } from '../../../lib/otp/types';
import type { Account } from '../../../lib/vault/account-data';
import { sampleAccount } from '../vault/fixtures';

/*
 * Keeping codes unchanged, for restores (other codes lock the user out; docs/import-export.md): merging a backup into a
 * vault that holds the same key with other parameters marks the conflict as a change of codes, shows both current
 * codes, and keeps the vault's version unless the user takes the backup's.
 */

const T = 1_750_000_000;
const key = new Uint8Array(20).map((_, i) => i * 13 + 1);
const otp = (period: number): OtpParams => ({
  kind: 'totp',
  secret: key,
  issuer: 'Example',
  account: 'alice',
  algorithm: 'SHA1',
  digits: 6,
  period,
});
const acct = (o: OtpParams, over: Partial<Account> = {}): Account =>
  sampleAccount({ otp: o, sites: ['example.com'], notes: '', recoveryCodes: [], pinned: false, ...over });

describe('restore merge of the same key with other parameters', () => {
  const vault = [acct(otp(60))];
  const backup = [acct(otp(30), { notes: 'from the backup' })];

  it('marks the conflict with the vault’s and the backup’s current codes', () => {
    const item = previewRestore(backup, vault, T).items[0];
    expect(item?.status).toBe('conflict');
    expect(item?.codes).toEqual({ before: currentCode(otp(60), T).code, after: currentCode(otp(30), T).code });
  });

  it('has no code change to show when only names, sites or notes differ', () => {
    const renamed = [acct({ ...otp(60), account: 'alice@work' }, { notes: 'x' })];
    const item = previewRestore(renamed, vault, T).items[0];
    expect(item?.status).toBe('conflict');
    expect(item?.codes).toBeUndefined();
  });

  it('keeps the vault’s codes by default, and changes them only when the user takes the backup’s version', () => {
    const kept = restorePlan(backup, 'merge', new Set())(vault);
    expect(kept.updates).toEqual([]);
    const taken = restorePlan(backup, 'merge', new Set([0]))(vault);
    expect(taken.updates[0]?.patch.otp).toMatchObject({ period: 30 });
  });
});
