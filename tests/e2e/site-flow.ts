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

/** Waits for the inline offer in `frame` (the page itself by default) and clicks its button with a real mouse click. */
export async function clickOffer(
  page: Page,
  frame: Page | Frame = page,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const host = frame.locator('twofold-offer').first();
  await host.waitFor({ state: 'attached', timeout: 10_000 });
  await expect.poll(async () => (await host.boundingBox())?.width ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
  const box = await host.boundingBox();
  if (!box) throw new Error('offer not visible');
  await page.mouse.click(box.x + 11, box.y + 11);
  return box;
}

/** Firefox (puppeteer over WebDriver BiDi): waits for the inline offer in `page` and clicks its button with a real mouse click. */
export async function clickOfferFirefox(page: FirefoxPage): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    const box = await (await page.$('twofold-offer'))?.boundingBox();
    if (box && box.width > 0) {
      await page.mouse.click(box.x + 11, box.y + 11);
      return;
    }
    if (Date.now() > end) throw new Error('offer not visible');
    await new Promise((r) => setTimeout(r, 100));
  }
}
