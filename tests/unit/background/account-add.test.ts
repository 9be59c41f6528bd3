import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

// The handlers' browser adapters (badge, windows) are replaced; everything else is the real code.
vi.mock('webextension-polyfill', () => import('./quiet-browser'));

const { allHandlers, memoryStore, vaultSession } = await import('./harness');

const page = { id: 'x', url: 'chrome-extension://x/popup.html' };

async function setup() {
  const store = memoryStore();
  const session = await vaultSession('add', store);
  const h = allHandlers({ session, store });
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
