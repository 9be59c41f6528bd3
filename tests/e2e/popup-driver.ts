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
  const live = browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
  return live ?? browser.context.waitForEvent('serviceworker');
}

/** Stops the extension's service worker as Chrome does when it is idle (CDP ServiceWorker domain). */
export async function stopServiceWorker(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
