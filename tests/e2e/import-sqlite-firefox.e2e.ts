import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { extensionPage, type FirefoxExtension, launchFirefox, until } from './firefox';

/*
 * docs/import-formats.md "App databases" in Firefox (MV2): the import worker locates and compiles the shipped
 * sql-wasm.wasm under the extension's policy there too, and a Stratum database reaches the review.
 */
const PASSWORD = 'correct horse battery';
const FIXTURE = join(import.meta.dirname, '../fixtures/import/stratum-db/authenticator.db3');

let ff: FirefoxExtension;
let options: Page;

beforeAll(async () => {
  ff = await launchFirefox();
  const page = ff.welcome;
  await page.waitForSelector('#new-password');
  await page.type('#new-password', PASSWORD);
  await page.type('#confirm-password', PASSWORD);
  await page.click('#setup button[type=submit]');
  await page.waitForSelector('#add', { timeout: 30_000 });
  // WebDriver BiDi may not navigate a tab to an extension page; the extension's own page may.
  await page.evaluate(() => (globalThis as unknown as { browser: WebExt }).browser.runtime.openOptionsPage());
  options = await extensionPage(ff.browser, 'options.html');
  await options.waitForSelector('#import-form');
});
afterAll(async () => {
  await ff?.close();
});

describe('Firefox: app databases', () => {
  it('reads a Stratum database with sql.js in the import worker', async () => {
    const input = (await options.waitForSelector('#import-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(FIXTURE);
    await options.waitForSelector('#import-read');
    expect(await options.$eval('#import-format', (e) => e.textContent ?? '')).toContain('Stratum');
    await options.click('#import-read');
    const rows = await until(
      'the review of the database’s accounts',
      async () => {
        const n = await options.$$eval('li.scan-account', (list) => list.length);
        return n > 0 ? n : undefined;
      },
      30_000,
    );
    expect(rows).toBe(6);
    expect(await options.$eval('#import-problems', (e) => e.textContent ?? '')).toContain('mOTP');
  });
});
