import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { syncHandlers } from '../../../entrypoints/background/handlers/sync';
import type { EngineParts } from '../../../entrypoints/background/sync-engine';
import type { PendingJoin, RoundReport, SyncVault } from '../../../entrypoints/background/sync-parts';
import { SyncService } from '../../../entrypoints/background/sync-service';
import { acceptRequest } from '../../../lib/messaging/protocol';
import { syncRequests } from '../../../lib/messaging/requests/sync';
import type { SenderInfo } from '../../../lib/messaging/sender';
import { SyncError } from '../../../lib/sync/errors';
import type { SyncFolder } from '../../../lib/sync/folder';
import type { SyncRecord } from '../../../lib/sync/record';
import { FREE_ATTEMPTS } from '../../../lib/vault/reauth';
import { fx } from '../vault/fixtures';
import { memoryVault } from '../vault/memory-session';

const MASTER = 'correct horse';
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const page: SenderInfo = { id: ID, url: `${ORIGIN}/options.html` };
const content: SenderInfo = { id: ID, url: 'https://example.com/login', tabId: 7, frameId: 0 };
const offerFrame: SenderInfo = { id: ID, url: `${ORIGIN}/offer-frame.html`, tabId: 7, frameId: 3 };

const webdav = { kind: 'webdav' as const, url: 'https://dav.example.org/files', user: 'alice', password: 'server pw' };
const report: RoundReport = { merged: 0, changed: [], uploaded: true, notices: [] };
// The service reads only the preview; the rest of a pending join is the setup's own (lib/sync/setup.ts).
const pendingJoin = { preview: { added: 2, combined: 1, kept: 3, devices: ['Laptop'] } } as unknown as PendingJoin;

function recordFor(engine: SyncRecord['engine']): SyncRecord {
  return {
    v: 1,
    syncKey: new Uint8Array(32),
    syncId: 's',
    device: 'k3m4n5p6q7r8s9t2u3v4w5x6y7',
    deviceName: 'Chrome on Linux',
    engine,
    slots: [],
    generation: 1,
    written: {},
    seen: {},
    replica: { device: 'k3m4n5p6q7r8s9t2u3v4w5x6y7', hlc: { l: 0, c: 0 }, state: { v: 1, devices: {}, accounts: {} } },
    digests: {},
  };
}

/** The other parts as fakes that record their calls; the vault's sync port in memory. */
async function setup(options: { granted?: boolean; record?: SyncRecord } = {}) {
  const { session, port } = await memoryVault('sync-handlers', MASTER);
  let record = options.record;
  const listeners = new Set<() => void>();
  const syncVault = async (): Promise<SyncVault> => {
    const vault = await session.require();
    return {
      syncRecord: () => record,
      accounts: () => vault.accounts(),
      updateSync: async (fn) => {
        record = fn(record, vault.accounts()).record;
        return record;
      },
      onLocalChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
  };
  const folder = {} as SyncFolder;
  const calls: string[] = [];
  const parts: EngineParts = {
    runRound: vi.fn(async () => {
      calls.push('round');
      return report;
    }),
    probe: vi.fn(async () => ({ kind: 'empty' as const })),
    startSync: vi.fn(async (_deps, input, vault) => {
      calls.push('start');
      await vault.updateSync(() => ({ record: recordFor(input.engine) }));
      return report;
    }),
    prepareJoin: vi.fn(async (_deps, input) => {
      calls.push('prepare');
      if (input.remotePassword !== 'laptop pw') throw new SyncError('wrong-password', 'wrong');
      return pendingJoin;
    }),
    commitJoin: vi.fn(async (_deps, _pending, vault) => {
      calls.push('commit');
      await vault.updateSync(() => ({ record: recordFor(webdav) }));
      return report;
    }),
    leaveSync: vi.fn(async (_deps, vault) => {
      calls.push('leave');
      await vault.updateSync(() => ({ record: undefined }));
    }),
    deviceFileCodec: {} as EngineParts['deviceFileCodec'],
    syncKeyring: {} as EngineParts['syncKeyring'],
    webDavFolder: vi.fn(() => folder),
    normaliseFolderUrl: vi.fn((typed: string) => (typed.endsWith('/') ? typed : `${typed}/`)),
    hasOrigin: vi.fn(async () => options.granted ?? true),
    storageSyncParts: vi.fn(() => {
      throw new Error('not in these tests');
    }),
  };
  const alarm = { start: vi.fn(), stop: vi.fn() };
  const service = await SyncService.create({
    session,
    sessionStore: port,
    syncVault,
    parts,
    nextRetry: () => 30_000,
    fx: { ...fx, random01: () => 0.5 },
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    alarm,
    suggestedName: async () => 'Firefox on Windows',
  });
  session.onLock(async () => service.locked());
  const handlers = syncHandlers(service);
  return { session, service, handlers, parts, calls, alarm, listeners, record: () => record };
}

const startReq = (masterPassword: string) =>
  ({ type: 'sync-start', engine: webdav, masterPassword, deviceName: 'Chrome on Linux' }) as const;
const previewReq = (masterPassword: string, remotePassword = 'laptop pw') =>
  ({
    type: 'sync-join-preview',
    engine: webdav,
    masterPassword,
    remotePassword,
    deviceName: 'Chrome on Linux',
  }) as const;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sync handlers', () => {
  it('every sync message is accepted from extension pages only, by the protocol’s sender check', () => {
    const samples = {
      'sync-status': { type: 'sync-status' },
      'sync-probe': { type: 'sync-probe', engine: webdav },
      'sync-start': startReq('pw'),
      'sync-join-preview': previewReq('pw'),
      'sync-join': { type: 'sync-join' },
      'sync-now': { type: 'sync-now' },
      'sync-off': { type: 'sync-off', removeFiles: false },
    };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(syncRequests).sort());
    for (const raw of Object.values(samples)) {
      expect(acceptRequest(raw, page, ID, ORIGIN).from).toBe('extension-page');
      for (const sender of [content, offerFrame])
        expect(() => acceptRequest(raw, sender, ID, ORIGIN), raw.type).toThrow(
          expect.objectContaining({ code: 'forbidden' }),
        );
    }
  });

  it('with sync off: the status suggests a device name, and nothing runs and no alarm is made', async () => {
    const { handlers, service, calls, alarm } = await setup();
    await service.unlocked();
    await settle();
    const { status } = await handlers['sync-status']({ type: 'sync-status' }, page);
    expect(status).toMatchObject({ phase: 'off', deviceName: 'Firefox on Windows' });
    await handlers['sync-now']({ type: 'sync-now' }, page);
    await service.alarm();
    await settle();
    expect(calls).toEqual([]);
    expect(alarm.start).not.toHaveBeenCalled();
  });

  it('sync-start confirms the master password first; wrong ones are throttled like vault-confirm-password', async () => {
    const { handlers, calls } = await setup();
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      await expect(handlers['sync-start'](startReq(`guess ${i}`), page)).rejects.toMatchObject({
        code: 'wrong-password',
      });
    await expect(handlers['sync-start'](startReq(MASTER), page)).rejects.toMatchObject({ code: 'throttled' });
    expect(calls).toEqual([]);
  });

  it('sync-start with the right password turns sync on: the record, the alarm, then rounds on changes', async () => {
    const { handlers, calls, alarm, listeners, record, parts } = await setup();
    await expect(handlers['sync-start'](startReq(MASTER), page)).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['start']);
    // The typed URL is normalised before anything uses it.
    expect(record()?.engine).toMatchObject({ url: 'https://dav.example.org/files/' });
    expect(parts.hasOrigin).toHaveBeenCalledWith('https://dav.example.org/files/');
    expect(alarm.start).toHaveBeenCalled();
    const { status } = await handlers['sync-now']({ type: 'sync-now' }, page);
    expect(calls).toEqual(['start', 'round']);
    expect(status).toMatchObject({ phase: 'synced', engine: 'webdav', url: 'https://dav.example.org/files/' });
    expect(listeners.size).toBe(1);
  });

  it('refuses a WebDAV folder whose origin the browser has not granted, before building any transport', async () => {
    const { handlers, parts, calls } = await setup({ granted: false });
    await expect(handlers['sync-probe']({ type: 'sync-probe', engine: webdav }, page)).rejects.toMatchObject({
      code: 'no-permission',
    });
    await expect(handlers['sync-start'](startReq(MASTER), page)).rejects.toMatchObject({ code: 'no-permission' });
    expect(parts.webDavFolder).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('sync-join without a preview is refused; a preview is used once', async () => {
    const { handlers, calls } = await setup();
    await expect(handlers['sync-join']({ type: 'sync-join' }, page)).rejects.toMatchObject({ code: 'no-preview' });
    const { preview } = await handlers['sync-join-preview'](previewReq(MASTER), page);
    expect(preview).toEqual(pendingJoin.preview);
    await expect(handlers['sync-join']({ type: 'sync-join' }, page)).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['prepare', 'commit']);
    await expect(handlers['sync-join']({ type: 'sync-join' }, page)).rejects.toMatchObject({ code: 'no-preview' });
  });

  it('a lock drops the preview: joining after it is refused', async () => {
    const { handlers, session, calls } = await setup();
    await handlers['sync-join-preview'](previewReq(MASTER), page);
    await session.lock();
    await session.unlock(MASTER);
    await expect(handlers['sync-join']({ type: 'sync-join' }, page)).rejects.toMatchObject({ code: 'no-preview' });
    expect(calls).toEqual(['prepare']);
  });

  it('sync-join-preview: the master password first; wrong remote passwords are throttled even with the right master password each time', async () => {
    const { handlers, calls } = await setup();
    await expect(handlers['sync-join-preview'](previewReq('guess'), page)).rejects.toMatchObject({
      code: 'wrong-password',
    });
    expect(calls).toEqual([]);
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      await expect(handlers['sync-join-preview'](previewReq(MASTER, `remote ${i}`), page)).rejects.toMatchObject({
        code: 'wrong-password',
      });
    await expect(handlers['sync-join-preview'](previewReq(MASTER), page)).rejects.toMatchObject({ code: 'throttled' });
    // Refused before the slots are tried again.
    expect(calls.filter((c) => c === 'prepare')).toHaveLength(FREE_ATTEMPTS);
  });

  it('sync-off leaves, stops the rounds and the alarm; works without the host permission when no file is removed', async () => {
    const { handlers, calls, alarm, listeners, parts } = await setup({ record: recordFor(webdav) });
    vi.mocked(parts.hasOrigin).mockResolvedValue(false);
    await expect(handlers['sync-off']({ type: 'sync-off', removeFiles: true }, page)).rejects.toMatchObject({
      code: 'no-permission',
    });
    await expect(handlers['sync-off']({ type: 'sync-off', removeFiles: false }, page)).resolves.toEqual({ ok: true });
    expect(calls).toEqual(['leave']);
    expect(alarm.stop).toHaveBeenCalled();
    for (const l of listeners) l();
    await handlers['sync-now']({ type: 'sync-now' }, page);
    const { status } = await handlers['sync-status']({ type: 'sync-status' }, page);
    expect(status.phase).toBe('off');
    expect(calls).toEqual(['leave']);
  });

  it('while locked: waiting for unlock, and nothing runs', async () => {
    const { handlers, service, session, calls } = await setup({ record: recordFor(webdav) });
    await service.unlocked();
    await settle();
    expect(calls).toEqual(['round']);
    await session.lock();
    const { status } = await handlers['sync-now']({ type: 'sync-now' }, page);
    await service.alarm();
    expect(status.phase).toBe('waiting-unlock');
    expect(calls).toEqual(['round']);
  });
});
