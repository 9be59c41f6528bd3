import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

// The handlers' browser adapters (badge, windows) are replaced; everything else is the real code.
vi.mock('webextension-polyfill', () => import('./quiet-browser'));

const { createHandlers } = await import('../../../entrypoints/background/handlers');
const { TabStatus } = await import('../../../entrypoints/background/tab-status');
const { quietOffers } = await import('./stubs');
const { Enrolment } = await import('../../../entrypoints/background/enrol');
const { Backups } = await import('../../../entrypoints/background/backup');
const { Exports } = await import('../../../entrypoints/background/exports');
const { HardwareKeys } = await import('../../../entrypoints/background/keys');
const { createCrossSite } = await import('../../../entrypoints/background/cross-site');
const { memoryStore, noKeys, vaultSession } = await import('./harness');
const { fx } = await import('../vault/fixtures');

const rfc = new TextEncoder().encode('12345678901234567890');

async function setup(effects = fx) {
  const store = memoryStore();
  const session = await vaultSession('handlers', store, effects);
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
    expect((await session.require()).settings()).toEqual({
      ...form,
      lastBackupAt: 1_234,
      keySlotSites: {},
      siteOverrides: { never: [], fields: {} },
      backupNoticeHiddenUntil: 0,
      listView: { sort: 'custom', collapsed: [] },
    });
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
    expect((await session.require()).settings()).toEqual({
      ...form,
      lastBackupAt: 5_000,
      keySlotSites: {},
      siteOverrides: { never: [], fields: {} },
      backupNoticeHiddenUntil: 0,
      listView: { sort: 'custom', collapsed: [] },
    });
  });
});
