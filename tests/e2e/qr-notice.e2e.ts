/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, currentWorker, openPopup, openPopupForTab } from './popup-driver';
import { clickOffer } from './site-flow';

/*
 * The QR notice (docs/qr-notice.md) in Chromium, on the real test site's enrolment page: the page finds the QR code
 * itself (no capture), the popup's first action is "Add the QR code on this page", the verify field's menu offers
 * "Scan the QR code on this page" first on a site with no account, and the code saved from it is accepted by the
 * site. Pages with a canvas and an inline SVG code are found too; a web-link code shows nothing; a page that does not
 * read like a setup loads no QR module.
 */
let browser: ExtensionBrowser;
let site: Site;
/** The pages that loaded the QR module (an on-demand script fetched from the extension's own URL). */
const qrModuleLoads: string[] = [];

const AXE_SOURCE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
  browser.context.on('request', (r) => {
    if (!r.url().startsWith('http') && r.url().endsWith('/page-qr.js')) {
      let at = '';
      try {
        at = r.frame().url();
      } catch {
        at = 'unknown';
      }
      qrModuleLoads.push(at);
    }
  });
  const popup = await openPopup(browser);
  await createVault(popup);
  await popup.close();
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

async function state(username: string): Promise<{ enabled: boolean }> {
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

/** The tab id of `page`, asked of the extension (the active tab of the normal window). */
async function tabIdOf(page: Page): Promise<number> {
  await page.bringToFront();
  const worker = await currentWorker(browser);
  return worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, windowType: 'normal' });
    return tab?.id ?? -1;
  });
}

/** axe's serious and critical findings on `page` in the light and the dark scheme. */
async function axeFindings(page: Page, what: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown }> } }).axe;
      // The list's initials (.avatar) belong to the list's own view and its checks (tests/e2e/a11y.e2e.ts).
      return (await axe.run({ exclude: [['.avatar']] }, { resultTypes: ['violations'] })).violations;
    })) as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
    for (const v of violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(`${what} (${colorScheme}): ${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** A page of the test site's origin whose body is `body` (served by the test, not the site). */
async function pageWith(path: string, title: string, body: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.route(`${site.origin}${path}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`,
    }),
  );
  await page.goto(`${site.origin}${path}`);
  return page;
}

const uri = (name: string) =>
  `otpauth://totp/Canvas%20Co:${name}?secret=JBSWY3DPEHPK3PXP&issuer=Canvas%20Co&algorithm=SHA1&digits=6&period=30`;

describe('the QR notice', () => {
  it('inline on a site with no account: scan first, save, then the menu fills a code the site accepts', async () => {
    const page = await enrolmentPage('quinn');
    await clickOffer(page, page);
    const inner = page.frameLocator('iframe[src*="/offer-frame.html#"]').first();
    const first = inner.locator('.menu .action').first();
    expect(await first.getAttribute('data-action')).toBe('scan-qr');
    expect(await first.textContent()).toBe('Scan the QR code on this page');

    const opened = browser.context.waitForEvent('page', (p) => p.url().includes('/popup.html'));
    await first.click();
    const review = await opened;
    await review.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    // The code the page read itself: the site's own name and the user, the site's origin as where it is used.
    expect(await review.locator('li.scan-account .scan-title').first().textContent()).toBe('Twofold Test Site');
    expect(await review.locator('#scan-0-account').inputValue()).toBe('quinn');
    expect(await review.locator('input.scan-sites').inputValue()).toBe(site.origin);
    // The names can be changed before saving (the stored account takes them).
    await review.fill('#scan-0-issuer', 'Test Site (work)');
    await review.click('#scan-confirm');
    await review.locator('#first-codes').waitFor();
    await review.close().catch(() => {});

    // The same field's menu now lists the new account; picking it fills its code, which the site accepts.
    await clickOffer(page, page);
    const item = inner.locator('.menu .item').first();
    expect(await item.textContent()).toContain('Test Site (work)');
    await item.click();
    await expect.poll(async () => page.inputValue('#enrol-code'), { timeout: 5000 }).toMatch(/^\d{6}$/);
    await Promise.all([page.waitForSelector('#enrolled'), page.click('form[action="/enrol"] button[type=submit]')]);
    expect((await state('quinn')).enabled).toBe(true);
    await page.close();
  });

  it('popup: the labelled first action on the enrolment page adds the code; axe light and dark; the README picture', async () => {
    const page = await enrolmentPage('rhea');
    const tabId = await tabIdOf(page);
    const popup = await openPopupForTab(browser, tabId);
    const add = popup.locator('#page-qr-add');
    await add.waitFor({ timeout: 10_000 });
    expect(await add.textContent()).toBe('Add the QR code on this page');
    expect(await popup.locator('#page-qr-found').textContent()).toBe(
      'Twofold found a two-factor QR code for Twofold Test Site: rhea on this page.',
    );
    expect(await axeFindings(popup, 'popup with the QR notice')).toEqual([]);

    // The README picture: the popup over the test site's enrolment page, showing the button.
    await page.setViewportSize({ width: 900, height: 700 });
    // The popup as the toolbar shows it: 360 pixels wide (docs/ui.md), the top of its column.
    await popup.setViewportSize({ width: 360, height: 320 });
    const shot = await popup.screenshot();
    await page.bringToFront();
    await page.evaluate(
      (src) => {
        const img = document.createElement('img');
        img.id = 'twofold-popup-shot';
        img.src = src;
        img.style.cssText =
          'position:fixed;top:8px;right:8px;width:360px;box-shadow:0 8px 24px rgba(0,0,0,.35);border-radius:8px;z-index:2147483647';
        document.body.append(img);
      },
      `data:image/png;base64,${shot.toString('base64')}`,
    );
    await page.locator('#twofold-popup-shot').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: 'docs/screenshots/qr-notice.png' });
    await page.evaluate(() => document.getElementById('twofold-popup-shot')?.remove());

    await add.click();
    await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await popup.locator('#scan-0-account').inputValue()).toBe('rhea');
    expect(await axeFindings(popup, 'scan review with editable names')).toEqual([]);
    await popup.click('#scan-confirm');
    await popup.locator('#first-codes').waitFor();
    await popup.close();
    await page.close();
  });

  it('finds a code drawn on a canvas and one in an inline SVG; a web-link code and a page that is no setup show nothing', async () => {
    const modules = QRCode.create(uri('cara'), { errorCorrectionLevel: 'M' }).modules;
    const canvas = await pageWith(
      '/qr-canvas',
      'Set up two-factor',
      `<h1>Set up two-factor authentication</h1><p>Scan this QR code with your authenticator app.</p>
<canvas id="qr" width="${(modules.size + 8) * 6}" height="${(modules.size + 8) * 6}"></canvas>
<script>
const size = ${modules.size}, bits = ${JSON.stringify([...modules.data])};
const c = document.getElementById('qr').getContext('2d');
c.fillStyle = '#fff'; c.fillRect(0, 0, (size + 8) * 6, (size + 8) * 6); c.fillStyle = '#000';
bits.forEach((b, i) => { if (b) c.fillRect((4 + (i % size)) * 6, (4 + Math.floor(i / size)) * 6, 6, 6); });
</script>`,
    );
    let popup = await openPopupForTab(browser, await tabIdOf(canvas));
    await popup.locator('#page-qr-add').waitFor({ timeout: 10_000 });
    expect(await popup.locator('#page-qr-label').textContent()).toBe('Canvas Co: cara');
    await popup.close();

    // Rendered late, as a single-page app does: the look-up sees the SVG arrive.
    const svg = await pageWith(
      '/qr-svg',
      'Security',
      `<h1>Two-factor authentication</h1><p>Set up an authenticator app.</p><div id="slot"></div>
<script>setTimeout(() => { document.getElementById('slot').innerHTML = ${JSON.stringify(
        await QRCode.toString(uri('sven'), { type: 'svg', margin: 2, width: 200 }),
      )}.replace('<svg ', '<svg width="200" height="200" '); }, 800);</script>`,
    );
    popup = await openPopupForTab(browser, await tabIdOf(svg));
    await popup.locator('#page-qr-add').waitFor({ timeout: 10_000 });
    expect(await popup.locator('#page-qr-label').textContent()).toBe('Canvas Co: sven');
    await popup.close();

    // An article with a picture (a two-factor code, even): the text test says no, so the QR module is not loaded.
    // That it never loads, however long the page changes, is tests/unit/qr/page-look.test.ts (timers injected).
    const article = await pageWith(
      '/article',
      'Parks',
      `<h1>Parks committee</h1><p>The council set up a committee for the city's parks.</p>
<img alt="park" width="200" height="200" src="${await QRCode.toDataURL(uri('nobody'), { width: 200 })}">`,
    );
    const articleTab = await tabIdOf(article);

    // A setup-looking page whose QR code is a web link: the module loads and reads it, and no notice shows.
    const weblink = await pageWith(
      '/qr-weblink',
      'Set up two-factor',
      `<h1>Set up two-factor authentication</h1><p>Scan the QR code to get our authenticator app.</p>
<img alt="app" width="200" height="200" src="${await QRCode.toDataURL('https://apps.example.com/get', { width: 200 })}">`,
    );
    const weblinkTab = await tabIdOf(weblink);
    await expect
      .poll(() => qrModuleLoads.filter((at) => at.endsWith('/qr-weblink')).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    // Its decode in the background (tens of milliseconds) is done well within this.
    await weblink.waitForTimeout(1500);
    popup = await openPopupForTab(browser, weblinkTab);
    await popup.locator('#tab-status').filter({ hasText: /./ }).waitFor();
    expect(await popup.locator('#page-qr').count()).toBe(0);
    await popup.close();
    await weblink.close();

    expect(qrModuleLoads.filter((at) => at.endsWith('/article'))).toEqual([]);
    popup = await openPopupForTab(browser, articleTab);
    await popup.locator('#tab-status').filter({ hasText: /./ }).waitFor();
    expect(await popup.locator('#page-qr').count()).toBe(0);
    await popup.close();
    await Promise.all([canvas.close(), svg.close(), article.close()]);
  });
});
