import browser from 'webextension-polyfill';

/**
 * Thin adapter over the tabs API: the active tab of the current window, unless it shows one of Twofold's own pages
 * (the first-run tab, the options page): there is no site there to fill or scan, and the popup must not report on
 * its own page as if it were one. The browser gives the URL of the extension's own pages.
 */
export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.url?.startsWith(browser.runtime.getURL('/'))) return undefined;
  return tab?.id;
}

/**
 * Calls `onGone` when a tab closes or starts loading a page (a new URL, a reload or a form post back
 * to the same URL), so per-tab state about the old page is dropped. `url`: the page it loads, when the
 * browser tells (it may not: the tab's URL is given only for sites Twofold may access).
 */
export function onTabReset(onGone: (tabId: number, closed: boolean, url?: string) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => onGone(tabId, true));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === 'loading') onGone(tabId, false, change.url ?? tab.url);
  });
}

/**
 * True when this extension page is the toolbar popup: `tabs.getCurrent()` answers no tab there (MDN
 * "tabs.getCurrent": undefined in a popup or a background page), and a tab or a window opened by Twofold otherwise.
 */
export async function inToolbarPopup(): Promise<boolean> {
  return (await browser.tabs.getCurrent().catch(() => undefined)) === undefined;
}
