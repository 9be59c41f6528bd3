import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../lib/vault/account-data';
import { VaultSession } from '../../../lib/vault/session';
import type { UnlockedVault } from '../../../lib/vault/vault';
import { CHEAP, fx, sampleAccount } from './fixtures';
import { memoryVault } from './memory-session';
import { makeRecord, PASSWORD } from './sync-fixtures';

const draftOf = (a: Account) => {
  const { id: _i, createdAt: _c, updatedAt: _u, order: _o, ...rest } = a;
  return rest;
};

describe('the session as the sync service sees it', () => {
  it("syncVault answers the open vault, and the session's locked error when locked", async () => {
    const { session } = await memoryVault('sync-session', PASSWORD);
    const vault = session.syncVault();
    expect(vault.accounts()).toEqual([]);
    expect(vault.syncRecord()).toBeUndefined();
    await session.lock();
    expect(() => session.syncVault()).toThrow(expect.objectContaining({ name: 'VaultError', code: 'locked' }));
    await expect(session.openSyncVault()).rejects.toMatchObject({ code: 'locked' });
  });

  it('tells unlock listeners of an unlock and of a reopen after a worker restart; lock listeners of a lock', async () => {
    const { store, port, session } = await memoryVault('sync-session', PASSWORD);
    const events: string[] = [];
    session.onUnlock(() => events.push('unlock'));
    const stopLock = session.onLock(async () => void events.push('lock'));
    await session.lock();
    await session.unlock(PASSWORD);
    expect(events).toEqual(['lock', 'unlock']);
    stopLock();
    // A restarted worker: a new session over the same storage.session reopens from the key it holds.
    const restarted = new VaultSession(store, port, fx, CHEAP);
    restarted.onUnlock(() => events.push('reopen'));
    expect(() => restarted.syncVault()).toThrow(expect.objectContaining({ code: 'locked' }));
    const port2 = await restarted.openSyncVault();
    expect(port2.accounts()).toEqual([]);
    expect(events).toEqual(['lock', 'unlock', 'reopen']);
    expect(restarted.syncVault()).toBe(port2);
  });

  it("forwards the open vault's stamped local changes, and stops with the lock", async () => {
    const { session } = await memoryVault('sync-session', PASSWORD);
    let heard = 0;
    session.onLocalChange(() => heard++);
    const vault = (await session.require()) as UnlockedVault;
    await vault.add(draftOf(sampleAccount()));
    // Sync off: nothing stamped, nothing heard.
    expect(heard).toBe(0);
    const record = await makeRecord(vault.accounts(), fx.now());
    await session.syncVault().updateSync(() => ({ record }));
    expect(heard).toBe(0);
    await vault.add(draftOf(sampleAccount({ otp: { ...sampleAccount().otp, secret: fx.random(20) } })));
    expect(heard).toBe(1);
    await session.lock();
    await session.unlock(PASSWORD);
    const reopened = await session.require();
    await reopened.add(draftOf(sampleAccount({ otp: { ...sampleAccount().otp, secret: fx.random(20) } })));
    expect(heard).toBe(2);
  });
});
