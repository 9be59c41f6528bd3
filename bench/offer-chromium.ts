/// <reference types="chrome" />
import type { Frame, Page } from 'playwright-core';
import { launchWithExtension } from '../tests/e2e/browser';
import { addByUri, createVault, openPopup } from '../tests/e2e/popup-driver';
import { OFFER_FRAME, offerDocument, passwordStep } from '../tests/e2e/site-flow';
import { DEFAULT_USER, startSite } from '../tests/site/server';

export interface OfferBench {
  /** Click straight onto the button with the worker stopped: click → menu shown, in the frame. */
  coldClickMs: number[];
  /** The pointer rests on the button for 250 ms first (as a person's does), worker stopped before. */
  hoverThenClickMs: number[];
}

/** Arms a probe in the frame: resolves with the time from the next click on the button to the menu being shown. */
async function armProbe(menu: Frame): Promise<void> {
  await menu.evaluate(() => {
    const w = window as unknown as { __shown: Promise<number> };
    w.__shown = new Promise((resolve) => {
      let clicked = 0;
      const trigger = document.querySelector('.trigger');
      // Inline, unnamed callbacks only: tsx would wrap a named one in a helper the page does not have.
      trigger?.addEventListener(
        'click',
        () => {
          clicked = performance.now();
        },
        { capture: true, once: true },
      );
      const watch = new MutationObserver(() => {
        if (clicked && !(document.querySelector('.menu') as HTMLElement).hidden) {
          watch.disconnect();
          resolve(performance.now() - clicked);
        }
      });
      watch.observe(document.body, { subtree: true, attributes: true, childList: true });
    });
  });
}

async function once(page: Page, stopWorkers: () => Promise<void>, hoverMs: number): Promise<number> {
  const menu = await offerDocument(page);
  await page.waitForTimeout(700);
  await armProbe(menu);
  await stopWorkers();
  await page.waitForTimeout(300);
  const box = await page.locator(OFFER_FRAME).boundingBox();
  if (!box) throw new Error('no offer frame');
  const at = { x: box.x + box.width - 13, y: box.y + 13 };
  await page.mouse.move(at.x, at.y);
  if (hoverMs > 0) await page.waitForTimeout(hoverMs);
  await page.mouse.down();
  await page.mouse.up();
  const ms = await menu.evaluate(() => (window as unknown as { __shown: Promise<number> }).__shown);
  await page.keyboard.press('Escape');
  return ms;
}

/**
 * The inline offer on the test site's sign-in in real Chromium (goal: the menu within 100 ms of a click
 * with a stopped service worker; docs/performance.md): time from the trusted click in the offer frame to its menu being
 * shown.
 */
export async function benchOffer(runs = 7): Promise<OfferBench> {
  const [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
  try {
    const popup = await openPopup(browser);
    await createVault(popup);
    const uri = `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`;
    await addByUri(popup, uri, site.origin);
    await popup.close();
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'plain');
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const stopWorkers = async () => void (await cdp.send('ServiceWorker.stopAllWorkers'));
    const coldClickMs: number[] = [];
    const hoverThenClickMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // The pointer leaves the frame between runs, so each hover is a new one.
      await page.mouse.move(0, 0);
      coldClickMs.push(await once(page, stopWorkers, 0));
      await page.mouse.move(0, 0);
      hoverThenClickMs.push(await once(page, stopWorkers, 250));
    }
    return { coldClickMs, hoverThenClickMs };
  } finally {
    await Promise.all([browser.close(), site.close()]);
  }
}
