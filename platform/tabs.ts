import browser from 'webextension-polyfill';

/** Thin adapter over the tabs API. */
export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Calls `onGone` when a tab closes or navigates to a new page, so per-tab state can be dropped. */
export function onTabReset(onGone: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => onGone(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url) onGone(tabId);
  });
}
