/// <reference types="chrome" />
import { TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site } from '../site/server';
import type { ExtensionBrowser } from './browser';
import { addByUri, openPopup } from './popup-driver';
import { closeBoth, launchWithVault } from './setup';
import { clickOffer, offerDocument, passwordStep } from './site-flow';

/*
 * Recovery codes through their whole life (docs/architecture.md "Recovery codes"), in Chromium on the test site, which
 * checks codes itself and keeps recovery codes single-use:
 * - capture: the codes the site shows right after 2FA is enabled get a "Save these 8 recovery codes to Twofold"
 *   button beside them (an extension frame); a click and a pick save them to the site's account;
 * - mark used: a filled recovery code the site took is marked used, and the next sign-in offers the NEXT code,
 *   which the site accepts;
 * - a code the site did not take (the step came back) is not burnt: the menu asks "Did … accept …?", and "No"
 *   offers it again.
 */
let browser: ExtensionBrowser;
let site: Site;

interface Stored {
  id: string;
  issuer: string;
  account: string;
  recoveryCodes: { code: string; usedAt?: number }[];
}

beforeAll(async () => {
  [browser, site] = await launchWithVault();
});
afterAll(() => closeBoth(browser, site));

async function accounts(): Promise<Stored[]> {
  const popup = await openPopup(browser);
  const list = await popup.evaluate(async () => {
    const reply = (await chrome.runtime.sendMessage({ type: 'accounts-list' })) as { value: { accounts: Stored[] } };
    return reply.value.accounts;
  });
  await popup.close();
  return list;
}

async function setRecovery(account: string, codes: string[]): Promise<void> {
  const id = (await accounts()).find((a) => a.account === account)?.id;
  const popup = await openPopup(browser);
  await popup.evaluate(
    ({ id, codes }) =>
      chrome.runtime.sendMessage({
        type: 'account-update',
        id,
        patch: { recoveryCodes: codes.map((code) => ({ code })) },
      }),
    { id, codes },
  );
  await popup.close();
}

async function siteState(
  username: string,
): Promise<{ secret: string; recoveryCodes: string[]; usedRecoveryCodes: string[] }> {
  return (await fetch(`${site.origin}/__test/state?username=${username}`)).json();
}

/** The recovery codes the open menu lists for alice's account, in order (gina's account is of this site too). */
async function listedCodes(page: Page): Promise<string[]> {
  const menu = await offerDocument(page);
  return menu.locator('.menu .item', { hasText: 'alice' }).locator('.badge').allTextContents();
}

describe('capture: the codes a site shows after 2FA is enabled', () => {
  it('offers "Save these 8 recovery codes" beside the list, and a pick saves them to the site\'s account', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/signup`);
    await page.fill('input[name=username]', 'gina');
    await page.fill('input[name=password]', 'correct horse');
    await Promise.all([page.waitForURL(/\/enrol/), page.click('button[type=submit]')]);
    // The authenticator step (scanning is enrol.e2e.ts's subject): the key the page shows, added for this site.
    const { secret } = await siteState('gina');
    const popup = await openPopup(browser);
    await addByUri(
      popup,
      `otpauth://totp/Twofold%20Test%20Site:gina?secret=${secret}&issuer=Twofold%20Test%20Site`,
      site.origin,
    );
    await popup.close();
    await page.bringToFront();
    await page.fill('#enrol-code', new TOTP({ secret }).generate());
    await Promise.all([page.waitForSelector('#enrolled'), page.click('form[action="/enrol"] button[type=submit]')]);
    const shown = (await siteState('gina')).recoveryCodes;
    expect(shown).toHaveLength(8);

    const frame = await offerDocument(page);
    await expect.poll(() => frame.locator('.trigger').textContent()).toBe('Save these 8 recovery codes to Twofold');
    await clickOffer(page);
    // Alice's account is of this site too: both are listed; gina's is picked.
    const entry = frame.locator('.menu .item', { hasText: 'gina' });
    await entry.click();
    await expect.poll(() => frame.locator('.menu .heading').textContent()).toBe('Saved to Twofold Test Site.');
    const gina = (await accounts()).find((a) => a.account === 'gina');
    expect(gina?.recoveryCodes).toEqual(shown.map((code) => ({ code })));
    // Alice's account got nothing.
    expect((await accounts()).find((a) => a.account === 'alice')?.recoveryCodes).toEqual([]);
    await page.close();
  });

  it('shows the button beside the codes on a site without an account: its menu says so and saves nothing', async () => {
    const page = await browser.context.newPage();
    // The same list served from the other origin (as HTML, by the test browser): no account names it. The button
    // appears all the same (whether it appears must not tell the page anything about the vault); only its menu
    // says there is no account.
    const html = `<!doctype html><title>Codes</title><h1>Two-factor authentication is enabled</h1>
       <p>Save these recovery codes somewhere safe.</p>
       <ul id="recovery-codes">${DEFAULT_USER.recoveryCodes.map((c) => `<li><code>${c}</code></li>`).join('')}</ul>`;
    await page.route(`${site.crossOrigin}/codes`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto(`${site.crossOrigin}/codes`);
    const frame = await offerDocument(page);
    await expect.poll(() => frame.locator('.trigger').textContent()).toBe('Save these 8 recovery codes to Twofold');
    await clickOffer(page);
    await expect
      .poll(() => frame.locator('.menu .heading').textContent())
      .toBe('No account of this site to save them to.');
    await expect(frame.locator('.menu .item').count()).resolves.toBe(0);
    await page.close();
  });
});

describe('mark used: a recovery code the site took is never offered again', () => {
  it('the next sign-in offers the NEXT code, the site accepts it, and both are stored as used', async () => {
    const codes = [...DEFAULT_USER.recoveryCodes];
    await setRecovery('alice', codes);
    const page = await browser.context.newPage();
    for (const expected of [codes[0], codes[1]]) {
      await passwordStep(page, site.origin, 'recovery');
      await clickOffer(page);
      expect((await listedCodes(page))[0]).toBe(expected);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#recovery_code').inputValue()).toBe(expected);
      await Promise.all([page.waitForURL(/\/welcome/), page.click('button[type=submit]')]);
      expect(site.events.at(-1)).toMatchObject({ type: 'recovery-ok', variant: 'recovery' });
    }
    // The welcome page's load settled the second one; a further load in the tab (sign-out) settles any late one.
    await page.goto(`${site.origin}/login`);
    await expect
      .poll(async () =>
        (await accounts())
          .find((a) => a.account === 'alice')
          ?.recoveryCodes.filter((r) => r.usedAt)
          .map((r) => r.code),
      )
      .toEqual([codes[0], codes[1]]);
    expect((await siteState('alice')).usedRecoveryCodes).toEqual([codes[0], codes[1]]);
    await page.close();
  });

  it('on a page that does not navigate (the form sent by script, then removed), the code is marked used', async () => {
    const code = DEFAULT_USER.recoveryCodes[3] as string;
    await setRecovery('alice', [code]);
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'recovery');
    // A single-page app: the form goes by fetch and the step is taken out of the page; the URL never changes.
    await page.evaluate(() => {
      const form = document.querySelector('form') as HTMLFormElement;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form) as never) }).then(() =>
          form.remove(),
        );
      });
    });
    await clickOffer(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#recovery_code').inputValue()).toBe(code);
    const url = page.url();
    await page.click('button[type=submit]');
    await expect.poll(() => site.events.at(-1)?.type).toBe('recovery-ok');
    await expect.poll(() => page.locator('form').count()).toBe(0);
    expect(page.url()).toBe(url);
    await expect
      .poll(async () => (await accounts()).find((a) => a.account === 'alice')?.recoveryCodes[0]?.usedAt, {
        timeout: 20_000,
        interval: 1000,
      })
      .toBeTypeOf('number');
    await page.close();
  }, 40_000);

  it('a code the site refused is not burnt: the menu asks, and "No" offers it again', async () => {
    // The first stored code is one this site never issued: it refuses it and shows the step again.
    const unknown = 'zzzz-0000';
    const real = DEFAULT_USER.recoveryCodes[5] as string;
    await setRecovery('alice', [unknown, real]);
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'recovery');
    await clickOffer(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#recovery_code').inputValue()).toBe(unknown);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await page.locator('#error').waitFor();
    expect(site.events.at(-1)).toMatchObject({ type: 'recovery-fail' });

    await clickOffer(page);
    const menu = await offerDocument(page);
    await expect
      .poll(() => menu.locator('.menu .heading').textContent())
      .toBe(`Did Twofold Test Site accept recovery code ${unknown}?`);
    expect((await accounts()).find((a) => a.account === 'alice')?.recoveryCodes[0]?.usedAt).toBeUndefined();
    await menu.locator('.menu .action', { hasText: 'No, offer it again' }).click();
    await expect.poll(() => listedCodes(page)).toEqual([unknown, real]);
    // Now the real one, picked by name (once its entry has been visible long enough to count): the site takes it.
    await page.waitForTimeout(700);
    await menu.locator('.menu .item', { hasText: real }).click();
    await expect.poll(() => page.locator('#recovery_code').inputValue()).toBe(real);
    await Promise.all([page.waitForURL(/\/welcome/), page.click('button[type=submit]')]);
    expect(site.events.at(-1)).toMatchObject({ type: 'recovery-ok' });
    await page.close();
  });
});
