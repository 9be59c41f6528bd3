// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../../lib/vault/view';

/** The background as the popup reaches it: unlocked, with one account, until something locks it. */
const background = vi.hoisted(() => ({ state: 'unlocked' as 'unlocked' | 'locked' }));
/** What the popup listens for: the background's removal of a storage.session key (platform/session-events.ts). */
const removal = vi.hoisted(() => new Map<string, () => void>());

vi.mock('../../../platform/runtime-messaging', async () => {
  const { RequestError } = await import('../../../lib/messaging/reply');
  return {
    RequestError,
    sendRequest: async (req: { type: string }) => {
      if (req.type === 'vault-state') return { state: background.state, unreadable: [] };
      if (background.state !== 'unlocked') throw new RequestError('locked', 'locked');
      if (req.type === 'accounts-list') return { accounts: [ACCOUNT] };
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
