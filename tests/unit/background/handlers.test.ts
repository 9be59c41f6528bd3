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
const { quietOffers } = await import('./stubs');
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
  const offers = quietOffers(session, store);
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
    offers.handlers(),
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

describe('settings handlers', () => {
  it('keep the time of the last backup when the settings form saves', async () => {
    const { h, session } = await setup();
    await session.recordBackup(1_234);
    const page = { id: 'x', url: 'chrome-extension://x/options.html' };
    const form = {
      autoLockMinutes: 30,
      fillMode: 'click' as const,
      submitAfterFill: false,
      clipboardClearSeconds: 60,
      backupReminder: false,
    };
    await h['settings-set']({ type: 'settings-set', settings: form }, page);
    expect((await session.require()).settings()).toEqual({ ...form, lastBackupAt: 1_234, keySlotSites: {} });
  });

  it('keep both of two settings changes made at once: the form and the backup time (review finding 13)', async () => {
    const { h, session } = await setup();
    const page = { id: 'x', url: 'chrome-extension://x/options.html' };
    const form = {
      autoLockMinutes: 30,
      fillMode: 'auto-single' as const,
      submitAfterFill: true,
      clipboardClearSeconds: 30,
      backupReminder: false,
    };
    await Promise.all([
      h['settings-set']({ type: 'settings-set', settings: form }, page),
      h['backup-saved']({ type: 'backup-saved', created: 5_000 }, page),
    ]);
    expect((await session.require()).settings()).toEqual({ ...form, lastBackupAt: 5_000, keySlotSites: {} });
  });
});
