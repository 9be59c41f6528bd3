import type { Page } from 'playwright-core';
import { DEFAULT_USER, type Site, startSite, type Variant } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup } from './popup-driver';
import { clickOffer, passwordStep } from './site-flow';

/*
 * The set-up most Chromium e2e files share: the browser with the built extension and the test site
 * (tests/site/README.md) started side by side, a new vault, and the accounts the file needs added through the popup.
 */

/** The test site's own account (DEFAULT_USER), as an otpauth URI whose codes the site accepts. */
export const TEST_SITE_URI = `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`;

/** Adds the test site's account, filling on the site's origin: what a file gets when it names no accounts. */
export const testSiteAccount = (popup: Page, site: Site) => addByUri(popup, TEST_SITE_URI, site.origin);

/**
 * Launches the browser and the test site, creates the vault and lets `accounts` add the file's accounts through
 * the popup (closed afterwards). Call from beforeAll; close both with closeBoth in afterAll.
 */
export async function launchWithVault(
  accounts: (popup: Page, site: Site) => Promise<unknown> = testSiteAccount,
): Promise<[ExtensionBrowser, Site]> {
  const [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
  const popup = await openPopup(browser);
  await createVault(popup);
  await accounts(popup, site);
  await popup.close();
  return [browser, site];
}

/** Closes what launchWithVault opened; either may be missing when the set-up failed part way. */
export async function closeBoth(browser: ExtensionBrowser | undefined, site: Site | undefined): Promise<void> {
  await Promise.all([browser?.close(), site?.close()]);
}

/** A new tab at the test site's second step of `variant`, signed in with the password, its offer clicked open. */
export async function offerOpenAt(browser: ExtensionBrowser, site: Site, variant: Variant): Promise<Page> {
  const page = await browser.context.newPage();
  await passwordStep(page, site.origin, variant);
  await clickOffer(page);
  return page;
}

/** A new tab the size of a desktop window (1280×720, what the region-selection tests drag in), at the site's start. */
export async function desktopTabAt(browser: ExtensionBrowser, site: Site): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${site.origin}/`);
  return page;
}
