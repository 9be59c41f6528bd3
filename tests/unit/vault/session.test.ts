import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultSession } from '../../../lib/vault/session';
import type { Effects } from '../../../lib/vault/slots';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';
import { memorySession } from './memory-session';

async function setup() {
  let now = 1_800_000_000_000;
  const clock: Effects = { ...fx, now: () => now };
  const store = await openIdbVaultStore(`session-${randomUUID()}`);
  const session = memorySession();
  const make = () => new VaultSession(store, session, clock, CHEAP);
  return { store, session, make, advance: (ms: number) => (now += ms) };
}

describe('vault session', () => {
  it('goes from no vault to unlocked to locked', async () => {
    const { make } = await setup();
    const s = make();
    expect(await s.state()).toBe('none');
    await expect(s.unlock('pw')).rejects.toThrow(expect.objectContaining({ code: 'no-vault' }));
    await s.create('a good password');
    expect(await s.state()).toBe('unlocked');
    await s.lock();
    expect(await s.state()).toBe('locked');
    await expect(s.require()).rejects.toThrow(expect.objectContaining({ code: 'locked' }));
    await expect(s.unlock('wrong')).rejects.toThrow(expect.objectContaining({ code: 'wrong-password' }));
    await s.unlock('a good password');
    expect(await s.state()).toBe('unlocked');
  });

  it('stays unlocked across a worker restart, through the session store only', async () => {
    const { make, session } = await setup();
    const first = make();
    await first.create('pw');
    await (await first.require()).add({
      otp: { kind: 'steam', secret: fx.random(10), issuer: 'S', account: 'a' },
      sites: [],
      notes: '',
      recoveryCodes: [],
      pinned: false,
    });
    const restarted = make(); // a new worker: nothing in memory
    expect(await restarted.state()).toBe('unlocked');
    expect((await restarted.require()).accounts()).toHaveLength(1);
    session.data.clear(); // browser restart: storage.session is empty
    expect(await make().state()).toBe('locked');
  });

  it('locks after the chosen idle time, not before', async () => {
    const { make, advance } = await setup();
    const s = make();
    await s.create('pw');
    await s.savePreferences({ autoLockMinutes: 5 });
    advance(4 * 60_000);
    expect(await s.lockIfIdle()).toBe(false);
    await s.touch();
    advance(4 * 60_000);
    expect(await s.lockIfIdle()).toBe(false);
    advance(2 * 60_000);
    expect(await s.lockIfIdle()).toBe(true);
    expect(await s.state()).toBe('locked');
    // A restarted worker with an expired session locks too.
    await s.unlock('pw');
    advance(6 * 60_000);
    expect(await make().lockIfIdle()).toBe(true);
    expect(await make().state()).toBe('locked');
  });

  // docs/architecture.md attack 9: with a 1-minute auto-lock, a page once got codes after 118 s idle, because
  // only the popup's requests checked the deadline and the alarm fires up to a minute late.
  it('hands out no vault past the idle time, even when no alarm or popup request checked it', async () => {
    const { make, advance } = await setup();
    const s = make();
    await s.create('pw');
    await s.savePreferences({ autoLockMinutes: 1 });
    advance(59_000);
    expect(await s.state()).toBe('unlocked');
    advance(59_000); // 118 s idle
    expect(await s.state()).toBe('locked');
    await expect(s.require()).rejects.toThrow(expect.objectContaining({ code: 'locked' }));
    expect(await s.current()).toBeUndefined();
  });

  it('a worker restarted after the idle time does not reopen the vault from session storage', async () => {
    const { make, advance, session } = await setup();
    const first = make();
    await first.create('pw');
    await first.savePreferences({ autoLockMinutes: 1 });
    advance(118_000);
    const restarted = make();
    expect(await restarted.current()).toBeUndefined();
    await expect(restarted.require()).rejects.toThrow(expect.objectContaining({ code: 'locked' }));
    // The key is gone from session storage too, so no later worker can reopen it either.
    expect(session.data.has('vaultKey')).toBe(false);
  });

  it('keeps settings, with defaults for what was never set', async () => {
    const { make } = await setup();
    const s = make();
    await s.create('pw');
    expect((await s.require()).settings()).toEqual({
      autoLockMinutes: 15,
      fillMode: 'click',
      submitAfterFill: false,
      clipboardClearSeconds: 30,
      backupReminder: true,
      lastBackupAt: 0,
      keySlotSites: {},
      siteOverrides: { never: [], fields: {} },
      backupNoticeHiddenUntil: 0,
      listView: { sort: 'custom', collapsed: [] },
    });
    await s.savePreferences({
      autoLockMinutes: 60,
      fillMode: 'auto-single',
      submitAfterFill: true,
      clipboardClearSeconds: 30,
      backupReminder: false,
    });
    expect((await make().preferences()).autoLockMinutes).toBe(60);
  });
});
