import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// The handlers' browser adapters (badge, windows) are replaced; everything else is the real code.
vi.mock('webextension-polyfill', () => import('./quiet-browser'));

const { allHandlers, memoryStore, simulatedNitrokey, vaultSession } = await import('./harness');

const page = { id: 'x', url: 'chrome-extension://x/popup.html' };

/*
 * The three writers of the encrypted settings record, through their messages: the settings form (settings-set),
 * the backup service (backup-saved) and the hardware-key service (key-bind, over a simulated Nitrokey). Each owns
 * its own part; a change by one, however it interleaves with the others, must leave theirs as they were.
 */
async function setup() {
  const { env, now } = simulatedNitrokey();
  const store = memoryStore();
  const fx = { random: (n: number) => new Uint8Array(randomBytes(n)), now, uuid: () => randomUUID() };
  const session = await vaultSession('settings-state', store, fx);
  const h = allHandlers({ session, store, effects: fx, keys: env });
  await session.create('pw');
  const [key] = (await h['keys-list']({ type: 'keys-list' }, page)).keys;
  const keyId = key?.id as string;
  const sitesOf = async (slotId: string) =>
    (await h['keys-list']({ type: 'keys-list' }, page)).keys[0]?.slots.find((s) => s.id === slotId)?.sites;
  const lastBackupAt = async () => (await h['backup-status']({ type: 'backup-status' }, page)).lastBackupAt;
  return { h, keyId, sitesOf, lastBackupAt, now };
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
