import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { extensionPage, type FirefoxExtension, launchFirefox, withCaptureGrant } from './firefox';

/*
 * The clipboard clearing of docs/permissions.md in Firefox: the copied code leaves the clipboard after the time chosen
 * in Settings although the popup closed right after copying (the persistent MV2 background page clears it, with
 * clipboardWrite).
 *
 * Reading the clipboard back needs clipboardRead, which Twofold does not ask for (docs/permissions.md). So the test
 * runs a copy of the build whose manifest also asks for it (as withCaptureGrant adds `<all_urls>` for capture), and
 * reads from an extension page; the copy differs in nothing else, and Twofold's code never reads the clipboard.
 */
const PASSWORD = 'correct horse battery';
/** The clear time chosen in Settings (the shortest offered). */
const STATED_S = 10;
const STATED_MS = STATED_S * 1000;
const MARGIN_MS = 5_000;

let ff: FirefoxExtension;
let build: ReturnType<typeof withCaptureGrant>;

beforeAll(async () => {
  build = withCaptureGrant();
  const manifestPath = join(build.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { permissions: string[] };
  manifest.permissions = [...manifest.permissions, 'clipboardRead'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  ff = await launchFirefox(build.dir);
  const page = ff.welcome;
  await page.waitForSelector('#new-password');
  await page.type('#new-password', PASSWORD);
  await page.type('#confirm-password', PASSWORD);
  await page.click('#setup button[type=submit]');
  await page.waitForSelector('#add', { timeout: 30_000 });
  await page.click('#add');
  await page.type('#add-uri', 'otpauth://totp/Clip:alice?secret=JBSWY3DPEHPK3PXP&issuer=Clip');
  await page.click('#add-form button[type=submit]');
  await page.waitForSelector('#accounts');
  // Settings → "Clear copied codes after": the person's choice is what the toast states and the clear keeps to.
  await page.click('#settings');
  await page.waitForSelector('#clipboard-clear:enabled');
  await page.select('#clipboard-clear', String(STATED_S));
  // Saved before going on: the form saves on change and says so.
  await page.waitForSelector('#settings-status.success');
  await page.click('#back');
});
afterAll(async () => {
  await ff?.close();
  build?.remove();
});

/** The clipboard's text, read from the welcome tab (an extension page of the test build, which has clipboardRead). */
const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('Firefox: the copied code leaves the clipboard after the stated time (issue 15, finding 9)', () => {
  it('clears the clipboard after the chosen time even though the popup closed right after copying', async () => {
    // The popup as a window of its own (the toolbar button cannot be pressed over WebDriver).
    await ff.welcome.evaluate(async () => {
      const { browser } = globalThis as unknown as { browser: WebExt };
      await browser.windows.create({ url: browser.runtime.getURL('popup.html?clip'), type: 'popup' });
    });
    const popup = await extensionPage(ff.browser, 'popup.html?clip');
    const button = await popup.waitForSelector('li.account button.code');
    const copied = await button?.evaluate((el) => el.getAttribute('data-code'));
    await button?.click();
    const toast = await popup.waitForSelector('#toast');
    expect(await toast?.evaluate((el) => el.textContent)).toMatch(new RegExp(`\\b${STATED_S} s\\b`));
    // The copy reached the clipboard (else the check below would prove nothing).
    expect(await readClipboard(ff.welcome)).toBe(copied);
    await popup.close();
    await new Promise((r) => setTimeout(r, STATED_MS + MARGIN_MS));
    expect(await readClipboard(ff.welcome)).toBe('');
  }, 120_000);
});
