import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mergeRecoveryCodes, previewRestore, restorePlan } from '../../../lib/backup/restore';
import { localize, setTranslator } from '../../../lib/i18n/translate';
import type { Account } from '../../../lib/vault/account-data';
import { createVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { catalogTranslator } from '../i18n/english';
import { CHEAP, fx, sampleAccount } from '../vault/fixtures';

const key = (n: number) => new Uint8Array(20).fill(n);
const acct = (n: number, over: Partial<Account> = {}): Account =>
  sampleAccount({
    otp: { kind: 'totp', secret: key(n), issuer: `I${n}`, account: `a${n}`, algorithm: 'SHA1', digits: 6, period: 30 },
    sites: [`s${n}.example`],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    ...over,
  });

async function vaultWith(accounts: Account[]) {
  const vault = await createVault(await openIdbVaultStore(`restore-${randomUUID()}`), 'pw', fx, CHEAP);
  for (const a of accounts)
    await vault.add({ otp: a.otp, sites: a.sites, notes: a.notes, recoveryCodes: a.recoveryCodes, pinned: a.pinned });
  return vault;
}

describe('previewRestore', () => {
  it('sorts backup accounts into new, identical, conflicting (with what differs) and repeated, and lists vault-only ones', () => {
    const vault = [acct(1), acct(2), acct(3)];
    const backup = [
      acct(1),
      acct(2, { notes: 'from backup', otp: { ...acct(2).otp, issuer: 'Renamed' } }),
      acct(4),
      acct(4),
    ];
    const p = previewRestore(backup, vault);
    expect(p.items.map((i) => i.status)).toEqual(['identical', 'conflict', 'new', 'repeat']);
    expect(p.items[1]?.differences.map((d) => d.english)).toEqual(['issuer “I2” → “Renamed”', 'notes differ']);
    expect(p.onlyInVault.map((a) => a.otp.issuer)).toEqual(['I3']);
  });

  it('says which sites and recovery codes differ, in the user’s language', () => {
    const backup = [acct(1, { sites: [], recoveryCodes: [{ code: 'x' }] })];
    const [item] = previewRestore(backup, [acct(1)]).items;
    expect(item?.differences.map((d) => d.english)).toEqual(['sites s1.example → none', 'recovery codes differ']);
    setTranslator(catalogTranslator('de'));
    expect(item?.differences.map(localize)).toEqual([
      'Websites s1.example → keine',
      'Wiederherstellungscodes unterscheiden sich',
    ]);
    setTranslator(catalogTranslator('en'));
  });
});

describe('mergeRecoveryCodes', () => {
  it('keeps each code once, used if used anywhere, at the earlier time', () => {
    expect(
      mergeRecoveryCodes(
        [{ code: 'a' }, { code: 'b', usedAt: 5 }],
        [{ code: 'a', usedAt: 9 }, { code: 'b', usedAt: 3 }, { code: 'c' }],
      ),
    ).toEqual([{ code: 'a', usedAt: 9 }, { code: 'b', usedAt: 3 }, { code: 'c' }]);
  });
});

describe('mergeRecoveryCodes and superseded codes', () => {
  it('keeps a code superseded in either copy superseded (a restore never brings an old set back as unused)', () => {
    const vault = [{ code: 'aaaa-1111', supersededAt: 50 }, { code: 'bbbb-2222' }];
    const backup = [{ code: 'aaaa-1111' }, { code: 'bbbb-2222', supersededAt: 90, usedAt: 10 }];
    expect(mergeRecoveryCodes(vault, backup)).toEqual([
      { code: 'aaaa-1111', supersededAt: 50 },
      { code: 'bbbb-2222', usedAt: 10, supersededAt: 90 },
    ]);
    expect(mergeRecoveryCodes(backup, [{ code: 'aaaa-1111', supersededAt: 20 }])[0]).toEqual({
      code: 'aaaa-1111',
      supersededAt: 20,
    });
  });
});

describe('restorePlan on a real vault', () => {
  it('merges: adds new accounts, keeps the vault’s version of conflicts unless asked, deletes nothing', async () => {
    const vault = await vaultWith([acct(1), acct(2), acct(3)]);
    const backup = [acct(2, { notes: 'backup note' }), acct(3, { notes: 'other' }), acct(5)];
    await vault.applyMany(restorePlan(backup, 'merge', new Set([1])));
    const byIssuer = Object.fromEntries(vault.accounts().map((a) => [a.otp.issuer, a]));
    expect(Object.keys(byIssuer).sort()).toEqual(['I1', 'I2', 'I3', 'I5']);
    expect(byIssuer.I2?.notes).toBe('');
    expect(byIssuer.I3?.notes).toBe('other');
  });

  it('replaces: the vault becomes the backup, an HOTP counter never moves back, used recovery codes stay used', async () => {
    const hotp = acct(7, {
      otp: { kind: 'hotp', secret: key(7), issuer: 'H', account: 'h', algorithm: 'SHA1', digits: 6, counter: 0n },
      recoveryCodes: [{ code: 'x', usedAt: 1 }],
    });
    const vault = await vaultWith([acct(1), hotp]);
    const id = vault.accounts().find((a) => a.otp.issuer === 'H')?.id as string;
    await vault.nextHotpCode(id);
    await vault.nextHotpCode(id);
    const backupHotp = {
      ...hotp,
      otp: { ...hotp.otp, issuer: 'H2' },
      recoveryCodes: [{ code: 'x' }, { code: 'y' }],
    } as Account;
    await vault.applyMany(restorePlan([backupHotp, acct(9)], 'replace', new Set()));
    const after = vault.accounts();
    expect(after.map((a) => a.otp.issuer).sort()).toEqual(['H2', 'I9']);
    const h = after.find((a) => a.otp.issuer === 'H2');
    expect(h?.id).toBe(id);
    expect(h?.otp.kind === 'hotp' && h.otp.counter).toBe(2n);
    expect(h?.recoveryCodes).toEqual([{ code: 'x', usedAt: 1 }, { code: 'y' }]);
  });
});
