/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../site/server';
import type { ExtensionBrowser } from './browser';
import { closeBoth, launchWithVault } from './setup';
import { clickOffer, OFFER_FRAME, passwordStep } from './site-flow';

/*
 * On segmented boxes the Twofold button once sat inside the first box, hid its digit after a fill
 * and took its clicks. It must sit outside the group (right of it, vertically centred, or beside it when there is
 * no room) and never over a box. The Firefox half is in tests/e2e/late-field-firefox.e2e.ts.
 */
let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  [browser, site] = await launchWithVault();
});
afterAll(() => closeBoth(browser, site));

type Box = { x: number; y: number; width: number; height: number };

/** Each segmented box's rectangle, and whether the element at its centre is the box itself. */
function boxes(page: Page): Promise<(Box & { onTop: boolean })[]> {
  return page.$$eval('.otp-box', (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return { x: r.x, y: r.y, width: r.width, height: r.height, onTop: hit === el };
    }),
  );
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function offerBox(page: Page): Promise<Box> {
  const host = page.locator(OFFER_FRAME).first();
  await host.waitFor({ state: 'attached', timeout: 10_000 });
  await expect.poll(async () => (await host.boundingBox())?.width ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
  const box = await host.boundingBox();
  if (!box) throw new Error('no offer');
  return box;
}

describe('the Twofold button beside segmented boxes (finding 10)', () => {
  it('sits right of the group, vertically centred, over no box; after a fill every digit shows; box 1 takes its click', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'segmented');
    const button = await offerBox(page);
    const before = await boxes(page);
    expect(before).toHaveLength(6);
    for (const b of before) {
      expect(b.onTop).toBe(true);
      expect(overlaps(button, b)).toBe(false);
    }
    const last = before.at(-1) as Box;
    expect(button.x).toBeGreaterThanOrEqual(last.x + last.width);
    expect(Math.abs(button.y + button.height / 2 - (last.y + last.height / 2))).toBeLessThanOrEqual(1);

    await clickOffer(page);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.$$eval('.otp-box', (els) => els.map((e) => (e as HTMLInputElement).value).join('')))
      .toMatch(/^\d{6}$/);
    // Every digit is visible: nothing of Twofold's lies over any box once the menu has closed.
    await expect.poll(async () => (await boxes(page)).every((b) => b.onTop), { timeout: 5000 }).toBe(true);

    // A click in box 1, where the button used to be (its right end), focuses box 1 and opens no menu.
    const first = (await boxes(page))[0] as Box;
    await page.mouse.click(first.x + first.width - 8, first.y + first.height / 2);
    expect(await page.evaluate(() => document.activeElement === document.querySelector('.otp-box'))).toBe(true);
    expect((await page.locator(OFFER_FRAME).first().boundingBox())?.width).toBe(26);

    await page.click('button[type=submit]');
    await page.waitForURL(/\/welcome/, { timeout: 10_000 });
    expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'segmented' });
    await page.close();
  });

  // 340 px: no room right of the group, room left of it. With the group spread over the whole width: no room on
  // either side, so the button goes below.
  for (const [where, css] of [
    ['left of the group', ''],
    ['below the group', 'main { padding: 0 !important; } .otp-boxes { justify-content: space-between; }'],
  ] as const) {
    it(`with no room on the right (a 340 px window) it goes ${where}, still over no box`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 340, height: 700 });
      await passwordStep(page, site.origin, 'segmented');
      if (css) await page.addStyleTag({ content: css });
      await page.waitForTimeout(300);
      // A resize moves the button: the style change above came without one.
      await page.setViewportSize({ width: 341, height: 700 });
      await page.setViewportSize({ width: 340, height: 700 });
      const button = await offerBox(page);
      const all = await boxes(page);
      for (const b of all) {
        expect(b.onTop).toBe(true);
        expect(overlaps(button, b)).toBe(false);
      }
      const first = all[0] as Box;
      const last = all.at(-1) as Box;
      if (where === 'left of the group') expect(button.x + button.width).toBeLessThanOrEqual(first.x);
      else expect(button.y).toBeGreaterThanOrEqual(last.y + last.height);
      // Wholly in the window, where a person can reach it.
      expect(button.x).toBeGreaterThanOrEqual(0);
      expect(button.x + button.width).toBeLessThanOrEqual(340);
      await page.close();
    });
  }
});
