import { describe, expect, it } from 'vitest';
import { UnlockReturn } from '../../../entrypoints/background/unlock-return';

/*
 * The unlock windows are one list in storage.session, changed by every "Unlock Twofold" click and every unlock. Two
 * fields that ask at once (two tabs, or a click while another window's unlock lands) must each keep their window.
 */
function setup() {
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => structuredClone(data.get(k)) as never,
    set: async (k: string, v: unknown) => void data.set(k, structuredClone(v)),
    remove: async (k: string) => void data.delete(k),
  };
  const resumed: string[] = [];
  const closed: number[] = [];
  let next = 40;
  const unlockReturn = new UnlockReturn({
    store,
    offers: { frameOffer: async () => ({}), afterUnlock: async (offer) => void resumed.push(offer) },
    openWindow: async () => {
      next += 10;
      return { windowId: next, tabId: next + 1 };
    },
    focusWindow: async () => true,
    closeWindow: async (id) => void closed.push(id),
    now: () => 1_800_000_000_000,
  });
  const frame = (tabId: number) => ({ tabId, frameId: 3, url: 'chrome-extension://x/offer-frame.html' });
  const windowTab = (tabId: number) => ({ tabId, url: 'chrome-extension://x/popup.html' });
  return { unlockReturn, resumed, closed, frame, windowTab };
}

describe('unlock windows asked for at once', () => {
  it('two fields that ask at the same time each get their field served after their unlock', async () => {
    const { unlockReturn, resumed, closed, frame, windowTab } = setup();
    await Promise.all([unlockReturn.open('offer-a', frame(1)), unlockReturn.open('offer-b', frame(2))]);
    // Windows 50 (tab 51) and 60 (tab 61), in the order they were opened.
    await unlockReturn.unlocked(windowTab(51));
    await unlockReturn.unlocked(windowTab(61));
    expect(resumed.sort()).toEqual(['offer-a', 'offer-b']);
    expect(closed.sort()).toEqual([50, 60]);
  });

  it('a field that asks while another window’s unlock lands keeps its window', async () => {
    const { unlockReturn, resumed, frame, windowTab } = setup();
    await unlockReturn.open('offer-a', frame(1));
    await Promise.all([unlockReturn.unlocked(windowTab(51)), unlockReturn.open('offer-b', frame(2))]);
    await unlockReturn.unlocked(windowTab(61));
    expect(resumed).toEqual(['offer-a', 'offer-b']);
  });
});
