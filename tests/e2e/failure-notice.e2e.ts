/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site } from '../site/server';
import type { ExtensionBrowser } from './browser';
import type { DomNode } from './hostile-harness';
import { addByUri, currentWorker, openPopupForTab, pressToolbarButton } from './popup-driver';
import { closeBoth, desktopTabAt, launchWithVault, offerOpenAt } from './setup';

/*
 * What the person asked for in the page and failed is said in the page: otherwise a refused region selection
 * or a code that did not fit the field ends in nothing at all happening.
 */
let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  [browser, site] = await launchWithVault((popup, site) =>
    // Eight digits: its code does not fit the six boxes of the test site's segmented step.
    addByUri(
      popup,
      `otpauth://totp/Long%20Codes:alice?secret=${DEFAULT_USER.secret}&issuer=Long%20Codes&digits=8`,
      site.origin,
    ),
  );
});
afterAll(() => closeBoth(browser, site));

/**
 * The text of the alert Twofold shows in the page, read through its closed shadow root (CDP DOM.getDocument with
 * pierce, as the browser's accessibility tree reads it); undefined while there is none.
 */
async function alertText(page: Page): Promise<string | undefined> {
  const cdp = await browser.context.newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const inside = (n: DomNode) => [...(n.shadowRoots ?? []), ...(n.children ?? [])];
    const textOf = (n: DomNode): string => (n.nodeType === 3 ? n.nodeValue : inside(n).map(textOf).join(''));
    const isAlert = (n: DomNode) =>
      n.attributes?.some((a, i) => i % 2 === 0 && a === 'role' && n.attributes?.[i + 1] === 'alert');
    const find = (n: DomNode): DomNode | undefined => (isAlert(n) ? n : inside(n).map(find).find(Boolean));
    const alert = find(root);
    return alert && textOf(alert);
  } finally {
    await cdp.detach();
  }
}

describe('what the person asked for and failed is said in the page', () => {
  // The user asks for a region, then, with the overlay still up, uses "Add to Twofold" on an image: that image
  // request takes the place of the region request (the background honours one request per tab), so the box dragged
  // afterwards is refused.
  it('a region selection the background no longer expects says so in the page', async () => {
    const page = await desktopTabAt(browser, site);
    const qrcode = await import('qrcode');
    const svg = await qrcode.toString('https://apps.example.com/get', { type: 'svg', margin: 1 });
    const src = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    // Drawn small: the whole-page scan finds nothing, so the popup offers "Select the QR code".
    await page.setContent(`<h1>Set up 2FA</h1><img id="qr" alt="QR" src="${src}" style="width:40px;margin:40px">`);
    const tabId = await pressToolbarButton(browser, page);
    const popup = await openPopupForTab(browser, tabId);
    await popup.click('#scan');
    await popup.locator('#select-region').waitFor({ timeout: 20_000 });
    await Promise.all([popup.waitForEvent('close'), popup.click('#select-region')]);
    await page.bringToFront();
    await page.locator('twofold-region').waitFor({ state: 'attached' });

    // "Add to Twofold" on the image (what Chromium dispatches for the context-menu click): its window opens.
    const [window] = await Promise.all([
      browser.context.waitForEvent('page', (p) => p.url().includes('popup.html') && p.url().includes('#scan')),
      (await currentWorker(browser)).evaluate(
        async ({ tabId, src }) => {
          const tab = await chrome.tabs.get(tabId);
          const events = chrome as unknown as {
            contextMenus: { onClicked: { dispatch(info: object, tab: chrome.tabs.Tab): void } };
          };
          events.contextMenus.onClicked.dispatch({ menuItemId: 'scan-image', frameId: 0, srcUrl: src }, tab);
        },
        { tabId, src },
      ),
    ]);
    await window.close();

    // The overlay is still up; the box the user drags now is refused, and the page says why.
    await page.bringToFront();
    const box = await page.locator('h1').boundingBox();
    if (!box) throw new Error('no heading on the page');
    await page.mouse.move(box.x, box.y);
    await page.mouse.down();
    await page.mouse.move(box.x + 100, box.y + 60, { steps: 3 });
    await page.mouse.up();
    await expect
      .poll(() => alertText(page), { timeout: 10_000 })
      .toBe('Twofold could not scan the area you selected: No region was asked for on this page.');
    await page.close();
  });

  it('a code that does not fit the field says so in the page, and nothing is filled', async () => {
    const page = await offerOpenAt(browser, site, 'segmented');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => alertText(page), { timeout: 10_000 })
      .toBe('Twofold could not fill the code: The code has 8 characters but the page shows only 6 boxes.');
    const boxes = await page
      .locator('input[maxlength="1"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(boxes.join('')).toBe('');
    expect(site.events.filter((e) => e.type.startsWith('otp-'))).toEqual([]);
    await page.close();
  });
});
