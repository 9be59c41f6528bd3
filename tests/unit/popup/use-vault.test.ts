// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../../lib/vault/view';
import { VIEW_DEFAULTS } from './account-view';

/** The background as the popup reaches it: unlocked, with one account, until something locks it. */
const background = vi.hoisted(() => ({
  state: 'unlocked' as 'unlocked' | 'locked',
  /** The vault's list as the background holds it (the popup must show this, in the vault's order). */
  accounts: [] as AccountView[],
  /** Whether a lock request fails (storage refused to drop the key, say). */
  lockFails: false,
  /** Whether the list read fails (the background could not answer it) while other requests succeed. */
  listFails: false,
  /** When set, the list read takes its answer now and delivers it only once this promise settles. */
  listHeld: undefined as Promise<void> | undefined,
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
      if (req.type === 'accounts-list') {
        if (background.listFails) throw new RequestError('internal', 'the list could not be read');
        const answer = { accounts: background.accounts };
        await background.listHeld;
        return answer;
      }
      if (req.type === 'hotp-next') return { code: '123456', counter: 1 };
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
  ...VIEW_DEFAULTS,
  sites: ['github.com'],
};

let seen: ReturnType<typeof useVault> | undefined;
const staleLists: unknown[] = [];
function Probe() {
  seen = useVault((e) => staleLists.push(e));
  return null;
}

const root = document.createElement('div');
afterEach(() => render(null, root));
beforeEach(() => {
  background.state = 'unlocked';
  background.accounts = [ACCOUNT];
  background.lockFails = false;
  background.listFails = false;
  background.listHeld = undefined;
  background.sent = [];
  staleLists.length = 0;
});

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 0)));
  expect(check()).toBe(true);
}

/**
 * An unlocked popup that has asked to reload its list, with the background's answer held back: `land` delivers
 * it and waits for the reload to finish.
 */
async function unlockedWithListHeld() {
  await act(() => render(h(Probe, {}), root));
  await until(() => seen?.phase === 'unlocked');
  let deliver = () => {};
  background.listHeld = new Promise<void>((r) => {
    deliver = r;
  });
  let reloading: Promise<void> | undefined;
  await act(() => {
    reloading = seen?.reload();
  });
  const land = () =>
    act(async () => {
      deliver();
      await reloading;
    });
  return { land };
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

describe('the popup after review of issue 16 (fixpop)', () => {
  it('answers a change that happened even when the list cannot be read again, and says the list is stale', async () => {
    await act(() => render(h(Probe, {}), root));
    await until(() => seen?.phase === 'unlocked');
    background.listFails = true;

    let reply: unknown;
    let failure: unknown;
    await act(async () => {
      await seen?.change({ type: 'hotp-next', id: 'a1' }).then(
        (r) => {
          reply = r;
        },
        (e: unknown) => {
          failure = e;
        },
      );
    });

    // The code was used up on the background: the popup must show it, not a failure.
    expect(failure).toBeUndefined();
    expect(reply).toEqual({ code: '123456', counter: 1 });
    expect(background.sent.slice(-2)).toEqual(['hotp-next', 'accounts-list']);
    // The list keeps its last confirmed state, and the failed re-read is told on its own.
    expect(seen?.accounts?.map((a) => a.id)).toEqual(['a1']);
    expect(seen?.phase).toBe('unlocked');
    expect((staleLists[0] as { code?: string } | undefined)?.code).toBe('internal');
  });

  it('never refills the list of a locked popup with a list answer sent before the lock', async () => {
    // A reload whose answer the background has already taken (while still unlocked) ...
    const { land } = await unlockedWithListHeld();
    // ... then the popup locks, and only afterwards does that answer land.
    await act(() => seen?.lock());
    expect(seen?.phase).toBe('locked');
    await land();

    expect(seen?.phase).toBe('locked');
    expect(seen?.accounts).toBeUndefined();
  });

  it('never refills the list when the background locks on its own while a list answer is on its way', async () => {
    const { land } = await unlockedWithListHeld();
    background.state = 'locked';
    await act(() => removal.get(SESSION_KEY)?.());
    await land();

    expect(seen?.phase).toBe('locked');
    expect(seen?.accounts).toBeUndefined();
  });
});
