import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { previewRestore, restorePlan } from '../../../lib/backup/restore';
import type { Account, PreviousKey } from '../../../lib/vault/account-data';
import { createVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx, sampleAccount } from '../vault/fixtures';

/*
 * A restore over a re-enrolled account (docs/backup-format.md "Restore"): a backup taken before
 * or after a site issued a new key holds the same account with another key. It is the same account, never a
 * second one with a dead key, and the newer key is what a merge keeps by default.
 */

const key = (n: number) => new Uint8Array(20).fill(n);
const otp = (n: number): Account['otp'] => ({
  kind: 'totp',
  secret: key(n),
  issuer: 'GitHub',
  account: 'alice',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});
const T = fx.now();
const DAY = 24 * 60 * 60 * 1000;
const replaced = (n: number, replacedAt: number): PreviousKey => ({ otp: otp(n), replacedAt });
const acct = (n: number, over: Partial<Account> = {}): Account =>
  sampleAccount({ otp: otp(n), sites: ['github.com'], notes: '', recoveryCodes: [], pinned: false, ...over });
const secrets = (history: readonly PreviousKey[] | undefined) => (history ?? []).map((h) => h.otp.secret[0]);

async function vaultWith(a: Account) {
  const vault = await createVault(await openIdbVaultStore(`renewed-${randomUUID()}`), 'pw', fx, CHEAP);
  await vault.add({ otp: a.otp, sites: a.sites, notes: '', recoveryCodes: [], pinned: false, history: a.history });
  return vault;
}

describe('restore of an account whose key was replaced since (or before) the backup', () => {
  it('an older backup with the key the vault replaced is the same account: the vault’s newer key stays', async () => {
    // Vault: K1, with K0 replaced two days ago. Backup from before: K0.
    const vault = await vaultWith(acct(1, { history: [replaced(0, T - 2 * DAY)] }));
    const backup = [acct(0, { updatedAt: T - 5 * DAY })];
    const [item] = previewRestore(backup, vault.accounts()).items;
    expect(item?.status).toBe('conflict');
    expect(item?.newer).toBe('vault');
    expect(item?.existing?.id).toBe(vault.accounts()[0]?.id);
    expect(item?.differences[0]?.english).toMatch(/newer key/);
    expect(previewRestore(backup, vault.accounts()).onlyInVault).toEqual([]);

    const { added } = await vault.applyMany(restorePlan(backup, 'merge', new Set(), T));
    expect(added).toEqual([]);
    expect(vault.accounts()).toHaveLength(1);
    expect(vault.accounts()[0]?.otp.secret).toEqual(key(1));
    expect(secrets(vault.accounts()[0]?.history)).toEqual([0]);
  });

  it('a newer backup (renewed there, the vault still on the old key) is the same account: its newer key is taken', async () => {
    const vault = await vaultWith(acct(0));
    const backup = [acct(1, { history: [replaced(0, T - DAY)], notes: 'renewed' })];
    const [item] = previewRestore(backup, vault.accounts()).items;
    expect(item?.status).toBe('conflict');
    expect(item?.newer).toBe('backup');

    // The options page pre-selects "use the backup's version" for it (components/RestorePanel.tsx).
    const take = new Set(
      previewRestore(backup, vault.accounts())
        .items.filter((i) => i.newer === 'backup')
        .map((i) => i.index),
    );
    expect([...take]).toEqual([0]);
    const { added, updated } = await vault.applyMany(restorePlan(backup, 'merge', take, T));
    expect(added).toEqual([]);
    expect(updated).toHaveLength(1);
    expect(vault.accounts()).toHaveLength(1);
    expect(vault.accounts()[0]?.otp.secret).toEqual(key(1));
    expect(secrets(vault.accounts()[0]?.history)).toEqual([0]);
  });

  it('the later replacement wins when each copy lists the other’s key (a key restored after a re-enrolment)', () => {
    // Vault: replaced K0 by K1 at T-3d. Backup: then restored K0 at T-1d, so K1 is in its history.
    const inVault = acct(1, { history: [replaced(0, T - 3 * DAY)] });
    const inBackup = acct(0, { history: [replaced(1, T - DAY)] });
    expect(previewRestore([inBackup], [inVault]).items[0]?.newer).toBe('backup');
    const earlier = acct(0, { history: [replaced(1, T - 4 * DAY)] });
    expect(previewRestore([earlier], [inVault]).items[0]?.newer).toBe('vault');
  });

  it('taking the older key (or replacing) keeps the vault’s key as a previous key, never losing it', () => {
    const inVault = { ...acct(1, { history: [replaced(0, T - 2 * DAY)] }), id: 'v' };
    const backup = [acct(0)];
    for (const plan of [restorePlan(backup, 'merge', new Set([0]), T), restorePlan(backup, 'replace', new Set(), T)]) {
      const change = plan([inVault]);
      expect(change.adds).toEqual([]);
      expect(change.updates[0]?.patch.otp?.secret).toEqual(key(0));
      expect(change.updates[0]?.patch.history?.map((h) => [h.otp.secret[0], h.replacedAt])).toEqual([[1, T]]);
    }
  });

  it('an account matched by its own key is not claimed again through a previous key (a "Keep both" copy stays new)', () => {
    const inVault = acct(1, { history: [replaced(0, T - 2 * DAY)] });
    const items = previewRestore([acct(1), acct(0, { otp: { ...otp(0), account: 'alice (2)' } })], [inVault]).items;
    expect(items.map((i) => i.status)).toEqual(['identical', 'new']);
  });
});
