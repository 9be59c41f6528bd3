import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../lib/encoding/base32';
import type { Account } from '../../../lib/vault/account-data';
import { VaultError } from '../../../lib/vault/errors';
import type { AccountRecord } from '../../../lib/vault/records';
import { createVault, openWithKey, unlockVault, vaultExists } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';

const rfcSecret = new TextEncoder().encode('12345678901234567890');

function draft(otp: Account['otp']): Omit<Account, 'id' | 'createdAt' | 'updatedAt' | 'order'> {
  return { otp, sites: [], notes: '', recoveryCodes: [], pinned: false };
}

async function fresh() {
  const name = `vault-${randomUUID()}`;
  const store = await openIdbVaultStore(name);
  return { name, store };
}

/** Every value in every store of the database, serialised, as an attacker with the profile sees it. */
async function dump(name: string): Promise<string> {
  const db = await openDB(name);
  const parts: string[] = [];
  for (const storeName of db.objectStoreNames) {
    for (const value of await db.getAll(storeName)) {
      parts.push(
        JSON.stringify(value, (_k, v) =>
          v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : typeof v === 'bigint' ? v.toString() : v,
        ),
      );
    }
  }
  db.close();
  return parts.join('\n');
}

describe('vault over IndexedDB', () => {
  it('creates, locks, and unlocks only with the right password', async () => {
    const { store } = await fresh();
    expect(await vaultExists(store)).toBe(false);
    const vault = await createVault(store, 'correct horse', fx, CHEAP);
    await vault.add(
      draft({
        kind: 'totp',
        secret: rfcSecret,
        issuer: 'Example',
        account: 'alice',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      }),
    );
    vault.lock();
    expect(() => vault.key).toThrow(expect.objectContaining({ name: 'VaultError', code: 'locked' }));
    await expect(unlockVault(store, 'wrong horse', fx)).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-password' }),
    );
    const again = await unlockVault(store, 'correct horse', fx);
    expect(again.accounts().map((a) => [a.otp.issuer, a.otp.account, a.otp.secret])).toEqual([
      ['Example', 'alice', rfcSecret],
    ]);
    await expect(createVault(store, 'x', fx, CHEAP)).rejects.toThrow(/already exists/);
  });

  it('keeps nothing secret in the clear at rest: no secret (raw, base32, hex), password or vault key', async () => {
    const { name, store } = await fresh();
    const vault = await createVault(store, 'hunter2-but-longer', fx, CHEAP);
    const secrets = [fx.random(20), fx.random(32), rfcSecret];
    for (const [i, secret] of secrets.entries()) {
      await vault.add(
        draft({
          kind: 'totp',
          secret,
          issuer: `Issuer${i}`,
          account: `user${i}`,
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
        }),
      );
    }
    const stored = await dump(name);
    expect(stored.length).toBeGreaterThan(500);
    for (const secret of [...secrets, vault.key]) {
      expect(stored).not.toContain(Buffer.from(secret).toString('latin1'));
      expect(stored).not.toContain(encodeBase32(secret));
      expect(stored.toLowerCase()).not.toContain(Buffer.from(secret).toString('hex'));
      expect(stored).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
    }
    expect(stored).not.toContain('hunter2');
    expect(stored).not.toContain('Issuer0');
  });

  it('advances and stores the HOTP counter before it returns a code, so no code repeats', async () => {
    const { store } = await fresh();
    const vault = await createVault(store, 'pw', fx, CHEAP);
    const { id } = await vault.add(
      draft({ kind: 'hotp', secret: rfcSecret, issuer: 'H', account: 'h', algorithm: 'SHA1', digits: 6, counter: 0n }),
    );
    expect(await vault.nextHotpCode(id)).toBe('755224'); // RFC 4226 App. D, counter 0
    const [a, b] = await Promise.all([vault.nextHotpCode(id), vault.nextHotpCode(id)]);
    expect([a, b]).toEqual(['287082', '359152']); // counters 1 and 2, even when asked at once
    const reopened = await openWithKey(store, vault.key, fx);
    const otp = reopened.get(id).otp;
    expect(otp.kind === 'hotp' && otp.counter).toBe(3n);
  });

  it('changes the password by re-wrapping the key only: records are untouched', async () => {
    const { store } = await fresh();
    const vault = await createVault(store, 'old password', fx, CHEAP);
    await vault.add(draft({ kind: 'steam', secret: rfcSecret, issuer: 'Steam', account: 'g' }));
    const before = await store.readRecords();
    await expect(vault.changePassword('not it', 'new password', CHEAP)).rejects.toThrow(/current password is wrong/);
    await vault.changePassword('old password', 'new password', CHEAP);
    expect(await store.readRecords()).toEqual(before);
    await expect(unlockVault(store, 'old password', fx)).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-password' }),
    );
    expect((await unlockVault(store, 'new password', fx)).accounts()).toHaveLength(1);
  });

  it('opens every other account when one record was tampered with, and names it', async () => {
    const { name, store } = await fresh();
    const vault = await createVault(store, 'pw', fx, CHEAP);
    const kept = await vault.add(
      draft({
        kind: 'totp',
        secret: fx.random(20),
        issuer: 'Kept',
        account: 'k',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      }),
    );
    const hit = await vault.add(
      draft({
        kind: 'totp',
        secret: fx.random(20),
        issuer: 'Hit',
        account: 'h',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      }),
    );
    const db = await openDB(name);
    const record = (await db.get('accounts', hit.id)) as AccountRecord;
    record.data[0] = (record.data[0] as number) ^ 0xff;
    await db.put('accounts', record);
    db.close();
    const reopened = await unlockVault(store, 'pw', fx);
    expect(reopened.accounts().map((a) => a.id)).toEqual([kept.id]);
    expect(reopened.unreadable).toHaveLength(1);
    expect(reopened.unreadable[0]?.recordId).toBe(hit.id);
    expect(reopened.unreadable[0]?.message).toMatch(/cannot be read: it was changed or damaged outside Twofold/);
  });

  it('writes a change whole or not at all', async () => {
    const { store } = await fresh();
    await createVault(store, 'pw', fx, CHEAP);
    const header = await store.readHeader();
    const broken = { v: 1 } as unknown as AccountRecord; // no id: IndexedDB refuses it
    await expect(
      store.commit({ header: { ...(header as object), createdAt: 1 } as never, put: [broken] }),
    ).rejects.toMatchObject({ name: 'DataError' });
    expect(await store.readHeader()).toEqual(header);
  });

  it('adds and updates several accounts in one transaction, or changes nothing', async () => {
    const { store } = await fresh();
    const vault = await createVault(store, 'pw', fx, CHEAP);
    const otp = {
      kind: 'totp',
      secret: rfcSecret,
      issuer: 'A',
      account: 'a',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    } as const;
    const first = await vault.add(draft(otp));
    const { added, updated } = await vault.applyMany(() => ({
      adds: [draft({ ...otp, issuer: 'B' }), draft({ ...otp, issuer: 'C' })],
      updates: [{ id: first.id, patch: { sites: ['a.example'] } }],
    }));
    expect(added.map((a) => [a.otp.issuer, a.order])).toEqual([
      ['B', 1],
      ['C', 2],
    ]);
    expect(updated[0]?.sites).toEqual(['a.example']);
    const reopened = await unlockVault(store, 'pw', fx);
    expect(reopened.accounts().map((a) => a.otp.issuer)).toEqual(['A', 'B', 'C']);

    // The store refuses the write: the vault in memory and on disk stay as they were.
    const failing = { ...store, commit: async () => Promise.reject(new Error('disk full')) };
    const vault2 = await unlockVault(failing as typeof store, 'pw', fx);
    const plan = () => ({ adds: [draft({ ...otp, issuer: 'D' })], updates: [{ id: first.id, patch: { sites: [] } }] });
    await expect(vault2.applyMany(plan)).rejects.toThrow('disk full');
    expect(vault2.accounts().map((a) => a.otp.issuer)).toEqual(['A', 'B', 'C']);
    expect(vault2.get(first.id).sites).toEqual(['a.example']);
    const twice = { id: first.id, patch: {} };
    await expect(vault2.applyMany(() => ({ adds: [], updates: [twice, twice] }))).rejects.toThrow(/twice/);
  });

  it('runs a change plan after the changes queued before it, with the accounts as they are then', async () => {
    const { store } = await fresh();
    const vault = await createVault(store, 'pw', fx, CHEAP);
    const hotp = {
      kind: 'hotp',
      secret: rfcSecret,
      issuer: 'H',
      account: 'h',
      algorithm: 'SHA1',
      digits: 6,
      counter: 0n,
    } as const;
    const a = await vault.add(draft(hotp));
    const next = vault.nextHotpCode(a.id); // queued first: the plan must see counter 1
    let seen: bigint | undefined;
    await vault.applyMany((current) => {
      const otp = current.find((x) => x.id === a.id)?.otp;
      seen = otp?.kind === 'hotp' ? otp.counter : undefined;
      return { adds: [], updates: [] };
    });
    await next;
    expect(seen).toBe(1n);
    // A plan that throws changes nothing.
    await expect(
      vault.applyMany(() => {
        throw new VaultError('duplicate', 'no');
      }),
    ).rejects.toThrow('no');
    expect(vault.accounts()).toHaveLength(1);
  });

  it('locking while a change is being sealed writes nothing under a zeroed key (review finding 1)', async () => {
    const { store } = await fresh();
    // The lock lands between two records of one change: the hook runs when the next nonce is drawn.
    let onRandom: (() => void) | undefined;
    const hooked = {
      ...fx,
      random: (n: number) => {
        const hook = onRandom;
        onRandom = undefined;
        hook?.();
        return fx.random(n);
      },
    };
    const vault = await createVault(store, 'pw', hooked, CHEAP);
    const otp = {
      kind: 'totp',
      secret: rfcSecret,
      issuer: 'A',
      account: 'a',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    } as const;
    await vault.add(draft(otp));
    const many = Array.from({ length: 5 }, (_, i) => draft({ ...otp, issuer: `R${i}` }));
    const restore = vault.applyMany(() => ({ adds: many, updates: [] }));
    let sealed = 0;
    const countThenLock = () => {
      sealed++;
      if (sealed === 2) vault.lock();
      else onRandom = countThenLock;
    };
    onRandom = countThenLock;
    await expect(restore).rejects.toThrow(expect.objectContaining({ code: 'locked' }));
    expect(vault.accounts()).toEqual([]);
    // What is on disk still opens whole with the right key: nothing was sealed under zeros.
    const reopened = await unlockVault(store, 'pw', fx);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.accounts().map((a) => a.otp.issuer)).toEqual(['A']);
  });

  it('locking during a password change keeps the old password and never wraps a zeroed key', async () => {
    const { store } = await fresh();
    let onRandom: (() => void) | undefined;
    const hooked = {
      ...fx,
      random: (n: number) => {
        const hook = onRandom;
        onRandom = undefined;
        hook?.();
        return fx.random(n);
      },
    };
    const vault = await createVault(store, 'old', hooked, CHEAP);
    await vault.add(
      draft({ kind: 'totp', secret: rfcSecret, issuer: 'A', account: 'a', algorithm: 'SHA1', digits: 6, period: 30 }),
    );
    onRandom = () => vault.lock(); // the new slot's salt is drawn: the key is wrapped after this
    await expect(vault.changePassword('old', 'new', CHEAP)).rejects.toThrow(
      expect.objectContaining({ code: 'locked' }),
    );
    await expect(unlockVault(store, 'new', fx)).rejects.toThrow(expect.objectContaining({ code: 'wrong-password' }));
    const reopened = await unlockVault(store, 'old', fx);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.accounts()).toHaveLength(1);
  });

  it("a lock during the write itself leaves no account in the locked vault's memory", async () => {
    const { store } = await fresh();
    let release: (() => void) | undefined;
    const slow = {
      ...store,
      commit: async (change: Parameters<typeof store.commit>[0]) => {
        await new Promise<void>((r) => {
          release = r;
        });
        return store.commit(change);
      },
    };
    await createVault(store, 'pw', fx, CHEAP);
    const vault = await unlockVault(slow, 'pw', fx);
    const otp = {
      kind: 'totp',
      secret: rfcSecret,
      issuer: 'A',
      account: 'a',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    } as const;
    const adding = vault.add(draft(otp));
    while (!release) await new Promise((r) => setTimeout(r, 1));
    vault.lock();
    release();
    // The write was sealed before the lock, with the right key: it lands and opens.
    await adding;
    expect(vault.accounts()).toEqual([]);
    const reopened = await unlockVault(store, 'pw', fx);
    expect(reopened.unreadable).toEqual([]);
    expect(reopened.accounts().map((a) => a.otp.issuer)).toEqual(['A']);
  });

  it('refuses a vault written by a newer version, and leaves it untouched', async () => {
    const { name, store } = await fresh();
    await createVault(store, 'pw', fx, CHEAP);
    const db = await openDB(name);
    const header = await db.get('meta', 'vault');
    await db.put('meta', { ...header, version: 3 }, 'vault');
    db.close();
    await expect(unlockVault(store, 'pw', fx)).rejects.toThrow(expect.objectContaining({ code: 'newer-version' }));
    expect(((await store.readHeader()) as { version: number }).version).toBe(3);
  });
});
