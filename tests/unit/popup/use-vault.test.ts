// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../../lib/vault/view';

/** The background as the popup reaches it: unlocked, with one account, until something locks it. */
const background = vi.hoisted(() => ({
  state: 'unlocked' as 'unlocked' | 'locked',
  /** The vault's list as the background holds it (the popup must show this, in the vault's order). */
  accounts: [] as AccountView[],
  /** Whether a lock request fails (storage refused to drop the key, say). */
  lockFails: false,
  sent: [] as string[],
}));
/** What the popup listens for: the background's removal of a storage.session key (platform/session-events.ts). */
const removal = vi.hoisted(() => new Map<string, () => void>());

vi.mock('../../../platform/runtime-messaging', async () => {
  const { RequestError } = await import('../../../lib/messaging/reply');
  return {
    RequestError,
    sendRequest: async (req: { type: string; id?: string }) => {
      background.sent.push(req.type);
      if (req.type === 'vault-state') return { state: background.state, unreadable: [] };
      if (background.state !== 'unlocked') throw new RequestError('locked', 'locked');
      if (req.type === 'accounts-list') return { accounts: background.accounts };
      if (req.type === 'vault-lock') {
        if (background.lockFails) throw new RequestError('internal', 'the key could not be dropped');
        background.state = 'locked';
        return {};
      }
      if (req.type === 'account-delete') {
        background.accounts = background.accounts.filter((a) => a.id !== req.id);
        return {};
      }
      return {};
    },
  };
});
vi.mock('../../../platform/session-events', () => ({
  onSessionKeyRemoved: (key: string, gone: () => void) => {
    removal.set(key, gone);
    return () => removal.delete(key);
  },
}));

const { SESSION_KEY } = await import('../../../lib/vault/session-key');
const { useVault } = await import('../../../entrypoints/popup/use-vault');

const ACCOUNT: AccountView = {
  id: 'a1',
  kind: 'totp',
  issuer: 'GitHub',
  account: 'alice',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  secret: 'JBSWY3DPEHPK3PXP',
  sites: ['github.com'],
  notes: '',
  recoveryCodes: [],
  pinned: false,
  order: 0,
  createdAt: 0,
  updatedAt: 0,
};

let seen: ReturnType<typeof useVault> | undefined;
function Probe() {
  seen = useVault();
  return null;
}

const root = document.createElement('div');
afterEach(() => render(null, root));
beforeEach(() => {
  background.state = 'unlocked';
  background.accounts = [ACCOUNT];
  background.lockFails = false;
  background.sent = [];
});

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 0)));
  expect(check()).toBe(true);
}

describe('the popup on a lock it did not ask for (review finding 9)', () => {
  it('drops its accounts and shows the unlock screen the moment the background drops the vault key', async () => {
    await act(() => render(h(Probe, {}), root));
    await until(() => seen?.phase === 'unlocked');
    expect(seen?.accounts?.map((a) => a.id)).toEqual(['a1']);

    // Auto-lock (or the options page, or another popup window) locks: the popup sends nothing meanwhile.
    background.state = 'locked';
    const gone = removal.get(SESSION_KEY);
    expect(gone).toBeDefined();
    await act(() => gone?.());

    expect(seen?.phase).toBe('locked');
    expect(seen?.accounts).toBeUndefined();
  });
});

describe('the popup shows only what the background confirmed (issue 16)', () => {
  it('stays unlocked, with its accounts, when the lock request fails, and says why', async () => {
    background.lockFails = true;
    await act(() => render(h(Probe, {}), root));
    await until(() => seen?.phase === 'unlocked');

    let failure: unknown;
    await act(async () => {
      await seen?.lock().catch((e: unknown) => {
        failure = e;
      });
    });

    expect((failure as { code?: string } | undefined)?.code).toBe('internal');
    expect(seen?.phase).toBe('unlocked');
    expect(seen?.accounts?.map((a) => a.id)).toEqual(['a1']);
  });

  it('shows "locked" once the lock request answered ok', async () => {
    await act(() => render(h(Probe, {}), root));
    await until(() => seen?.phase === 'unlocked');
    await act(() => seen?.lock());
    expect(background.sent).toContain('vault-lock');
    expect(seen?.phase).toBe('locked');
    expect(seen?.accounts).toBeUndefined();
  });

  it('re-reads the list after a change and shows it in the vault order (lib/vault/account-order.ts)', async () => {
    const older = { ...ACCOUNT, id: 'old', order: 1, createdAt: 1 };
    const newer = { ...ACCOUNT, id: 'new', order: 1, createdAt: 2 };
    const pinned = { ...ACCOUNT, id: 'pin', order: 5, pinned: true };
    await act(() => render(h(Probe, {}), root));
    await until(() => seen?.phase === 'unlocked');
    // The background's answer, deliberately out of order: the popup sorts with the vault's comparator.
    background.accounts = [newer, ACCOUNT, older, pinned];
    await act(() => seen?.reload());
    expect(seen?.accounts?.map((a) => a.id)).toEqual(['pin', 'a1', 'old', 'new']);

    await act(async () => {
      await seen?.change({ type: 'account-delete', id: 'old' });
    });
    expect(background.sent.slice(-2)).toEqual(['account-delete', 'accounts-list']);
    expect(seen?.accounts?.map((a) => a.id)).toEqual(['pin', 'a1', 'new']);
  });
});
