import { TOTP } from 'otpauth';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { type Site, startSite } from '../site/server';
import { type FirefoxExtension, launchFirefox } from './firefox';
import { PASSWORD } from './popup-driver';
import { clickOfferFirefox, OFFER_FRAME } from './site-flow';

/*
 * Recovery codes through their whole life (docs/architecture.md "Recovery codes") in Firefox ESR: the codes the test
 * site shows right after 2FA is enabled are saved from the page (a real click on the extension frame beside them, then
 * Enter on the site's account), then each sign-in with a recovery code is filled with the next unused one, which the
 * site accepts, and the vault marks it used. Input is real (WebDriver BiDi input actions).
 */
let ff: FirefoxExtension;
let site: Site;
const USER = 'hana';

beforeAll(async () => {
  [ff, site] = await Promise.all([launchFirefox(), startSite()]);
  const setup = ff.welcome;
  await setup.waitForSelector('#new-password');
  await setup.type('#new-password', PASSWORD);
  await setup.type('#confirm-password', PASSWORD);
  await setup.click('#setup button[type=submit]');
  await setup.waitForSelector('#add', { timeout: 30_000 });
});
afterAll(async () => {
  await Promise.all([ff?.close(), site?.close()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(150);
  }
}

/** A request from the extension's own page (the setup tab), as the popup makes it. */
function ask<T>(message: object): Promise<T> {
  return ff.welcome.evaluate(async (m) => {
    const { browser } = globalThis as unknown as { browser: WebExt };
    const reply = (await browser.runtime.sendMessage(m)) as { ok: boolean; value: unknown; error?: string };
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  }, message) as Promise<T>;
}

async function storedCodes(): Promise<{ code: string; usedAt?: number }[]> {
  const { accounts } = await ask<{
    accounts: { account: string; recoveryCodes: { code: string; usedAt?: number }[] }[];
  }>({ type: 'accounts-list' });
  return accounts.find((a) => a.account === USER)?.recoveryCodes ?? [];
}

async function siteState(): Promise<{ secret: string; recoveryCodes: string[]; usedRecoveryCodes: string[] }> {
  return (await fetch(`${site.origin}/__test/state?username=${USER}`)).json();
}

async function open(url: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(url);
  await page.bringToFront();
  return page;
}

describe('recovery codes in Firefox', () => {
  it('saves the codes the site shows after 2FA is enabled, from a click beside them', async () => {
    const page = await open(`${site.origin}/signup`);
    await page.type('input[name=username]', USER);
    await page.type('input[name=password]', 'correct horse');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const { secret } = await siteState();
    await ask({
      type: 'account-add',
      draft: { uri: `otpauth://totp/Twofold%20Test%20Site:${USER}?secret=${secret}&issuer=Twofold%20Test%20Site` },
      sites: [site.origin],
    });
    await page.bringToFront();
    await page.type('#enrol-code', new TOTP({ secret }).generate());
    await Promise.all([page.waitForSelector('#enrolled'), page.click('form[action="/enrol"] button[type=submit]')]);
    const shown = (await siteState()).recoveryCodes;
    expect(shown).toHaveLength(8);

    await until('the save button beside the codes', () => page.$(OFFER_FRAME));
    await clickOfferFirefox(page);
    // The menu focuses its first entry, the site's one account; Enter picks it.
    await page.keyboard.press('Enter');
    const saved = await until('the codes in the vault', async () => {
      const codes = await storedCodes();
      return codes.length > 0 && codes;
    });
    expect(saved).toEqual(shown.map((code) => ({ code })));
    await page.close();
  });

  it('fills the next unused code at each sign-in; the site takes each, and the vault marks them used', async () => {
    const shown = (await siteState()).recoveryCodes;
    const page = await ff.browser.newPage();
    await page.bringToFront();
    for (const expected of [shown[0], shown[1]]) {
      await page.goto(`${site.origin}/login?variant=recovery`);
      await page.type('input[name=username]', USER);
      await page.type('input[name=password]', 'correct horse');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await clickOfferFirefox(page);
      await page.keyboard.press('Enter');
      const filled = await until('a filled recovery code', () =>
        page.$eval('#recovery_code', (el) => (el as HTMLInputElement).value || undefined),
      );
      expect(filled).toBe(expected);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(site.events.at(-1)).toMatchObject({ type: 'recovery-ok', variant: 'recovery', username: USER });
    }
    // Another page load in the tab settles the last one at once.
    await page.goto(`${site.origin}/`);
    const used = await until('both codes marked used', async () => {
      const codes = (await storedCodes()).filter((r) => r.usedAt !== undefined).map((r) => r.code);
      return codes.length === 2 && codes;
    });
    expect(used).toEqual([shown[0], shown[1]]);
    expect((await siteState()).usedRecoveryCodes).toEqual([shown[0], shown[1]]);
    await page.close();
  });
});
