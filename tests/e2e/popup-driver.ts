/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';

export const PASSWORD = 'correct horse battery';

/** Opens the popup page in a tab, optionally with a pinned clock (installed before any script runs). */
export async function openPopup(browser: ExtensionBrowser, at?: Date): Promise<Page> {
  const page = await browser.context.newPage();
  if (at) await page.clock.setFixedTime(at);
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return page;
}

export async function createVault(popup: Page, password = PASSWORD): Promise<void> {
  await popup.fill('#new-password', password);
  await popup.fill('#confirm-password', password);
  await popup.click('#setup button[type=submit]');
  await popup.locator('#add').waitFor({ timeout: 20_000 });
}

export async function unlock(popup: Page, password = PASSWORD): Promise<void> {
  await popup.fill('#password', password);
  await popup.click('#unlock button[type=submit]');
}

export async function addByUri(popup: Page, uri: string, sites?: string): Promise<void> {
  await popup.click('#add');
  await popup.fill('#add-uri', uri);
  if (sites) await popup.fill('#add-sites', sites);
  await popup.click('#add-form button[type=submit]');
  await popup.locator('#accounts').waitFor();
}

export function row(popup: Page, issuer: string) {
  return popup.locator('li.account', { has: popup.locator('.issuer', { hasText: issuer }) });
}

/** The service worker now running (a stopped one is replaced on the next event). */
export async function currentWorker(browser: ExtensionBrowser) {
  const live = browser.context
    .serviceWorkers()
    .find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
  return live ?? browser.context.waitForEvent('serviceworker');
}

/** Stops the extension's service worker as Chrome does when it is idle (CDP ServiceWorker domain). */
export async function stopServiceWorker(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/**
 * Presses Twofold's toolbar button on `page`'s tab, as a user would (CDP Extensions.triggerAction): it
 * opens the popup and grants activeTab for that tab, which capture needs. Returns the tab's id.
 */
export async function pressToolbarButton(browser: ExtensionBrowser, page: Page): Promise<number> {
  await page.bringToFront();
  const cdp = await browser.context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('No browser CDP session');
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`No tab target for ${page.url()}`);
    await cdp.send('Extensions.triggerAction' as never, { id: browser.extensionId, targetId: tab.targetId } as never);
  } finally {
    await cdp.detach();
  }
  const worker = await currentWorker(browser);
  return worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, windowType: 'normal' });
    return tab?.id ?? -1;
  });
}

/**
 * Opens the popup UI for a tab in a window of its own (`popup.html?tab=ID`, as the background does for
 * a shortcut), so Playwright can drive it while the tab stays the one showing in its window.
 */
export async function openPopupForTab(browser: ExtensionBrowser, tabId: number, hash = ''): Promise<Page> {
  const worker = await currentWorker(browser);
  const [page] = await Promise.all([
    browser.context.waitForEvent('page', (p) => p.url().includes('/popup.html')),
    worker.evaluate(
      ({ tabId, hash }) =>
        chrome.windows.create({
          url: chrome.runtime.getURL(`popup.html?tab=${tabId}${hash}`),
          type: 'popup',
          width: 380,
          height: 620,
        }),
      { tabId, hash },
    ),
  ]);
  await page.waitForLoadState();
  return page;
}
