import type { Frame, Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { expect } from 'vitest';
import { DEFAULT_USER, type Variant } from '../site/server';

/** Signs in with the password step of the test site and lands on the variant's second-factor page. */
export async function passwordStep(page: Page, origin: string, variant: Variant, user = DEFAULT_USER): Promise<void> {
  await page.goto(`${origin}/login?variant=${variant}`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(/\/2fa/), page.click('button[type=submit]')]);
}

/** The offer frame's `<iframe>` in `frame`: the only element of Twofold's a page can see (an extension page inside). */
export const OFFER_FRAME = 'iframe[src*="/offer-frame.html#"]';

/** The offer frame's document, for reading what it shows (a page cannot; the test browser can). */
export async function offerDocument(frame: Page | Frame): Promise<Frame> {
  const handle = await frame.waitForSelector(OFFER_FRAME, { state: 'attached', timeout: 10_000 });
  const inner = await handle.contentFrame();
  if (!inner) throw new Error('offer frame has no document');
  await inner.waitForSelector('.trigger', { timeout: 10_000 });
  return inner;
}

/**
 * Waits for the inline offer in `frame` (the page itself by default) and clicks its button with a real mouse click;
 * then waits until picks count (the menu ignores them for a moment after it opened, against
 * clickjacking: docs/architecture.md attack 2).
 */
export async function clickOffer(
  page: Page,
  frame: Page | Frame = page,
  { settle = true }: { settle?: boolean } = {},
): Promise<{ x: number; y: number; width: number; height: number }> {
  const host = frame.locator(OFFER_FRAME).first();
  await host.waitFor({ state: 'attached', timeout: 10_000 });
  const inner = await offerDocument(frame);
  await expect.poll(async () => (await host.boundingBox())?.width ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
  // The frame must have been still for a moment before its button takes a click that matters.
  await page.waitForTimeout(600);
  const box = await host.boundingBox();
  if (!box) throw new Error('offer not visible');
  await page.mouse.click(box.x + box.width - 13, box.y + 13);
  await inner.waitForSelector('.menu:not([hidden])', { timeout: 10_000 });
  if (settle) await page.waitForTimeout(700);
  return box;
}

/**
 * Firefox (puppeteer over WebDriver BiDi): waits for the inline offer frame in `page`, clicks its button with a real
 * mouse click once the frame has been still for a moment, then waits until picks count (as {@link clickOffer}).
 */
export async function clickOfferFirefox(page: FirefoxPage): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    const box = await (await page.$(OFFER_FRAME))?.boundingBox();
    if (box && box.width > 0) {
      await new Promise((r) => setTimeout(r, 800));
      await page.mouse.click(box.x + box.width - 13, box.y + 13);
      await new Promise((r) => setTimeout(r, 1200));
      return;
    }
    if (Date.now() > end) throw new Error('offer not visible');
    await new Promise((r) => setTimeout(r, 100));
  }
}
