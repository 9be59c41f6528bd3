// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

const opened: string[] = [];
const ceremonies: unknown[] = [];
const sent: unknown[] = [];
// The tab the toolbar popup was opened over (platform/tabs.ts activeTabId): the key window must act on it.
vi.mock('../../../platform/tabs', () => ({ activeTabId: async () => 42 }));
vi.mock('../../../platform/windows', () => ({ openExtensionWindow: async (path: string) => void opened.push(path) }));
vi.mock('../../../platform/runtime-messaging', () => ({
  sendRequest: async (req: { type: string }) => {
    sent.push(req);
    if (req.type === 'vault-prf-credentials')
      return { credentials: [{ slotId: 's', credentialId: 'AQ', prfSalt: 'AA', label: 'Key' }] };
    return {};
  },
}));
vi.mock('../../../platform/webauthn', () => ({
  prfAvailability: () => 'available',
  getPrfOutput: async (list: unknown, use: (a: { credentialId: string; prfOutput: string }) => Promise<unknown>) => {
    ceremonies.push(list);
    return use({ credentialId: 'AQ', prfOutput: 'out' });
  },
}));
const { keyUnlockFor, KEY_WINDOW_HASH } = await import('../../../entrypoints/popup/key-unlock');

afterEach(() => {
  opened.length = 0;
  ceremonies.length = 0;
  sent.length = 0;
  vi.restoreAllMocks();
});

describe('the unlock screen’s key button, per page (README "Unlock with a passkey or security key")', () => {
  it('in the toolbar popup opens popup.html as a window for the touch, for the popup’s tab, and closes itself, asking nothing here', async () => {
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    const after = vi.fn(async () => {});
    const keys = keyUnlockFor(after, { toolbarPopup: true });
    expect(keys.opensWindow).toBe(true);
    await keys.unlock();
    // The window fills, scans and shows the status of the tab the popup was opened for, not its own tab.
    expect(opened).toEqual([`popup.html?tab=42${KEY_WINDOW_HASH}`]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(ceremonies).toEqual([]);
    expect(after).not.toHaveBeenCalled();
  });

  it('in a tab or window asks for the touch here, sends the answer, then shows the vault', async () => {
    const after = vi.fn(async () => {});
    const keys = keyUnlockFor(after);
    await expect(keys.count()).resolves.toBe(1);
    await keys.unlock();
    expect(opened).toEqual([]);
    expect(ceremonies).toEqual([[{ credentialId: 'AQ', prfSalt: 'AA' }]]);
    expect(sent).toContainEqual({ type: 'vault-unlock-prf', credentialId: 'AQ', prfOutput: 'out' });
    expect(after).toHaveBeenCalledTimes(1);
  });
});
