import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { type FirefoxExtension, launchFirefox } from './firefox';
import {
  BANK,
  codesOf,
  expectNothingOf,
  foreignCount,
  HARVEST,
  holdsCodeOf,
  lootOf,
  OTHER,
  sleep,
  type TestAccount,
  uriOf,
} from './hostile-harness';
import { type HostileServer, startHostileServer } from './hostile-server';
import { PASSWORD } from './popup-driver';
import { clickOfferFirefox } from './site-flow';

/*
 * docs/architecture.md "Attacks and their defences" in Firefox ESR: the in-page UI attacks (1, 2, 4 and 8) of
 * hostile-ui.e2e.ts, with the same hostile pages and the same assertions on what the page obtained. Input is real
 * (puppeteer's mouse and keyboard are WebDriver BiDi input actions, trusted events). Every host name resolves to
 * 127.0.0.1 (network.dns.forceResolve), so bank.test (Bank's account names http://bank.test:PORT, the hostile server's
 * port), other.test and evil.test are distinct sites on one server. Firefox has no CDP, so the attacker's calibration
 * for the clickjacking test is its "lab" page (clickjack.html?lab, lab.js) rather than the DevTools protocol.
 */
let ff: FirefoxExtension;
let server: HostileServer;
const ALL = [OTHER, HARVEST, BANK];

beforeAll(async () => {
  [ff, server] = await Promise.all([
    launchFirefox(undefined, {
      'network.dns.forceResolve': '127.0.0.1',
      // The tests' http pages stay http (no automatic upgrade to https first).
      'dom.security.https_first': false,
      'dom.security.https_first_schemeless': false,
    }),
    startHostileServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([ff?.close(), server?.close()]);
});

async function open(url: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(url);
  await page.bringToFront();
  return page;
}

/** Adds accounts in the setup tab's Add view, as a user pastes a link and the sites. */
async function addAccounts(accounts: { account: TestAccount; sites: string }[]): Promise<void> {
  const popup = ff.welcome;
  await popup.bringToFront();
  for (const { account, sites } of accounts) {
    await popup.click('#add');
    await popup.waitForSelector('#add-uri');
    // Pasted, as a person pastes a link (typing each character costs seconds under WebDriver BiDi).
    for (const [selector, value] of [
      ['#add-uri', uriOf(account)],
      ['#add-sites', sites],
    ] as const) {
      await popup.$eval(
        selector,
        (el, v) => {
          (el as HTMLInputElement).value = v;
          el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
        },
        value,
      );
    }
    await popup.click('#add-form button[type=submit]');
    await popup.waitForSelector('#accounts');
  }
}

describe('finding 8 (Firefox): with no vault, planting a code field adds nothing to the page', () => {
  it('no element appears for a planted field while there is no vault', async () => {
    const page = await open(`${server.origin('evil.test')}/field.html?plant`);
    await page.evaluate(() => (window as unknown as { __plant: () => void }).__plant());
    expect(await foreignCount(page, 1500), 'elements the extension added with no vault').toBe(0);
    await page.close();
  });
});

describe('Firefox, with a vault', () => {
  beforeAll(async () => {
    const setup = ff.welcome;
    await setup.bringToFront();
    await setup.waitForSelector('#new-password');
    await setup.type('#new-password', PASSWORD);
    await setup.type('#confirm-password', PASSWORD);
    await setup.click('#setup button[type=submit]');
    await setup.waitForSelector('#add', { timeout: 30_000 });
    await addAccounts([
      { account: OTHER, sites: 'other.test' },
      { account: HARVEST, sites: 'other.test' },
      { account: BANK, sites: server.origin('bank.test') },
    ]);
  });

  it('finding 1: a page with Twofold element names as its own custom elements gets nothing from three Enter presses', async () => {
    const page = await open(`${server.origin('evil.test')}/takeover.html`);
    await foreignCount(page, 3000);
    await sleep(300);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Enter');
      await sleep(450);
    }
    expectNothingOf(await lootOf(page), ALL);
    await page.close();
  });

  for (const mode of ['opacity', 'popover'] as const) {
    it(`finding 2: three real clicks on decoys over invisible UI (${mode}) give the page no other-site code`, async () => {
      // The attacker's lab: where Twofold's controls are drawn at each step (measured on its own copy of the page).
      const lab = await open(`${server.origin('evil.test')}/clickjack.html?mode=${mode}&lab`);
      await foreignCount(lab, 3000);
      const spots: ({ x: number; y: number } | null)[] = [];
      for (const text of ['two-factor', 'another account', 'other bank']) {
        const spot = (await lab.evaluate(
          (t) => (window as unknown as { __aim: (t: string) => unknown }).__aim(t),
          text,
        )) as {
          x: number;
          y: number;
        } | null;
        spots.push(spot);
        if (spot) await lab.mouse.click(spot.x, spot.y);
        await sleep(450);
      }
      await lab.close();
      // The page the person meets: decoys at those spots, three real clicks on them.
      const page = await open(`${server.origin('evil.test')}/clickjack.html?mode=${mode}`);
      await foreignCount(page, 3000);
      const first = await page.evaluate(() => (window as unknown as { __center: () => unknown }).__center());
      spots[0] = (first as { x: number; y: number } | null) ?? spots[0] ?? null;
      for (const [i, label] of ['Claim', 'Next', 'Confirm'].entries()) {
        const spot = spots[i];
        if (spot) {
          await page.evaluate(
            (x, y, label) => (window as unknown as { __decoy: (...a: unknown[]) => void }).__decoy(x, y, label),
            spot.x,
            spot.y,
            label,
          );
          await page.mouse.click(spot.x, spot.y);
        }
        await sleep(450);
      }
      expectNothingOf(await lootOf(page), ALL);
      await page.close();
    });
  }

  it('finding 2: an invisible (opacity 0) code field summons no UI; a visible one on the same page does', async () => {
    const page = await open(`${server.origin('bank.test')}/invisible.html`);
    expect(await foreignCount(page, 1500), 'elements added for an invisible field').toBe(0);
    await page.evaluate(() => (window as unknown as { __addVisible: () => void }).__addVisible());
    await clickOfferFirefox(page);
    await sleep(300);
    await page.keyboard.press('Enter');
    await expect.poll(async () => holdsCodeOf(await lootOf(page), BANK), { timeout: 5000 }).toBe(true);
    await page.close();
  });

  const find = async (page: Page, texts: string[]) =>
    (await page.evaluate(
      (t) => (window as unknown as { __find: (t: string[]) => string[] }).__find(t),
      texts,
    )) as string[];

  it("finding 4: window.find() on the account's own site finds no name, e-mail, code or recovery code", async () => {
    const recovery = ['zq4v-7mtk-3pxh', 'n6cw-2rgd-8fjl'];
    await ff.welcome.evaluate(
      async (issuer, recovery) => {
        const { browser } = globalThis as unknown as { browser: WebExt };
        const list = (await browser.runtime.sendMessage({ type: 'accounts-list' })) as {
          value: { accounts: { id: string; issuer: string }[] };
        };
        const id = list.value.accounts.find((a) => a.issuer === issuer)?.id;
        await browser.runtime.sendMessage({
          type: 'account-update',
          id,
          patch: { recoveryCodes: recovery.map((code) => ({ code })) },
        });
      },
      BANK.issuer,
      recovery,
    );
    const page = await open(`${server.origin('bank.test')}/field.html`);
    await clickOfferFirefox(page);
    await sleep(500);
    const codes = codesOf(BANK);
    const shown = codes.map((c) => `${c.slice(0, 3)} ${c.slice(3)}`);
    expect(await find(page, [BANK.issuer, BANK.account, ...codes, ...shown])).toEqual([]);
    await page.close();
    const recoveryPage = await open(`${server.origin('bank.test')}/field.html?recovery`);
    await clickOfferFirefox(recoveryPage);
    await sleep(500);
    expect(await find(recoveryPage, recovery)).toEqual([]);
    await recoveryPage.close();
  });

  it('finding 8: what the page sees of the offer is the same with 1 or 5 matching accounts and holds no name or code', async () => {
    const seen = async () => {
      const page = await open(`${server.origin('bank.test')}/field.html`);
      await clickOfferFirefox(page);
      await sleep(500);
      const elements = (await page.evaluate(() => (window as unknown as { __seen: () => unknown[] }).__seen())) as {
        tag: string;
        attributes: string[];
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
    };
    const one = await seen();
    await addAccounts(
      [2, 3, 4, 5].map((i) => ({
        account: {
          ...BANK,
          issuer: `Bank ${i}`,
          account: `user${i}@bank.test`,
          secret: `MZXW6YTBOI${'BCDE'.charAt(i - 2)}AAAAA`,
        },
        sites: server.origin('bank.test'),
      })),
    );
    expect(await seen()).toEqual(one);
  });
});
