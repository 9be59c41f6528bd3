import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { readLocale } from '../../scripts/locales';
import { type Site, startSite } from '../site/server';
import { extensionPage, type FirefoxExtension, launchFirefox, sleep, until, withCaptureGrant } from './firefox';

/*
 * Twofold in Firefox ESR: the Firefox build, installed over WebDriver BiDi, sets up its vault in the tab
 * it opens on install, enrols an account by capturing the real test site's enrolment page, and fills the code on
 * the site's sign-in, which the site checks with the independent `otpauth` library. Hardware-key features are
 * absent (Firefox has no WebHID). See tests/e2e/firefox.ts for what stands in for the toolbar gesture.
 */
const PASSWORD = 'correct horse battery';
let site: Site;
let ff: FirefoxExtension;
let grant: ReturnType<typeof withCaptureGrant>;

beforeAll(async () => {
  grant = withCaptureGrant();
  [site, ff] = await Promise.all([startSite(), launchFirefox(grant.dir)]);
});
afterAll(async () => {
  await Promise.all([ff?.close(), site?.close()]);
  grant?.remove();
});

const text = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el.textContent ?? '').trim()).catch(() => undefined);

/**
 * Opens the popup in a window of its own for the tab in front (as the background does for a shortcut,
 * `popup.html?tab=ID`), asking the extension through its welcome tab. Returns the popup and the tab's id.
 */
async function popupForActiveTab(ext: FirefoxExtension): Promise<{ popup: Page; tabId: number }> {
  const tabId = await ext.welcome.evaluate(async () => {
    const { browser } = globalThis as unknown as { browser: WebExt };
    // Without a host permission URLs are hidden; the page in front of the normal window is the one.
    const [tab] = await browser.tabs.query({ active: true, windowType: 'normal', lastFocusedWindow: true });
    const id = tab?.id ?? -1;
    await browser.windows.create({
      url: browser.runtime.getURL(`popup.html?tab=${id}`),
      type: 'popup',
      width: 380,
      height: 620,
    });
    return id;
  });
  return { popup: await extensionPage(ext.browser, `popup.html?tab=${tabId}`), tabId };
}

/** Sets the master password in the setup view, as a user types it, and waits for the account list. */
async function createVault(page: Page): Promise<void> {
  await page.waitForSelector('#new-password');
  await page.type('#new-password', PASSWORD);
  await page.type('#confirm-password', PASSWORD);
  await page.click('#setup button[type=submit]');
  await page.waitForSelector('#add', { timeout: 30_000 });
}

describe('Firefox ESR', () => {
  it('opens its setup on install and creates the vault', async () => {
    const page = ff.welcome;
    await createVault(page);
    expect(await text(page, '#accounts-empty, .empty')).toBeTruthy();
  });

  it('hides hardware-key features: Firefox has no WebHID', async () => {
    const page = ff.welcome;
    expect(await page.$('#keys')).toBeNull();
    await page.click('#settings');
    // Settings has loaded once its backup entry shows; the hardware-keys entry sits beside it in Chromium.
    await page.waitForSelector('#open-backup');
    expect(await page.$('#open-keys')).toBeNull();
    const keysPage = await page.evaluate(async () => {
      const { browser } = globalThis as unknown as { browser: WebExt };
      const tab = await browser.tabs.create({ url: browser.runtime.getURL('keys.html'), active: false });
      return tab.id;
    });
    const keys = await extensionPage(ff.browser, 'keys.html');
    // The keys page, if reached at all, says why instead of offering to connect a key.
    await keys.waitForSelector('#keys-unavailable');
    expect(await keys.$('#keys-connect')).toBeNull();
    await keys.close();
    expect(keysPage).toBeGreaterThan(0);
  });

  it('enrols by capturing the site’s QR code, tests the first code, and the site turns two-factor on', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${site.origin}/signup`);
    await page.type('input[name=username]', 'gina');
    await page.type('input[name=password]', 'correct horse');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('img[alt="QR code"]');
    await page.bringToFront();

    const { popup, tabId } = await popupForActiveTab(ff);
    expect(tabId).toBeGreaterThan(0);
    await popup.waitForSelector('#scan');
    await popup.click('#scan');
    await popup.waitForSelector('#scan-accounts', { timeout: 30_000 });
    expect(await text(popup, '#scan-headline')).toBe('Found 1 account.');
    expect(await text(popup, 'li.scan-account .scan-name')).toBe('gina');
    await popup.click('#scan-confirm');
    await popup.waitForSelector('#first-codes .code-digits');
    const code = await popup.$eval('#first-codes .code-digits', (el) => el.getAttribute('data-code'));
    expect(code).toMatch(/^\d{6}$/);

    await page.bringToFront();
    await page.type('#enrol-code', code as string);
    await Promise.all([page.waitForSelector('#enrolled'), page.click('form[action="/enrol"] button[type=submit]')]);
    const state = await (await fetch(`${site.origin}/__test/state?username=gina`)).json();
    expect(state.enabled).toBe(true);
    await popup.close();
    await page.close();
  });

  it('fills the code on the site’s sign-in from the inline offer, and the site accepts it', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${site.origin}/login?variant=plain`);
    await page.type('input[name=username]', 'gina');
    await page.type('input[name=password]', 'correct horse');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('#code');
    // The offer is an extension page in an iframe; a pick counts once the frame has been still for a moment.
    const host = await until('the inline offer', async () => {
      const el = await page.$('iframe[src*="/offer-frame.html#"]');
      const box = await el?.boundingBox();
      return box && box.width > 0 ? box : undefined;
    });
    await sleep(800);
    await page.mouse.click(host.x + host.width - 13, host.y + 13);
    await sleep(1200);
    await page.keyboard.press('Enter');
    const filled = await until('the filled code', async () => {
      const v = await page.$eval('#code', (el) => (el as HTMLInputElement).value);
      return /^\d{6}$/.test(v) ? v : undefined;
    });
    expect(filled).toMatch(/^\d{6}$/);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await text(page, '#welcome')).toBe('Signed in as gina');
  });
});

describe('Firefox ESR, the build as shipped', () => {
  it('refuses to capture a tab without the user’s gesture, and says how to give it', async () => {
    const plain = await launchFirefox();
    try {
      const setup = plain.welcome;
      await createVault(setup);
      const page = await plain.browser.newPage();
      await page.goto(`${site.origin}/`);
      await page.bringToFront();
      const { popup } = await popupForActiveTab(plain);
      await popup.waitForSelector('#scan');
      await popup.click('#scan');
      const said = await until('the refusal', () => text(popup, '[role=alert], #scan-headline'));
      expect(said).toBe(readLocale(process.cwd(), 'en').messages.core_capture_no_access);
    } finally {
      await plain.close();
    }
  });
});
