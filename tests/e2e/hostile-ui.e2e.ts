/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './browser';
import {
  accountIds,
  aim,
  BANK,
  codesOf,
  enrol,
  expectNothingOf,
  foreignCount,
  HARVEST,
  holdsCodeOf,
  launchHostile,
  lootOf,
  OTHER,
  sleep,
  uriOf,
} from './hostile-harness';
import { type HostileServer, startHostileServer } from './hostile-server';
import { addByUri, openPopup } from './popup-driver';
import { clickOffer } from './site-flow';

/*
 * The in-page UI attacked by hostile pages (docs/architecture.md attacks 1, 2, 4 and 8), in Chromium. Every click and
 * key is a real, trusted input (Playwright's mouse and keyboard go through the DevTools protocol), given where the
 * hostile page arranged it, as a fooled person would give it. What is asserted is what the page OBTAINED (codes,
 * names), never how Twofold draws its UI. Sites: bank.test (Bank's account names http://bank.test:PORT, PORT being the
 * hostile server's), other.test (Other Bank's TOTP and HOTP accounts), evil.test (no account): all on 127.0.0.1.
 */
let browser: ExtensionBrowser;
let server: HostileServer;
const ALL = [OTHER, HARVEST, BANK];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchHostile(), startHostileServer()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.bringToFront();
  return page;
}

describe('finding 8: with no vault, planting a code field adds nothing to the page', () => {
  it('no element appears for a planted field while there is no vault', async () => {
    const page = await open(`${server.origin('evil.test')}/field.html?plant`);
    await page.evaluate(() => (window as unknown as { __plant: () => void }).__plant());
    expect(await foreignCount(page, 1500), 'elements the extension added with no vault').toBe(0);
    await page.close();
  });
});

describe('with a vault', () => {
  // Created only now, so that the test above ran with no vault.
  beforeAll(async () => {
    await enrol(browser, [
      { account: OTHER, sites: 'other.test' },
      { account: HARVEST, sites: 'other.test' },
      { account: BANK, sites: server.origin('bank.test') },
    ]);
  });

  describe('finding 1: a page that defines Twofold element names as its own custom elements', () => {
    for (const target of ['totp', 'hotp'] as const) {
      it(`gets no other-site ${target.toUpperCase()} code and reads nothing after three Enter presses`, async () => {
        const page = await open(`${server.origin('evil.test')}/takeover.html${target === 'hotp' ? '?pick=hotp' : ''}`);
        // The person is on the page when the extension draws its UI; the page then moves focus onto it.
        await foreignCount(page, 3000);
        await sleep(300);
        for (let i = 0; i < 3; i++) {
          await page.keyboard.press('Enter');
          await sleep(400);
        }
        console.log('LOOT', await lootOf(page));
        expectNothingOf(await lootOf(page), ALL);
        await page.close();
      });
    }
  });

  describe('finding 2: clickjacking the cross-site flow', () => {
    for (const mode of ['opacity', 'popover'] as const) {
      it(`three real clicks on decoys over invisible UI (${mode}) give the page no other-site code`, async () => {
        const page = await open(`${server.origin('evil.test')}/clickjack.html?mode=${mode}`);
        await foreignCount(page, 3000);
        const first = await page.evaluate(() => (window as unknown as { __center: () => unknown }).__center());
        const spots = [first as { x: number; y: number } | null];
        for (const [label, text] of [
          ['Claim', undefined],
          ['Next', /another account/i],
          ['Confirm', /other bank/i],
        ] as const) {
          const spot = text ? await aim(browser, page, text) : spots[0];
          if (spot) {
            await page.evaluate(
              ({ x, y, label }) => (window as unknown as { __decoy: (...a: unknown[]) => void }).__decoy(x, y, label),
              {
                ...spot,
                label,
              },
            );
            await page.mouse.click(spot.x, spot.y);
          }
          await sleep(450);
        }
        console.log('LOOT', await lootOf(page));
        expectNothingOf(await lootOf(page), ALL);
        await page.close();
      });
    }

    it('an invisible (opacity 0) code field summons no UI; a visible one on the same page does', async () => {
      const page = await open(`${server.origin('bank.test')}/invisible.html`);
      expect(await foreignCount(page, 1500), 'elements added for an invisible field').toBe(0);
      // Positive control: a visible field on the same page gets the offer, and its own site's code fills.
      await page.evaluate(() => (window as unknown as { __addVisible: () => void }).__addVisible());
      await clickOffer(page);
      await sleep(250);
      await page.keyboard.press('Enter');
      await expect.poll(async () => holdsCodeOf(await lootOf(page), BANK), { timeout: 5000 }).toBe(true);
      await page.close();
    });
  });

  /** window.find() from the page's main world for each text; which ones it found. */
  const find = (page: Page, texts: string[]) =>
    page.evaluate((t) => (window as unknown as { __find: (t: string[]) => string[] }).__find(t), texts);

  describe("finding 4: window.find() on the account's own site", () => {
    it('finds no account name, e-mail or code while the menu is open', async () => {
      const page = await open(`${server.origin('bank.test')}/field.html`);
      await clickOffer(page);
      await sleep(500);
      const codes = codesOf(BANK);
      const shown = codes.map((c) => `${c.slice(0, 3)} ${c.slice(3)}`);
      expect(await find(page, [BANK.issuer, BANK.account, ...codes, ...shown])).toEqual([]);
      await page.close();
    });

    it('finds no recovery code while the menu for a recovery field is open', async () => {
      const popup = await openPopup(browser);
      const ids = await accountIds(popup);
      const recovery = ['qvzt-8k2m-x4pl', 'hj7w-3nfd-r9cb'];
      await popup.evaluate(
        ({ id, recovery }) =>
          chrome.runtime.sendMessage({
            type: 'account-update',
            id,
            patch: { recoveryCodes: recovery.map((code) => ({ code })) },
          }),
        { id: ids[BANK.issuer] as string, recovery },
      );
      await popup.close();
      const page = await open(`${server.origin('bank.test')}/field.html?recovery`);
      await clickOffer(page);
      await sleep(500);
      expect(await find(page, recovery)).toEqual([]);
      await page.close();
    });
  });

  describe('finding 8: what the page sees of the offer does not depend on the accounts', () => {
    /** The person opens Twofold's menu on Bank's page; what the page then sees of what the extension added. */
    async function seen(): Promise<unknown> {
      const page = await open(`${server.origin('bank.test')}/field.html`);
      await clickOffer(page);
      await sleep(500);
      const elements = (await page.evaluate(() => (window as unknown as { __seen: () => unknown[] }).__seen())) as {
        tag: string;
        attributes: string[];
        text: string | null;
        inner: string;
        open: string | null;
      }[];
      await page.close();
      for (const el of elements) {
        expect(el.tag, 'a distinctive element name').not.toContain('-');
        expect(el.attributes.join(' ').toLowerCase()).not.toContain('twofold');
        expect(el.open, 'an open shadow root').toBeNull();
        expectNothingOf(JSON.stringify(el), ALL, 'the element the page sees');
      }
      // Compared by shape: tag, which attributes, size and text (a value such as a per-frame token may differ).
      return elements.map(({ attributes, ...rest }) => ({ ...rest, names: attributes.map((a) => a.split('=')[0]) }));
    }

    it('is the same with 1 or 5 matching accounts and holds no name, code or count', async () => {
      const one = await seen();
      const popup = await openPopup(browser);
      for (let i = 2; i <= 5; i++) {
        await addByUri(
          popup,
          uriOf({
            ...BANK,
            issuer: `Bank ${i}`,
            account: `user${i}@bank.test`,
            secret: `MZXW6YTBOI${'BCDE'.charAt(i - 2)}AAAAA`,
          }),
          server.origin('bank.test'),
        );
      }
      await popup.close();
      expect(await seen()).toEqual(one);
    });
  });
});
