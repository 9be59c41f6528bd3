/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { passwordStep } from './site-flow';

let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

/** Badge text the extension set on the tab showing `page` (read inside the service worker). */
async function badgeFor(page: Page): Promise<string> {
  await page.bringToFront();
  return browser.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return chrome.action.getBadgeText({ tabId: tab?.id as number });
  });
}

describe('the built extension in Chromium', () => {
  it('loads: its MV3 service worker runs and the manifest asks for minimal permissions', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    // clipboardWrite and offscreen: clearing a copied code after the popup closed (docs/permissions.md).
    expect([...(manifest.permissions ?? [])].sort()).toEqual([
      'activeTab',
      'alarms',
      'clipboardWrite',
      'contextMenus',
      'offscreen',
      'storage',
    ]);
    expect(manifest.host_permissions ?? []).toEqual([]);
  });

  it('has a Firefox build beside it, with the same content script and permissions (no offscreen documents there)', () => {
    const chrome = JSON.parse(readFileSync('.output/chrome-mv3/manifest.json', 'utf8'));
    const firefox = JSON.parse(readFileSync('.output/firefox-mv2/manifest.json', 'utf8'));
    expect(firefox.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(firefox.permissions).toEqual(chrome.permissions.filter((p: string) => p !== 'offscreen'));
    expect(firefox.content_scripts).toEqual(chrome.content_scripts);
    expect(firefox.browser_action.default_popup).toBe(chrome.action.default_popup);
  });

  it('renders the popup: a first run asks for a master password', async () => {
    const popup = await browser.openExtensionPage('popup.html');
    await popup.locator('#setup').waitFor();
    await expect(popup.locator('h1').first().textContent()).resolves.toBe('Twofold');
    await expect(popup.locator('label[for="new-password"]').textContent()).resolves.toContain('Master password');
    await popup.close();
  });

  it('runs its content script on the test site: the code step is noticed, the password step is not', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/login?variant=autocomplete`);
    await page.waitForLoadState('load');
    // Give the content script (document_idle) its chance to run before asserting it stayed quiet.
    await page.waitForTimeout(300);
    expect(await badgeFor(page)).toBe('');

    await passwordStep(page, site.origin, 'autocomplete');
    await expect.poll(() => badgeFor(page), { timeout: 5000 }).toBe('•');
    await page.close();
  });

  it('notices a code field a single-page app renders late', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'late');
    await expect.poll(() => badgeFor(page), { timeout: 5000 }).toBe('•');
    await page.close();
  });
});
