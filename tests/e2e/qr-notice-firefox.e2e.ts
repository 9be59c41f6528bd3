import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { type Site, startSite } from '../site/server';
import { extensionPage, type FirefoxExtension, launchFirefox } from './firefox';

/*
 * The QR notice in Firefox ESR (docs/qr-notice.md): on the test site's enrolment page the page finds the QR code
 * itself (no capture, no host permission), the popup's first action is "Add the QR code on this page", and it adds
 * the account. The rest (inline entry, canvas and SVG codes) is covered in Chromium (qr-notice.e2e.ts).
 */
const PASSWORD = 'correct horse battery';
let site: Site;
let ff: FirefoxExtension;

beforeAll(async () => {
  [site, ff] = await Promise.all([startSite(), launchFirefox()]);
});
afterAll(async () => {
  await Promise.all([ff?.close(), site?.close()]);
});

const text = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el.textContent ?? '').trim()).catch(() => undefined);

describe('the QR notice in Firefox ESR', () => {
  it('shows the labelled button on the enrolment page, and the button adds the account', async () => {
    const setup = ff.welcome;
    await setup.waitForSelector('#new-password');
    await setup.type('#new-password', PASSWORD);
    await setup.type('#confirm-password', PASSWORD);
    await setup.click('#setup button[type=submit]');
    await setup.waitForSelector('#add', { timeout: 30_000 });

    const page = await ff.browser.newPage();
    await page.goto(`${site.origin}/signup`);
    await page.type('input[name=username]', 'fiona');
    await page.type('input[name=password]', 'correct horse');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('img[alt="QR code"]');
    await page.bringToFront();

    const tabId = await setup.evaluate(async () => {
      const { browser } = globalThis as unknown as { browser: WebExt };
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
    const popup = await extensionPage(ff.browser, `popup.html?tab=${tabId}`);
    await popup.waitForSelector('#page-qr-add', { timeout: 15_000 });
    expect(await text(popup, '#page-qr-add')).toBe('Add the QR code on this page');
    expect(await text(popup, '#page-qr-label')).toBe('Twofold Test Site: fiona');

    await popup.click('#page-qr-add');
    await popup.waitForSelector('#scan-accounts', { timeout: 30_000 });
    expect(await text(popup, 'li.scan-account .scan-title')).toBe('Twofold Test Site');
    await popup.click('#scan-confirm');
    await popup.waitForSelector('#first-codes .code-digits');
    expect(await popup.$eval('#first-codes .code-digits', (el) => el.getAttribute('data-code'))).toMatch(/^\d{6}$/);
  });
});
