/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, openPopup, openPopupForTab, pressToolbarButton, row } from './popup-driver';
import { desktopTabAt } from './setup';
import { clickOffer } from './site-flow';

/*
 * Enrolment end to end (docs/enrolment.md): the real extension captures the real test site's enrolment page
 * with captureVisibleTab (activeTab granted by pressing the toolbar button), decodes it with the
 * shipped zxing-wasm in the service worker, the user confirms, types the first code, and the site
 * (checking with the independent `otpauth` library) turns two-factor on. Then a later sign-in is
 * filled from the new account and accepted.
 */
let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
  const popup = await openPopup(browser);
  await createVault(popup);
  await popup.close();
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

async function state(username: string): Promise<{ enabled: boolean; secret: string; activeSecret: string | null }> {
  return (await fetch(`${site.origin}/__test/state?username=${username}`)).json();
}

/** Signs up a user without 2FA and lands on the enrolment page with its QR code. */
async function enrolmentPage(username: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}/signup`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'correct horse');
  await Promise.all([page.waitForURL(/\/enrol/), page.click('button[type=submit]')]);
  await page.locator('img[alt="QR code"]').waitFor();
  return page;
}

describe('enrolment by scanning the page', () => {
  it('scans, confirms, tests the first code, the site enables 2FA, and a later sign-in is filled', async () => {
    const page = await enrolmentPage('erin');
    const tabId = await pressToolbarButton(browser, page);
    const popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');

    await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await popup.locator('#scan-headline').textContent()).toBe('Found 1 account.');
    const item = popup.locator('li.scan-account').first();
    expect(await item.locator('.scan-title').textContent()).toBe('Twofold Test Site');
    expect(await item.locator('.scan-name').textContent()).toBe('erin');
    expect(await item.locator('.scan-summary').textContent()).toBe('TOTP · SHA1 · 6 digits · every 30 s');
    // The site is the origin of the tab: plain http on a port is kept, so nothing else gets the code.
    expect(await item.locator('input.scan-sites').inputValue()).toBe(site.origin);
    await popup.click('#scan-confirm');

    // The test step: the live code, which the user types into the site before 2FA is on.
    const code = await popup.locator('#first-codes .code-digits').getAttribute('data-code');
    expect(code).toMatch(/^\d{6}$/);
    expect((await state('erin')).enabled).toBe(false);
    await page.bringToFront();
    await page.fill('#enrol-code', code as string);
    await Promise.all([page.waitForSelector('#enrolled'), page.click('form[action="/enrol"] button[type=submit]')]);
    const enrolled = await state('erin');
    expect(enrolled.enabled).toBe(true);

    // The stored account holds exactly the site's key: the popup shows the same code the site expects.
    await popup.click('#first-code-done');
    await popup.close().catch(() => {});
    const list = await openPopup(browser);
    await row(list, 'Twofold Test Site').waitFor();
    await list.close();

    // Later: sign in again; the inline offer fills the code from the new account and the site accepts it.
    await page.goto(`${site.origin}/logout`).catch(() => {});
    await browser.context.clearCookies();
    await page.goto(`${site.origin}/login?variant=plain`);
    await page.fill('input[name=username]', 'erin');
    await page.fill('input[name=password]', 'correct horse');
    await Promise.all([page.waitForURL(/\/2fa/), page.click('button[type=submit]')]);
    await clickOffer(page);
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.inputValue('#code'), { timeout: 5000 }).toMatch(/^\d{6}$/);
    await Promise.all([page.waitForURL(/\/welcome/), page.click('button[type=submit]')]);
    expect(await page.locator('#welcome').textContent()).toBe('Signed in as erin');
    await page.close();
  });

  it('offers an existing key as already stored instead of adding it twice', async () => {
    const page = await enrolmentPage('frank');
    const tabId = await pressToolbarButton(browser, page);
    let popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    await popup.click('#scan-confirm');
    await popup.locator('#first-codes').waitFor();
    await popup.close();

    // The same page (same key) scanned again: nothing new to save.
    popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await popup.locator('li.scan-account').getAttribute('data-status')).toBe('same');
    expect(await popup.locator('li.scan-account .scan-match').textContent()).toContain(
      'Already in Twofold as Twofold Test Site (frank)',
    );
    expect(await popup.locator('#scan-confirm').isDisabled()).toBe(true);
    await popup.close();
    await page.close();
  });

  it('says what a QR code holds when it is not a two-factor code, and offers a region selection when none is found', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/`);
    await page.setContent(
      `<h1>Get the app</h1><img alt="app" width="200" height="200" src="${await (await import('qrcode')).toDataURL('https://apps.example.com/get', { width: 200 })}">`,
    );
    let tabId = await pressToolbarButton(browser, page);
    let popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    await popup.locator('#scan-headline').waitFor({ timeout: 20_000 });
    expect(await popup.locator('#scan-headline').textContent()).toBe(
      'The QR code here is not a two-factor code: it holds a web link: https://apps.example.com/get.',
    );
    await popup.close();

    await page.setContent('<h1>Nothing to scan</h1>');
    tabId = await pressToolbarButton(browser, page);
    popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    await popup.locator('#scan-headline').waitFor({ timeout: 20_000 });
    expect(await popup.locator('#scan-headline').textContent()).toBe(
      'No QR code was found on the visible part of this page.',
    );
    expect(await popup.locator('#select-region').isVisible()).toBe(true);
    await popup.close();
    await page.close();
  });

  it('explains that browser pages cannot be scanned', async () => {
    const page = await browser.context.newPage();
    await page.goto('chrome://version');
    await page.bringToFront();
    const worker = await browser.context.serviceWorkers()[0];
    const tabId = await (worker as NonNullable<typeof worker>).evaluate(
      async () => (await chrome.tabs.query({ active: true, windowType: 'normal' }))[0]?.id ?? -1,
    );
    const popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    const error = popup.locator('#scan-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toMatch(/cannot be scanned|only right after you ask/);
    await popup.close();
    await page.close();
  });
});

describe('region selection', () => {
  it('finds a code too small for the whole-page scan in the box the user drags over a modal dialog, and shows it in a window', async () => {
    const page = await desktopTabAt(browser, site);
    const uri =
      'otpauth://totp/Tiny%20Corp:gina?secret=MZXW6YTBOI4DEMJQGEZTINJWG44DSMBR&issuer=Tiny%20Corp&algorithm=SHA1&digits=6&period=30';
    const { toDataURL } = await import('qrcode');
    // 400 pixels drawn at 56 (about 1.2 screen pixels per module): too small to read in a 1280-pixel capture,
    // but the picture under the box is read at its own resolution.
    const src = await toDataURL(uri, { width: 400, margin: 1 });
    // Inside a modal dialog, as many sites show enrolment: the rest of the page is inert and below it.
    await page.setContent(
      `<h1>Set up 2FA</h1><dialog id="d"><p>Scan:</p><img id="qr" alt="QR" src="${src}" style="width:56px;height:auto;margin:40px"></dialog>`,
    );
    await page.evaluate(() => (document.getElementById('d') as HTMLDialogElement).showModal());
    const tabId = await pressToolbarButton(browser, page);
    const popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    await popup.locator('#scan-headline').waitFor({ timeout: 20_000 });
    expect(await popup.locator('#scan-headline').textContent()).toBe(
      'No QR code was found on the visible part of this page.',
    );

    // "Select the QR code": the window closes, the page shows the overlay, the user drags a box.
    await Promise.all([popup.waitForEvent('close'), popup.click('#select-region')]);
    await page.bringToFront();
    await page.locator('twofold-region').waitFor({ state: 'attached' });
    const box = await page.locator('#qr').boundingBox();
    if (!box) throw new Error('no QR on the page');
    const [window] = await Promise.all([
      browser.context.waitForEvent('page', (p) => p.url().includes('popup.html') && p.url().includes('#scan')),
      (async () => {
        await page.mouse.move(box.x - 20, box.y - 20);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
        await page.mouse.move(box.x + box.width + 20, box.y + box.height + 20, { steps: 3 });
        await page.mouse.up();
      })(),
    ]);
    // The overlay is gone before the capture, so it is not in the picture.
    expect(await page.locator('twofold-region').count()).toBe(0);
    await window.locator('#scan-headline').waitFor({ timeout: 20_000 });
    expect(await window.locator('#scan-headline').textContent()).toBe('Found 1 account.');
    expect(await window.locator('li.scan-account .scan-title').textContent()).toBe('Tiny Corp');
    await window.close();
    await page.close();
  });
});

describe('adding from a picture or pasted links', () => {
  it('reads a picture file picked in the Add view', async () => {
    const { toBuffer } = await import('qrcode');
    const png = await toBuffer('otpauth://totp/Picture%20Co:hana?secret=ONSWG4TFORZWK3DMN5XW4ZLS&issuer=Picture%20Co', {
      width: 300,
    });
    const popup = await openPopup(browser);
    await popup.click('#add');
    await popup.setInputFiles('#add-picture', { name: 'qr.png', mimeType: 'image/png', buffer: png });
    await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await popup.locator('li.scan-account .scan-title').textContent()).toBe('Picture Co');
    // No page, so no site is suggested; the user may type one.
    expect(await popup.locator('li.scan-account input.scan-sites').inputValue()).toBe('');
    await popup.fill('li.scan-account input.scan-sites', 'picture.example');
    await popup.click('#scan-confirm');
    await popup.locator('#first-codes .code-digits').waitFor();
    await popup.click('#first-code-done');
    await row(popup, 'Picture Co').waitFor();
    await popup.close();
  });

  it('reads a pasted Google Authenticator export and tracks its batch', async () => {
    const { encodeMigrationUris } = await import('../../lib/otp/migration');
    const account = (n: number, issuer: string) =>
      ({
        kind: 'totp',
        secret: new Uint8Array(20).fill(n),
        issuer,
        account: `user${n}`,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      }) as const;
    const { uris } = encodeMigrationUris([account(11, 'Export A'), account(12, 'Export B'), account(13, 'Export C')], {
      batchId: 4242,
      perQr: 2,
    });
    const popup = await openPopup(browser);
    await popup.click('#add');
    await popup.fill('#add-uri', uris[0] as string);
    expect(await popup.locator('#add-batch').textContent()).toMatch(/Google Authenticator export/);
    await popup.click('#add-form button[type=submit]');
    await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await popup.locator('#scan-headline').textContent()).toBe(
      'Found 2 accounts in a Google Authenticator export.',
    );
    expect(await popup.locator('#scan-batch').textContent()).toMatch(/^1 of 2 codes scanned; still to scan: 2\./);
    await popup.click('#scan-confirm');
    await popup.locator('#first-codes li.first-code').first().waitFor();
    expect(await popup.locator('#first-codes li.first-code').count()).toBe(2);
    await popup.click('#first-code-done');
    await row(popup, 'Export B').waitFor();
    await popup.close();
  });
});
