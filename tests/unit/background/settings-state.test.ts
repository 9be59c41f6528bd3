import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
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
const { quietOffers, noCrossSite } = await import('./stubs');
const { Enrolment } = await import('../../../entrypoints/background/enrol');
const { Backups } = await import('../../../entrypoints/background/backup');
const { Exports } = await import('../../../entrypoints/background/exports');
const { HardwareKeys } = await import('../../../entrypoints/background/keys');
const { VaultSession } = await import('../../../lib/vault/session');
const { openIdbVaultStore } = await import('../../../platform/idb-vault-store');
const { NitrokeySim } = await import('../../hid-sim/nitrokey-sim');
const { FakeHidDevice } = await import('../../hid-sim/transport');
const { CHEAP } = await import('../vault/fixtures');

const RFC = new TextEncoder().encode('12345678901234567890');
const page = { id: 'x', url: 'chrome-extension://x/popup.html' };

/*
 * The three writers of the encrypted settings record, through their messages: the settings form (settings-set),
 * the backup service (backup-saved) and the hardware-key service (key-bind, over a simulated Nitrokey). Each owns
 * its own part; a change by one, however it interleaves with the others, must leave theirs as they were.
 */
async function setup() {
  let clock = 2_000_000_000_000;
  const sim = new NitrokeySim({
    busyPolls: 0,
    clock: () => clock,
    slowClockPercent: 0,
    storedTimeMinutes: 1,
    pinProtected: false,
    slots: [
      { kind: 'totp', index: 0, name: 'Test', secret: RFC, digits: 8, period: 30 },
      { kind: 'hotp', index: 0, name: 'Bank', secret: RFC, digits: 6, counter: 0 },
    ],
  });
  const device = new FakeHidDevice(sim);
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const fx = { random: (n: number) => new Uint8Array(randomBytes(n)), now: () => clock, uuid: () => randomUUID() };
  const session = new VaultSession(await openIdbVaultStore(`settings-state-${randomUUID()}`), store, fx, CHEAP);
  const env = {
    devices: async () => [device],
    available: true,
    monotonic: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
  const h = createHandlers(
    new TabStatus(),
    session,
    new Enrolment(
      session,
      store,
      async () => [],
      async () => {},
      fx.now,
    ),
    new Backups(session, fx, { N: 1024, r: 8, p: 1 }),
    new Exports(session, fx, { N: 1024, r: 8, p: 1 }),
    new HardwareKeys(session, store, env, fx),
    noCrossSite,
    quietOffers(session, store).handlers(),
  );
  await session.create('pw');
  const [key] = (await h['keys-list']({ type: 'keys-list' }, page)).keys;
  const keyId = key?.id as string;
  const sitesOf = async (slotId: string) =>
    (await h['keys-list']({ type: 'keys-list' }, page)).keys[0]?.slots.find((s) => s.id === slotId)?.sites;
  const lastBackupAt = async () => (await h['backup-status']({ type: 'backup-status' }, page)).lastBackupAt;
  return { h, keyId, sitesOf, lastBackupAt, now: () => clock };
}

const form = {
  autoLockMinutes: 30,
  fillMode: 'auto-single' as const,
  submitAfterFill: true,
  clipboardClearSeconds: 60,
  backupReminder: false,
};

describe('settings record: one owner per part', () => {
  it('a settings save interleaved with a key-slot bind keeps both', async () => {
    const { h, keyId, sitesOf } = await setup();
    await Promise.all([
      h['settings-set']({ type: 'settings-set', settings: form }, page),
      h['key-bind']({ type: 'key-bind', keyId, slotId: 'totp-0', sites: ['example.com'] }, page),
      h['settings-set']({ type: 'settings-set', settings: { ...form, autoLockMinutes: 60 } }, page),
    ]);
    expect(await sitesOf('totp-0')).toEqual(['example.com']);
    expect((await h['settings-get']({ type: 'settings-get' }, page)).settings).toEqual({
      ...form,
      autoLockMinutes: 60,
    });
  });

  it('a settings save interleaved with a key-slot bind and a backup-saved keeps all three', async () => {
    const { h, keyId, sitesOf, lastBackupAt, now } = await setup();
    const created = now() - 5_000;
    await Promise.all([
      h['key-bind']({ type: 'key-bind', keyId, slotId: 'hotp-0', sites: ['bank.example'] }, page),
      h['backup-saved']({ type: 'backup-saved', created }, page),
      h['settings-set']({ type: 'settings-set', settings: form }, page),
      h['key-bind']({ type: 'key-bind', keyId, slotId: 'totp-0', sites: ['example.com'] }, page),
    ]);
    expect(await sitesOf('hotp-0')).toEqual(['bank.example']);
    expect(await sitesOf('totp-0')).toEqual(['example.com']);
    expect(await lastBackupAt()).toBe(created);
    expect((await h['settings-get']({ type: 'settings-get' }, page)).settings).toEqual(form);
  });

  it('a form opened before a bind and saved after it keeps the binding and the backup time', async () => {
    const { h, keyId, sitesOf, lastBackupAt, now } = await setup();
    const { settings: opened } = await h['settings-get']({ type: 'settings-get' }, page);
    await h['key-bind']({ type: 'key-bind', keyId, slotId: 'totp-0', sites: ['example.com'] }, page);
    const created = now() - 1_000;
    await h['backup-saved']({ type: 'backup-saved', created }, page);
    await h['settings-set']({ type: 'settings-set', settings: { ...opened, fillMode: 'auto-single' } }, page);
    expect(await sitesOf('totp-0')).toEqual(['example.com']);
    expect(await lastBackupAt()).toBe(created);
    expect((await h['settings-get']({ type: 'settings-get' }, page)).settings.fillMode).toBe('auto-single');
  });

  it('settings-get answers the preferences only: no key bindings, no backup time', async () => {
    const { h, keyId } = await setup();
    await h['key-bind']({ type: 'key-bind', keyId, slotId: 'totp-0', sites: ['example.com'] }, page);
    const { settings } = await h['settings-get']({ type: 'settings-get' }, page);
    expect(Object.keys(settings).sort()).toEqual([
      'autoLockMinutes',
      'backupReminder',
      'clipboardClearSeconds',
      'fillMode',
      'submitAfterFill',
    ]);
    expect(JSON.stringify(settings)).not.toContain('example.com');
  });
});
