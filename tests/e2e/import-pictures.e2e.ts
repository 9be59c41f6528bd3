import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, openPopup } from './popup-driver';

/*
 * docs/import-export.md "Pictures" and "When Twofold cannot tell the format", end to end in the options page of the
 * built extension: two pictures of one Google Authenticator transfer chosen at once import in one review, and a file
 * detection cannot place (an old andOTP backup under another name) imports once the app is chosen from the list.
 * The pictures are tests/fixtures/import/pictures (made by its make.mjs); the andOTP file is the andOTP fixture.
 */
const FIXTURES = join(__dirname, '../fixtures/import');

let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  const popup = await openPopup(browser);
  await createVault(popup);
  await popup.close();
  options = await browser.openExtensionPage('options.html');
  await options.locator('#import-form').waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe('the import panel', () => {
  it('imports two pictures of one transfer export chosen at once, in one review', async () => {
    await options.setInputFiles('#import-file', [
      join(FIXTURES, 'pictures/ga-part1-photo.png'),
      join(FIXTURES, 'pictures/ga-parts2-3.png'),
    ]);
    expect(await options.locator('#import-format').textContent()).toContain('2 pictures of QR codes');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 30_000 });
    const titles = await options.locator('li.scan-account .scan-title').allTextContents();
    expect(titles.map((t) => t.trim()).sort()).toEqual(['Example Bank', 'GitHub', 'Mail', 'VPN', 'Ünïcode'].sort());
    expect(await options.locator('#import-problems').count()).toBe(0);
  });

  it('imports a file detection cannot place once the app is chosen from the list', async () => {
    await options.reload();
    await options.locator('#import-form').waitFor();
    await options.setInputFiles('#import-file', {
      name: 'backup.bin',
      mimeType: 'application/octet-stream',
      buffer: (await import('node:fs')).readFileSync(join(FIXTURES, 'andotp/otp_accounts_old.json.aes')),
    });
    expect(await options.locator('#import-format').textContent()).toMatch(/does not recognise/);
    const choose = options.locator('#import-choose-0');
    const apps = await choose.locator('option:not([disabled])').allTextContents();
    expect(apps).toEqual([...apps].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    // A wrong choice says so, and imports nothing.
    await choose.selectOption('aegis');
    await options.locator('#import-password').fill('correct horse');
    await options.click('#import-read');
    await expect
      .poll(() => options.locator('#import-result').textContent())
      .toMatch(/could not read this file as Aegis/);
    await options.locator('#import-choose-0-search').fill('andotp');
    // The search keeps the app chosen so far (Aegis) and finds andOTP.
    expect(await choose.locator('option:not([disabled])').allTextContents()).toEqual(['Aegis', 'andOTP']);
    await choose.selectOption('andotp');
    await options.locator('#import-password').fill('correct horse');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 30_000 });
    expect(await options.locator('li.scan-account').count()).toBeGreaterThan(0);
  });
});
