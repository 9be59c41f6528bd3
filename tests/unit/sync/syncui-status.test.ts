import { afterEach, describe, expect, it } from 'vitest';
import { fieldOfFailure } from '../../../components/SyncPanel';
import { statusText } from '../../../components/SyncStatusLine';
import { TwofoldError } from '../../../lib/errors';
import { setTranslator } from '../../../lib/i18n/translate';
import type { SyncStatusView } from '../../../lib/messaging/requests/sync';
import { SyncError } from '../../../lib/sync/errors';
import { VaultError } from '../../../lib/vault/errors';
import { catalogTranslator } from '../i18n/english';

const NOW = Date.UTC(2026, 11, 7, 12, 0);
const view = (patch: Partial<SyncStatusView>): SyncStatusView => ({
  phase: 'synced',
  waiting: 0,
  notices: [],
  devices: [],
  ...patch,
});

afterEach(() => setTranslator(catalogTranslator('en')));

describe('the sync status line (docs/sync-format.md "When it syncs")', () => {
  it('says how long ago the last round completed, in minutes, hours, then the date', () => {
    setTranslator(catalogTranslator('en'));
    expect(statusText(view({ lastSyncAt: NOW - 20_000 }), NOW)).toBe('Synced just now');
    expect(statusText(view({ lastSyncAt: NOW - 2 * 60_000 - 5_000 }), NOW)).toBe('Synced 2 min ago');
    expect(statusText(view({ lastSyncAt: NOW - 3 * 3_600_000 }), NOW)).toBe('Synced 3 h ago');
    expect(statusText(view({ lastSyncAt: NOW - 3 * 86_400_000 }), NOW)).toMatch(/^Synced Dec 4, 2026/);
    expect(statusText(view({}), NOW)).toBe('Not synced yet');
  });

  it('counts the changes waiting offline by the language’s plural rules, then the background’s message', () => {
    setTranslator(catalogTranslator('en'));
    expect(statusText(view({ phase: 'offline', waiting: 1 }), NOW)).toBe('Offline, 1 change waiting.');
    expect(statusText(view({ phase: 'offline', waiting: 3, message: 'The server did not answer.' }), NOW)).toBe(
      'Offline, 3 changes waiting. The server did not answer.',
    );
    expect(statusText(view({ phase: 'offline', waiting: 0 }), NOW)).toBe('Offline.');
    setTranslator(catalogTranslator('de'));
    expect(statusText(view({ phase: 'offline', waiting: 3 }), NOW)).toBe('Offline, 3 Änderungen warten.');
  });

  it('shows a failure’s own message, and the other phases by name', () => {
    setTranslator(catalogTranslator('en'));
    const message = { key: 'x', subs: [], english: 'The server is out of space (507).' };
    expect(statusText(view({ phase: 'failed', message }), NOW)).toBe('The server is out of space (507).');
    expect(statusText(view({ phase: 'syncing' }), NOW)).toBe('Syncing…');
    expect(statusText(view({ phase: 'waiting-unlock' }), NOW)).toBe('Waiting for unlock');
  });
});

describe('where the sync panel shows a refusal', () => {
  const said = (english: string) => ({ key: 'sync_x', subs: [], english });
  it('a 401 at the server password, a transport failure at the URL (WebDAV only)', () => {
    expect(fieldOfFailure(new SyncError('auth', said('refused')), 'webdav')).toBe('password');
    expect(fieldOfFailure(new SyncError('offline', said('offline')), 'webdav')).toBe('url');
    expect(fieldOfFailure(new SyncError('full', said('full')), 'storage-sync')).toBeUndefined();
    expect(fieldOfFailure(new SyncError('newer-version', said('newer')), 'webdav')).toBeUndefined();
  });

  it('a wrong password at this browser’s master password only when the vault’s own check refused it', () => {
    const vault = new VaultError('wrong-password', { key: 'core_vault_wrong_password', subs: [], english: 'Wrong' });
    expect(fieldOfFailure(vault, 'webdav')).toBe('master');
    expect(fieldOfFailure(new TwofoldError('throttled', 'Wait 4 s'), 'webdav')).toBe('master');
    expect(fieldOfFailure(new SyncError('wrong-password', said('opens none')), 'webdav')).toBe('remote');
  });
});
