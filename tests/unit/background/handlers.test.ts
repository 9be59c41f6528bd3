import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// The handlers' browser adapters (badge, windows) are replaced; everything else is the real code.
vi.mock('webextension-polyfill', () => ({
  default: {
    action: { setBadgeText: vi.fn(async () => {}), setTitle: vi.fn(async () => {}) },
    windows: { create: vi.fn(async () => ({})) },
    runtime: { getURL: (p: string) => `chrome-extension://test/${p}` },
  },
}));

const { createHandlers } = await import('../../../entrypoints/background/handlers');
const { TabStatus } = await import('../../../entrypoints/background/tab-status');
const { Enrolment } = await import('../../../entrypoints/background/enrol');
const { Backups } = await import('../../../entrypoints/background/backup');
const { Exports } = await import('../../../entrypoints/background/exports');
const { HardwareKeys } = await import('../../../entrypoints/background/keys');
const { createCrossSite } = await import('../../../entrypoints/background/cross-site');
const noKeys = { devices: async () => [], available: false, monotonic: () => 0, sleep: async () => {} };
const { VaultSession } = await import('../../../lib/vault/session');
const { openIdbVaultStore } = await import('../../../platform/idb-vault-store');
const { fx, CHEAP } = await import('../vault/fixtures');

const rfc = new TextEncoder().encode('12345678901234567890');

async function setup(effects = fx) {
  const data = new Map<string, unknown>();
  const session = new VaultSession(
    await openIdbVaultStore(`handlers-${randomUUID()}`),
    {
      get: async (k) => data.get(k) as never,
      set: async (k, v) => void data.set(k, v),
      remove: async (k) => void data.delete(k),
    },
    effects,
    CHEAP,
  );
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const enrolment = new Enrolment(
    session,
    store,
    async () => [],
    async () => {},
    () => Date.now(),
  );
  const h = createHandlers(
    new TabStatus(),
    session,
    enrolment,
    new Backups(session, fx, { N: 2 ** 14, r: 8, p: 1 }),
    new Exports(session, fx, { N: 1024, r: 8, p: 1 }),
    new HardwareKeys(session, store, noKeys, fx),
    createCrossSite({
      session,
      onPick: async () => {},
      offeredIds: () => [],
      openWindow: async () => ({ windowId: 1 }),
      now: fx.now,
      random: fx.random,
    }),
  );
  await session.create('pw');
  const vault = await session.require();
  const base = { notes: '', pinned: false };
  const a = await vault.add({
    ...base,
    otp: { kind: 'totp', secret: rfc, issuer: 'GitHub', account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 },
    sites: ['github.com'],
    recoveryCodes: [{ code: 'r-1' }, { code: 'r-0', usedAt: 1 }],
  });
  const b = await vault.add({
    ...base,
    otp: { kind: 'totp', secret: rfc, issuer: 'Example', account: 'bob', algorithm: 'SHA1', digits: 6, period: 30 },
    sites: ['example.com'],
    recoveryCodes: [],
  });
  const c = await vault.add({
    ...base,
    otp: {
      kind: 'hotp',
      secret: rfc,
      issuer: 'GitHub HOTP',
      account: 'carol',
      algorithm: 'SHA1',
      digits: 6,
      counter: 0n,
    },
    sites: ['github.com'],
    recoveryCodes: [],
  });
  return { h, session, a, b, c };
}

const from = (url: string) => ({ id: 'x', url, tabId: 1, frameId: 0 });

describe('content-script handlers', () => {
  it('offer only the accounts of the frame’s own site, with codes and never secrets', async () => {
    const { h, a, c } = await setup();
    const res = await h['codes-for-frame']({ type: 'codes-for-frame' }, from('https://gist.github.com/login'));
    expect(res.state).toBe('unlocked');
    expect(res.accounts.map((x) => x.id).sort()).toEqual([a.id, c.id].sort());
    const offered = res.accounts.find((x) => x.id === a.id);
    expect(offered?.code).toMatch(/^\d{6}$/);
    expect(offered?.recoveryCodes).toEqual(['r-1']);
    expect(res.accounts.find((x) => x.id === c.id)?.code).toBeUndefined();
    expect(JSON.stringify(res)).not.toMatch(/secret|GEZDGNBV|3132333435/);
    expect((await h['codes-for-frame']({ type: 'codes-for-frame' }, from('https://evilgithub.com/'))).accounts).toEqual(
      [],
    );
  });

  it('refuse the code of another site’s account unless the user confirmed it', async () => {
    const { h, b } = await setup();
    await expect(h['fill-code']({ type: 'fill-code', id: b.id }, from('https://github.com/'))).rejects.toThrow(
      expect.objectContaining({ code: 'not-for-this-site' }),
    );
    const { code } = await h['fill-code'](
      { type: 'fill-code', id: b.id, confirmMismatch: true },
      from('https://github.com/'),
    );
    expect(code).toMatch(/^\d{6}$/);
  });

  it('hand out HOTP codes in order, advancing the stored counter', async () => {
    const { h, c } = await setup();
    const first = await h['fill-code']({ type: 'fill-code', id: c.id }, from('https://github.com/'));
    const second = await h['fill-code']({ type: 'fill-code', id: c.id }, from('https://github.com/'));
    expect([first.code, second.code]).toEqual(['755224', '287082']); // RFC 4226 App. D
  });

  it('say "locked" and give nothing while the vault is locked', async () => {
    const { h, session, a } = await setup();
    await session.lock();
    expect(await h['codes-for-frame']({ type: 'codes-for-frame' }, from('https://github.com/'))).toMatchObject({
      state: 'locked',
      accounts: [],
    });
    await expect(h['fill-code']({ type: 'fill-code', id: a.id }, from('https://github.com/'))).rejects.toThrow(
      expect.objectContaining({ code: 'locked' }),
    );
  });
});

describe('auto-lock for pages (issue 14 finding 9)', () => {
  it('give nothing past the idle time, and a page asking meanwhile does not postpone it', async () => {
    let now = fx.now();
    const { h, session, a } = await setup({ ...fx, now: () => now });
    await session.saveSettings({ ...(await session.settings()), autoLockMinutes: 1 });
    await session.touch();
    // A page asking every 10 s is no use of Twofold: it gets codes until the deadline, never past it.
    for (let t = 0; t < 5; t++) {
      now += 10_000;
      const res = await h['codes-for-frame']({ type: 'codes-for-frame' }, from('https://github.com/'));
      expect(res.state).toBe('unlocked');
    }
    now += 20_000; // 70 s since the last use, 20 s since the page last asked
    expect(await h['codes-for-frame']({ type: 'codes-for-frame' }, from('https://github.com/'))).toMatchObject({
      state: 'locked',
      accounts: [],
    });
    await expect(h['fill-code']({ type: 'fill-code', id: a.id }, from('https://github.com/'))).rejects.toThrow(
      expect.objectContaining({ code: 'locked' }),
    );
  });
});

describe('settings handlers', () => {
  it('keep the time of the last backup when the settings form saves', async () => {
    const { h, session } = await setup();
    await session.saveSettings({ ...(await session.settings()), lastBackupAt: 1_234 });
    const page = { id: 'x', url: 'chrome-extension://x/options.html' };
    const form = { autoLockMinutes: 30, fillMode: 'click' as const, submitAfterFill: false, backupReminder: false };
    await h['settings-set']({ type: 'settings-set', settings: form }, page);
    expect(await session.settings()).toEqual({ ...form, lastBackupAt: 1_234, keySlotSites: {} });
  });
});
