import { describe, expect, it } from 'vitest';
import type { Text } from '../../../lib/i18n/text';
import { defaultDeviceName } from '../../../lib/sync/device-name';
import type { SyncErrorCode } from '../../../lib/sync/errors';
import type { SyncRecord } from '../../../lib/sync/record';
import type { SchedulerMemory } from '../../../lib/sync/scheduler';
import { failureMessage, statusView } from '../../../lib/sync/status';
import en from '../../../locales/en/syncservice.json';

// Every code of lib/sync/errors.ts; the `satisfies` below fails to compile when a code is added without a line here.
const CODES = {
  'malformed-state': 1,
  'malformed-file': 1,
  'newer-version': 1,
  'too-large': 1,
  tampered: 1,
  'wrong-password': 1,
  'other-sync': 1,
  offline: 1,
  timeout: 1,
  auth: 1,
  forbidden: 1,
  'not-found': 1,
  'folder-missing': 1,
  conflict: 1,
  precondition: 1,
  locked: 1,
  server: 1,
  full: 1,
  'rate-limited': 1,
  'bad-response': 1,
  'origin-refused': 1,
  'no-permission': 1,
} satisfies Record<SyncErrorCode, 1>;

const keyOf = (m: Text | string) => (typeof m === 'string' ? m : m.key);
const memory = (patch: Partial<SchedulerMemory> = {}): SchedulerMemory => ({
  engine: 'webdav',
  waiting: 0,
  failures: 0,
  notices: [],
  ...patch,
});

const ME = 'k3m4n5p6q7r8s9t2u3v4w5x6y7';
const LAPTOP = 'a2b3c4d5e6f7g2h3i4j5k6l7m2';
const GONE = 'z2y3x4w5v6u7t2s3r4q5p6o7n2';
const record = {
  v: 1,
  syncKey: new Uint8Array(32),
  syncId: 'sync-id',
  device: ME,
  deviceName: 'Chrome on Linux',
  engine: { kind: 'webdav', url: 'https://dav.example.org/files/', user: 'alice', password: 'server secret' },
  slots: [],
  generation: 3,
  written: { a: 3 },
  seen: {},
  replica: {
    device: ME,
    hlc: { l: 0, c: 0 },
    state: {
      v: 1,
      accounts: {},
      devices: {
        [LAPTOP]: { name: ['Laptop', '1.0.a2b3c4d5'] },
        [ME]: { name: ['Chrome on Linux', '1.0.k3m4n5p6'] },
        [GONE]: { name: ['Old PC', '1.0.z2y3x4w5'], left: '2.0.z2y3x4w5' },
      },
    },
  },
  digests: {},
  lastSyncAt: 1_800_000_000_000,
} satisfies SyncRecord;

describe('sync failure messages (docs/sync-format.md "Failures")', () => {
  it('each SyncError code has its own message, none the generic one, and each says something different', () => {
    const keys = new Map<string, string>();
    for (const code of Object.keys(CODES) as SyncErrorCode[]) {
      const message = failureMessage({ code, message: 'x', status: 503 }, 3, 'webdav', 'https://dav.example.org/');
      const key = keyOf(message);
      expect(key, code).not.toBe('syncservice_failed');
      expect(key, code).not.toBe('syncservice_retrying');
      expect(en, code).toHaveProperty(key);
      expect(keys.get(key), `${code} shares ${key}`).toBeUndefined();
      keys.set(key, code);
    }
  });

  it('uses the spec’s words for the cases the issue names', () => {
    const english = (code: SyncErrorCode, status?: number) =>
      (failureMessage({ code, message: '', status }, 3, 'webdav', 'https://dav.example.org/x/') as Text).english;
    expect(english('auth')).toBe(
      'The server refused the user name or password (changed on the server?). Enter it again in Settings → Sync.',
    );
    expect(english('server', 503)).toBe('The server had a problem (503).');
    expect(english('full')).toBe('The server is out of space (507). Nothing was lost; free space there.');
    expect(english('precondition')).toBe("The server refused to store Twofold's file (412).");
    expect(english('folder-missing')).toBe('The folder https://dav.example.org/x/ does not exist on the server.');
  });

  it('names 412, 409 and 423 only after three tries (a passing proxy or lock)', () => {
    for (const code of ['precondition', 'conflict', 'locked'] as const) {
      expect(keyOf(failureMessage({ code, message: '' }, 1, 'webdav', undefined))).toBe('syncservice_retrying');
      expect(keyOf(failureMessage({ code, message: '' }, 3, 'webdav', undefined))).not.toBe('syncservice_retrying');
    }
  });

  it('says browser sync is full differently from a full server', () => {
    const webdav = failureMessage({ code: 'full', message: '' }, 1, 'webdav', undefined);
    const browser = failureMessage({ code: 'full', message: '' }, 1, 'storage-sync', undefined);
    expect(keyOf(webdav)).not.toBe(keyOf(browser));
    expect((browser as Text).english).toMatch(/WebDAV/);
  });

  it('an error that is not a sync failure keeps its own words', () => {
    const m = failureMessage({ code: 'record-tampered', message: 'The vault record was changed.' }, 1, 'webdav', '');
    expect(keyOf(m)).toBe('syncservice_failed');
    expect((m as Text).english).toBe('Sync failed: The vault record was changed.');
  });
});

describe('sync status view', () => {
  it('off: no engine, and the suggested device name for the form', () => {
    expect(
      statusView({ phase: 'off', memory: memory({ engine: undefined }), suggestedName: 'Firefox on Windows' }),
    ).toEqual({
      phase: 'off',
      waiting: 0,
      notices: [],
      devices: [],
      deviceName: 'Firefox on Windows',
    });
  });

  it('synced: the record’s settings without the server password, the devices that have not left, this one first', () => {
    const view = statusView({ phase: 'idle', memory: memory({ notices: [] }), record });
    expect(view).toMatchObject({
      phase: 'synced',
      engine: 'webdav',
      url: 'https://dav.example.org/files/',
      user: 'alice',
      deviceName: 'Chrome on Linux',
      lastSyncAt: 1_800_000_000_000,
      devices: [
        { name: 'Chrome on Linux', self: true },
        { name: 'Laptop', self: false },
      ],
    });
    expect(JSON.stringify(view)).not.toContain('server secret');
    expect(view.message).toBeUndefined();
  });

  it('offline for no network and for a timeout, with the changes waiting; failed for the rest', () => {
    for (const code of ['offline', 'timeout']) {
      const view = statusView({
        phase: 'idle',
        memory: memory({ waiting: 3, failures: 1, error: { code, message: '' }, retryAt: 5 }),
        record,
      });
      expect(view).toMatchObject({ phase: 'offline', waiting: 3, retryAt: 5 });
      expect(view.message).toBeDefined();
    }
    const failed = statusView({
      phase: 'idle',
      memory: memory({ failures: 1, error: { code: 'auth', message: '' } }),
      record,
    });
    expect(failed.phase).toBe('failed');
    expect(keyOf(failed.message as Text)).toBe('syncservice_auth');
  });

  it('waiting for unlock and syncing show no failure message', () => {
    const error = { code: 'server', message: '', status: 500 };
    const locked = statusView({ phase: 'waiting-unlock', memory: memory({ error, failures: 1 }) });
    expect(locked.phase).toBe('waiting-unlock');
    expect(locked.message).toBeUndefined();
    const syncing = statusView({ phase: 'syncing', memory: memory({ error, failures: 1 }), record });
    expect(syncing.phase).toBe('syncing');
    expect(syncing.message).toBeUndefined();
  });

  it('carries the last round’s notices', () => {
    const notice = { key: 'syncround_x', subs: [], english: 'Laptop’s clock is 3 h ahead.' };
    expect(statusView({ phase: 'idle', memory: memory({ notices: [notice] }), record }).notices).toEqual([notice]);
  });
});

describe('default device name', () => {
  const CHROME =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
  const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
  const EDGE = `${CHROME} Edg/131.0.0.0`;
  it('names the browser and the system', () => {
    expect(defaultDeviceName(CHROME, 'linux').english).toBe('Chrome on Linux');
    expect(defaultDeviceName(FIREFOX, 'win').english).toBe('Firefox on Windows');
    expect(defaultDeviceName(EDGE, 'mac').english).toBe('Edge on macOS');
  });
  it('falls back to words for what it does not know', () => {
    expect(defaultDeviceName('Something/1.0', 'plan9').english).toBe('Browser on this computer');
  });
});
