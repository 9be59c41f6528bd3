import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { EXTENSION_ORIGIN, type FirefoxExtension, launchFirefox, send, until } from './firefox';
import { clickOfferFirefox } from './site-flow';

/*
 * "Unlock Twofold" from the page in Firefox ESR (MV2 build), as tests/e2e/unlock-from-page.e2e.ts does it in Chromium:
 * the vault locked, a real click on the test site's inline offer, its "Unlock Twofold", the password in the window that
 * opens; the window closes itself and the field that asked gets the one matching account's code, which the site
 * accepts (it checks codes with `otpauth`).
 */
const PASSWORD = 'correct horse battery';
let site: Site;
let ff: FirefoxExtension;

beforeAll(async () => {
  [site, ff] = await Promise.all([startSite(), launchFirefox()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([ff?.close(), site?.close()]);
});

/**
 * The unlock window: the popup page without a hash or query. The install's first-run tab was sent on to the same
 * address (tests/e2e/firefox.ts), so that tab is not it.
 */
async function unlockWindow(): Promise<Page | undefined> {
  for (const page of await ff.browser.pages()) {
    if (page === ff.welcome) continue;
    const href = await page.evaluate(() => location.href).catch(() => '');
    if (href === `${EXTENSION_ORIGIN}/popup.html`) return page;
  }
  return undefined;
}

describe('"Unlock Twofold" from the inline menu in Firefox ESR (issue 15, finding 11)', () => {
  it('closes the unlock window and fills the field when exactly one account of this site matches', async () => {
    const { welcome } = ff;
    await welcome.waitForSelector('#new-password');
    await welcome.type('#new-password', PASSWORD);
    await welcome.type('#confirm-password', PASSWORD);
    await welcome.click('#setup button[type=submit]');
    await welcome.waitForSelector('#add', { timeout: 30_000 });
    await send(welcome, {
      type: 'account-add',
      draft: {
        uri: `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`,
      },
      sites: [site.origin],
    });
    await send(welcome, { type: 'vault-lock' });

    const tab = await ff.browser.newPage();
    await tab.goto(`${site.origin}/login?variant=plain`);
    await tab.type('input[name=username]', DEFAULT_USER.username);
    await tab.type('input[name=password]', DEFAULT_USER.password);
    await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
    await tab.waitForSelector('#code');
    await tab.bringToFront();
    // Locked: the menu's only entry is "Unlock Twofold", focused when the menu opens.
    await clickOfferFirefox(tab);
    await tab.keyboard.press('Enter');

    const win = await until('the unlock window', unlockWindow);
    await win.waitForSelector('#password');
    await win.type('#password', PASSWORD);
    await win.click('#unlock button[type=submit]');
    await until('the unlock window to close', async () => ((await unlockWindow()) ? undefined : true));

    const code = await until('the code in the field', async () => {
      const value = await tab.$eval('#code', (el) => (el as HTMLInputElement).value);
      return /^\d{6}$/.test(value) ? value : undefined;
    });
    expect(code).toMatch(/^\d{6}$/);
    await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
    expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'plain' });
  }, 120_000);
});
