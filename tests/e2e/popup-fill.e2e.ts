/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../site/server';
import type { ExtensionBrowser } from './browser';
import { addByUri, currentWorker, openPopupForTab, row } from './popup-driver';
import { closeBoth, launchWithVault, testSiteAccount } from './setup';
import { OFFER_FRAME, passwordStep } from './site-flow';

/*
 * The popup shows a "Fill" action on the accounts of exactly the site of the active tab
 * when that tab has a code field. The click fills that field through a one-time grant (the content script gets the
 * code only in exchange for it, as with an inline pick) and closes the popup. The site checks the code itself
 * (otpauth), so an accepted sign-in is the proof.
 */
let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  [browser, site] = await launchWithVault(async (popup, site) => {
    await testSiteAccount(popup, site);
    await addByUri(
      popup,
      'otpauth://totp/Elsewhere:alice?secret=JBSWY3DPEHPK3PXP&issuer=Elsewhere',
      'elsewhere.example',
    );
  });
});
afterAll(() => closeBoth(browser, site));

/** The tab showing `page` (brought to the front: without the tabs permission a tab's URL cannot be queried). */
async function tabIdOf(page: Page): Promise<number> {
  await page.bringToFront();
  const worker = await currentWorker(browser);
  return worker.evaluate(async () => (await chrome.tabs.query({ active: true, windowType: 'normal' }))[0]?.id ?? -1);
}

describe('the popup\'s "Fill" action (issue 15)', () => {
  it('fills the code field of the tab with the account of this site, closes, and the site accepts the code', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'autocomplete');
    await page.locator(OFFER_FRAME).first().waitFor({ state: 'attached', timeout: 10_000 });
    const popup = await openPopupForTab(browser, await tabIdOf(page));
    const fill = row(popup, 'Twofold Test Site').locator('button.fill');
    await fill.waitFor({ timeout: 10_000 });
    // Only the account of exactly this site gets the action.
    await expect(row(popup, 'Elsewhere').locator('button.fill').count()).resolves.toBe(0);
    const closed = popup.waitForEvent('close', { timeout: 10_000 });
    await fill.click();
    await closed;
    await expect.poll(() => page.locator('#otp').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/welcome/, { timeout: 10_000 });
    expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'autocomplete' });
    await page.close();
  });

  it('shows no "Fill" action while the code field is hidden in the page (its offer parked), and again once shown', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'pane-tabs');
    await page.click('#reveal');
    await page.locator(OFFER_FRAME).first().waitFor({ state: 'visible', timeout: 10_000 });
    // The "Security key" tab hides the code field (still in the page): its offer is parked.
    await page.click('#tab-key');
    await page.locator(OFFER_FRAME).first().waitFor({ state: 'hidden', timeout: 10_000 });
    const hidden = await openPopupForTab(browser, await tabIdOf(page));
    await row(hidden, 'Twofold Test Site').waitFor();
    await expect.poll(() => hidden.locator('#tab-status').textContent(), { timeout: 10_000 }).not.toBe('');
    await expect(hidden.locator('button.fill').count()).resolves.toBe(0);
    await hidden.close();
    await page.click('#reveal');
    await page.locator(OFFER_FRAME).first().waitFor({ state: 'visible', timeout: 10_000 });
    const shown = await openPopupForTab(browser, await tabIdOf(page));
    await row(shown, 'Twofold Test Site').locator('button.fill').waitFor({ timeout: 10_000 });
    await shown.close();
    await page.close();
  });

  it('shows no "Fill" action when the tab has no code field', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/login?variant=autocomplete`);
    const popup = await openPopupForTab(browser, await tabIdOf(page));
    await row(popup, 'Twofold Test Site').waitFor();
    // The tab's status line is the popup's answer about the tab: wait for it before counting.
    await expect.poll(() => popup.locator('#tab-status').textContent(), { timeout: 10_000 }).not.toBe('');
    await expect(popup.locator('button.fill').count()).resolves.toBe(0);
    await popup.close();
    await page.close();
  });
});
