/// <reference types="chrome" />
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../site/server';
import type { ExtensionBrowser } from './browser';
import { openPopup, openPopupForTab, pressToolbarButton } from './popup-driver';
import { closeBoth, launchWithVault } from './setup';
import { clickOffer, offerDocument } from './site-flow';

/*
 * Re-enrolment replaces, never duplicates (docs/enrolment.md). A person enrols on the test site by scanning
 * its QR code, later resets two-factor there (a new key) and scans again. Before, Twofold added a second
 * account with the same issuer and name and no warning, and the inline menu showed two identical entries, one
 * of them dead. Now the review offers "Replace the key of …" by default; after it the list and the inline
 * menu hold one account, whose code the site (checking with `otpauth`) accepts, and the old key is listed
 * under "Previous keys" in Edit.
 */
let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  [browser, site] = await launchWithVault(async () => {});
});
afterAll(() => closeBoth(browser, site));

async function state(username: string): Promise<{ enabled: boolean; secret: string; activeSecret: string | null }> {
  return (await fetch(`${site.origin}/__test/state?username=${username}`)).json();
}

/** Scans the enrolment page in `page` from the popup and saves what the review proposes by default. */
async function scanAndConfirm(page: Page, check?: (popup: Page) => Promise<void>): Promise<string> {
  const tabId = await pressToolbarButton(browser, page);
  const popup = await openPopupForTab(browser, tabId);
  await popup.click('#scan');
  await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
  await check?.(popup);
  await popup.click('#scan-confirm');
  const code = await popup.locator('#first-codes .code-digits').first().getAttribute('data-code');
  await popup.close().catch(() => {});
  expect(code).toMatch(/^\d{6}$/);
  return code as string;
}

/** Types the first code into the enrolment form; the site turns the (new) key on. */
async function enable(page: Page, code: string): Promise<void> {
  await page.bringToFront();
  await page.fill('#enrol-code', code);
  await Promise.all([page.waitForSelector('#enrolled'), page.click('form[action="/enrol"] button[type=submit]')]);
}

describe('re-enrolment (a 2FA reset on the site)', () => {
  it('replaces the key of the stored account: one account, one menu entry, and its code is accepted', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/signup`);
    await page.fill('input[name=username]', 'rita');
    await page.fill('input[name=password]', 'correct horse');
    await Promise.all([page.waitForURL(/\/enrol/), page.click('button[type=submit]')]);
    await page.locator('img[alt="QR code"]').waitFor();
    await enable(page, await scanAndConfirm(page));
    const first = await state('rita');
    expect(first.enabled).toBe(true);

    // The reset: from the welcome page, a new key.
    await page.goto(`${site.origin}/welcome`);
    await Promise.all([page.waitForURL(/\/enrol/), page.click('#reset-2fa')]);
    await page.locator('#reset-note').waitFor();
    const pending = await state('rita');
    expect(pending.secret).not.toBe(first.activeSecret);

    const code = await scanAndConfirm(page, async (popup) => {
      const item = popup.locator('li.scan-account').first();
      expect(await item.getAttribute('data-status')).toBe('renewed');
      expect(await item.locator('.scan-renew legend').textContent()).toBe(
        'Twofold has Twofold Test Site (rita) with the same name but another key: the site probably set up two-factor authentication again.',
      );
      // Replacing is the default choice, "Keep both" the alternative.
      expect(await item.locator('input.renew-replace').isChecked()).toBe(true);
      expect((await item.locator('label:has(input.renew-replace)').textContent())?.trim()).toBe(
        'Replace the key of Twofold Test Site (rita) (keeps its sites, notes and recovery codes)',
      );
      expect(await item.locator('input.renew-both').isChecked()).toBe(false);
    });
    await enable(page, code);
    expect((await state('rita')).activeSecret).toBe(pending.secret);

    // One account in the list, with the old key under "Previous keys" in Edit.
    const list = await openPopup(browser);
    const rows = list.locator('li.account', { hasText: 'Twofold Test Site' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await rows.first().locator('button.edit').click();
    await list.locator('#previous-keys').waitFor();
    expect(await list.locator('#previous-key-list li').count()).toBe(1);
    expect(await list.locator('#previous-key-list button.restore-key').textContent()).toBe('Restore');
    await list.close();

    // Sign in again: the inline menu offers the account once, and its code (the new key's) is accepted.
    await page.goto(`${site.origin}/logout`).catch(() => {});
    await browser.context.clearCookies();
    await page.goto(`${site.origin}/login?variant=plain`);
    await page.fill('input[name=username]', 'rita');
    await page.fill('input[name=password]', 'correct horse');
    await Promise.all([page.waitForURL(/\/2fa/), page.click('button[type=submit]')]);
    await clickOffer(page);
    const menu = await offerDocument(page);
    expect(await menu.locator('.item').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.inputValue('#code'), { timeout: 5000 }).toMatch(/^\d{6}$/);
    const before = site.events.length;
    await Promise.all([page.waitForURL(/\/welcome/), page.click('button[type=submit]')]);
    expect(await page.locator('#welcome').textContent()).toBe('Signed in as rita');
    expect(site.events.slice(before).map((e) => e.type)).toEqual(['otp-ok']);
    await page.close();

    // "Restore" in Edit swaps the replaced key back in; the key it replaces is listed in its place.
    const popup = await openPopup(browser);
    const account = popup.locator('li.account', { hasText: 'Twofold Test Site' });
    await account.locator('button.edit').click();
    await popup.locator('#previous-key-list button.restore-key').click();
    expect(await popup.locator('#toast').textContent()).toBe('Previous key of Twofold Test Site restored');
    const shown = await account.locator('button.code').getAttribute('data-code');
    const around = (secret: string) =>
      [-30_000, 0, 30_000].map((d) =>
        TOTP.generate({
          secret: Secret.fromBase32(secret),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          timestamp: Date.now() + d,
        }),
      );
    expect(around(first.activeSecret as string)).toContain(shown);
    expect(around(pending.secret)).not.toContain(shown);
    expect(await popup.locator('li.account', { hasText: 'Twofold Test Site' }).count()).toBe(1);
    await account.locator('button.edit').click();
    expect(await popup.locator('#previous-key-list li').count()).toBe(1);
    await popup.close();
  });
});
