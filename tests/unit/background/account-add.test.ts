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
const { VaultSession } = await import('../../../lib/vault/session');
const { openIdbVaultStore } = await import('../../../platform/idb-vault-store');
const { fx, CHEAP } = await import('../vault/fixtures');
const { noCrossSite, quietOffers } = await import('./stubs');

const noKeys = { devices: async () => [], available: false, monotonic: () => 0, sleep: async () => {} };
const page = { id: 'x', url: 'chrome-extension://x/popup.html' };

async function setup() {
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const session = new VaultSession(await openIdbVaultStore(`add-${randomUUID()}`), store, fx, CHEAP);
  const h = createHandlers(
    new TabStatus(),
    session,
    new Enrolment(
      session,
      store,
      async () => [],
      async () => {},
      () => Date.now(),
    ),
    new Backups(session, fx, { N: 1024, r: 8, p: 1 }),
    new Exports(session, fx, { N: 1024, r: 8, p: 1 }),
    new HardwareKeys(session, store, noKeys, fx),
    noCrossSite,
    quietOffers(session, store).handlers(),
  );
  await session.create('pw');
  return { h, session };
}

const SECRET = 'JBSWY3DPEHPK3PXP';
const add = (draft: Record<string, unknown>) => ({ type: 'account-add' as const, draft });

describe('account-add refuses a duplicate (issue 14 finding 13)', () => {
  it('refuses a second account with the same secret, issuer and name, however it is typed', async () => {
    const { h, session } = await setup();
    await h['account-add'](add({ secret: SECRET, issuer: 'GitHub', account: 'alice' }), page);
    const twice = [
      add({ secret: SECRET, issuer: 'GitHub', account: 'alice' }),
      add({ secret: 'jbsw y3dp ehpk 3pxp', issuer: ' GitHub ', account: 'alice' }),
      add({ uri: `otpauth://totp/GitHub:alice?secret=${SECRET}&issuer=GitHub` }),
    ];
    for (const req of twice) {
      await expect(h['account-add'](req, page)).rejects.toMatchObject({
        name: 'VaultError',
        code: 'duplicate',
        message: 'GitHub (alice) is already in Twofold with this key; edit it instead of adding it twice.',
      });
    }
    expect((await session.require()).accounts()).toHaveLength(1);
  });

  it('refuses two quick adds of the same key: only one is stored', async () => {
    const { h, session } = await setup();
    const req = add({ secret: SECRET, issuer: 'GitHub', account: 'alice' });
    const results = await Promise.allSettled([h['account-add'](req, page), h['account-add'](req, page)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await session.require()).accounts()).toHaveLength(1);
  });

  it('still adds the same key under another name, and another key under the same name', async () => {
    const { h, session } = await setup();
    await h['account-add'](add({ secret: SECRET, issuer: 'GitHub', account: 'alice' }), page);
    await h['account-add'](add({ secret: SECRET, issuer: 'GitHub', account: 'alice-work' }), page);
    await h['account-add'](add({ secret: 'GEZDGNBVGY3TQOJQ', issuer: 'GitHub', account: 'alice' }), page);
    expect((await session.require()).accounts()).toHaveLength(3);
  });
});
