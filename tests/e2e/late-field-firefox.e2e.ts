import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATE_SHOWN_VARIANTS } from '../site/late-shown';
import { DEFAULT_USER, type Site, startSite, type Variant } from '../site/server';
import { type FirefoxExtension, launchFirefox, send, sleep, until } from './firefox';
import { clickOfferFirefox, OFFER_FRAME } from './site-flow';

/*
 * In Firefox ESR (MV2 build), as tests/e2e/late-field.e2e.ts and tests/e2e/segmented-button.e2e.ts do it
 * in Chromium: a code field shown after load is offered, and the site, which checks codes with `otpauth`,
 * accepts the code), and the button sits beside segmented boxes, over none of them.
 */
const PASSWORD = 'correct horse battery';
let site: Site;
let ff: FirefoxExtension;

beforeAll(async () => {
  [site, ff] = await Promise.all([startSite(), launchFirefox()]);
  const { welcome } = ff;
  await welcome.waitForSelector('#new-password');
  await welcome.type('#new-password', PASSWORD);
  await welcome.type('#confirm-password', PASSWORD);
  await welcome.click('#setup button[type=submit]');
  await welcome.waitForSelector('#add', { timeout: 30_000 });
  const uri = `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`;
  await send(welcome, { type: 'account-add', draft: { uri }, sites: [site.origin] });
}, 120_000);
afterAll(async () => {
  await Promise.all([ff?.close(), site?.close()]);
});

async function secondStep(variant: Variant): Promise<Page> {
  const tab = await ff.browser.newPage();
  await tab.goto(`${site.origin}/login?variant=${variant}`);
  await tab.type('input[name=username]', DEFAULT_USER.username);
  await tab.type('input[name=password]', DEFAULT_USER.password);
  await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
  await tab.bringToFront();
  return tab;
}

/** The offer button's box, when one is displayed with a size. */
async function offerBox(tab: Page) {
  for (const handle of await tab.$$(OFFER_FRAME)) {
    const box = await handle.boundingBox();
    if (box && box.width > 0 && box.height > 0) return box;
  }
  return undefined;
}

async function signedIn(tab: Page): Promise<void> {
  await until('the welcome page', async () => (await tab.evaluate(() => location.pathname)) === '/welcome');
}

describe('Firefox ESR: code fields shown after the page loaded (finding 7)', () => {
  for (const variant of LATE_SHOWN_VARIANTS) {
    it(`${variant}: no offer while hidden; once shown, the offer fills the code and the site accepts it`, async () => {
      const tab = await secondStep(variant);
      await tab.waitForSelector('#code');
      await sleep(800);
      expect(await offerBox(tab)).toBeUndefined();
      await tab.click('#reveal');
      await clickOfferFirefox(tab);
      await tab.keyboard.press('Enter');
      await until('the code in the field', async () =>
        /^\d{6}$/.test(await tab.$eval('#code', (e) => (e as HTMLInputElement).value)) ? true : undefined,
      );
      await Promise.all([tab.waitForNavigation(), tab.click('#code ~ button[type=submit]')]);
      await signedIn(tab);
      expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant });
      await tab.close();
    });
  }
});

describe('Firefox ESR: the button beside segmented boxes (finding 10)', () => {
  it('sits right of the group over no box; after a fill every digit shows; box 1 takes its click', async () => {
    const tab = await secondStep('segmented');
    const button = await until('the offer', () => offerBox(tab));
    const boxes = () =>
      tab.$$eval('.otp-box', (els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return { x: r.x, y: r.y, width: r.width, height: r.height, onTop: hit === el };
        }),
      );
    const all = await boxes();
    expect(all).toHaveLength(6);
    for (const b of all) {
      expect(b.onTop).toBe(true);
      const apart =
        button.x >= b.x + b.width ||
        b.x >= button.x + button.width ||
        button.y >= b.y + b.height ||
        b.y >= button.y + button.height;
      expect(apart).toBe(true);
    }
    const last = all.at(-1) as (typeof all)[number];
    expect(button.x).toBeGreaterThanOrEqual(last.x + last.width);

    await clickOfferFirefox(tab);
    await tab.keyboard.press('Enter');
    await until('the code in the boxes', async () =>
      /^\d{6}$/.test(await tab.$$eval('.otp-box', (els) => els.map((e) => (e as HTMLInputElement).value).join('')))
        ? true
        : undefined,
    );
    await until('every digit to show', async () => ((await boxes()).every((b) => b.onTop) ? true : undefined), 5000);
    const first = (await boxes())[0] as (typeof all)[number];
    await tab.mouse.click(first.x + first.width - 8, first.y + first.height / 2);
    expect(await tab.evaluate(() => document.activeElement === document.querySelector('.otp-box'))).toBe(true);
    expect((await offerBox(tab))?.width).toBe(26);
    await tab.close();
  });
});
