import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { vaultHandlers } from '../../../entrypoints/background/handlers/vault';
import { acceptRequest } from '../../../lib/messaging/protocol';
import type { SenderInfo } from '../../../lib/messaging/sender';
import { FREE_ATTEMPTS } from '../../../lib/vault/reauth';
import { memoryVault } from '../vault/memory-session';

const MASTER = 'correct horse';
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const page: SenderInfo = { id: ID, url: `${ORIGIN}/options.html` };
const content: SenderInfo = { id: ID, url: 'https://example.com/login', tabId: 7, frameId: 0 };
const offerFrame: SenderInfo = { id: ID, url: `${ORIGIN}/offer-frame.html`, tabId: 7, frameId: 3 };

async function setup() {
  const { store, session } = await memoryVault('vault-password', MASTER);
  return { store, session, handlers: vaultHandlers(session) };
}

const confirm = (password: string) => ({ type: 'vault-confirm-password', password }) as const;

describe('vault-confirm-password (review of issue 19, fix 2)', () => {
  it('accepts the master password and changes nothing', async () => {
    const { store, handlers } = await setup();
    const before = await store.readHeader();
    await expect(handlers['vault-confirm-password'](confirm(MASTER), page)).resolves.toEqual({ ok: true });
    expect(await store.readHeader()).toEqual(before);
  });

  it('refuses a wrong password, and after the free attempts even the right one is throttled', async () => {
    const { handlers } = await setup();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await expect(handlers['vault-confirm-password'](confirm(`guess ${i}`), page)).rejects.toMatchObject({
        code: 'wrong-password',
      });
    }
    await expect(handlers['vault-confirm-password'](confirm(MASTER), page)).rejects.toMatchObject({
      code: 'throttled',
    });
  });

  it('refuses while locked', async () => {
    const { session, handlers } = await setup();
    await session.lock();
    await expect(handlers['vault-confirm-password'](confirm(MASTER), page)).rejects.toMatchObject({ code: 'locked' });
  });

  it('is accepted from extension pages only', () => {
    const raw = confirm('pw');
    expect(acceptRequest(raw, page, ID, ORIGIN).from).toBe('extension-page');
    for (const sender of [content, offerFrame]) {
      expect(() => acceptRequest(raw, sender, ID, ORIGIN)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
  });
});

describe('vault-change-password is throttled like the export confirmation (review of issue 19, fix 1)', () => {
  it('VaultSession.changePassword: after the free wrong attempts even the right password is throttled, and nothing changes', async () => {
    const { store, session } = await setup();
    const before = await store.readHeader();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await expect(session.changePassword(`guess ${i}`, 'next password')).rejects.toMatchObject({
        code: 'wrong-password',
      });
    }
    await expect(session.changePassword(MASTER, 'next password')).rejects.toMatchObject({ code: 'throttled' });
    expect(await store.readHeader()).toEqual(before);
  });

  it('the handler goes through the same throttle, shared with the confirmation', async () => {
    const { session, handlers } = await setup();
    const change = (current: string) =>
      handlers['vault-change-password']({ type: 'vault-change-password', current, next: 'next password' }, page);
    // Guesses spread over the confirmation and the change count together: neither is a way round the other.
    await expect(handlers['vault-confirm-password'](confirm('guess a'), page)).rejects.toMatchObject({
      code: 'wrong-password',
    });
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      await expect(change(`guess ${i}`)).rejects.toMatchObject({ code: 'wrong-password' });
    }
    await expect(change(MASTER)).rejects.toMatchObject({ code: 'throttled' });
    await session.lock();
    await expect(session.unlock('next password')).rejects.toMatchObject({ code: 'wrong-password' });
    await session.unlock(MASTER);
  });

  it('the right password within the free attempts changes it', async () => {
    const { session, handlers } = await setup();
    await handlers['vault-change-password'](
      { type: 'vault-change-password', current: MASTER, next: 'next password' },
      page,
    );
    await session.lock();
    await session.unlock('next password');
    expect(await session.state()).toBe('unlocked');
  });
});
