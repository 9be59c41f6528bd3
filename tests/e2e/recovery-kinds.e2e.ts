/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, currentWorker, openPopup } from './popup-driver';
import { offerOpenAt } from './setup';
import { OFFER_FRAME, offerDocument, passwordStep } from './site-flow';

/*
 * Fields by kind (`dual` and recovery-only, docs/detection.md), end to end on the test site (which checks codes
 * with `otpauth`):
 * - the "dual" variant is MediaWiki OATHAuth's "Two-factor token or recovery code" field: the offer lists the
 *   account's current code first and its unused recovery codes after it, and the site accepts either;
 * - the shortcut (the `fill-code` command) and the context-menu entry (`fill-code-here`) fill by the field's kind:
 *   a recovery-only field gets the next unused recovery code and never a TOTP, a dual field gets the code.
 * The commands are dispatched to the background's own listeners (what Chromium does on Alt+Shift+F or a menu
 * click), so the whole path runs: background → the focused/clicked frame → `fill-asked` → grant → `fill-code`.
 */
let browser: ExtensionBrowser;
let site: Site;
let accountId = '';
const CODES = DEFAULT_USER.recoveryCodes;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
  const popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(
    popup,
    `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`,
    site.origin,
  );
  accountId = await popup.evaluate(async () => {
    const reply = (await chrome.runtime.sendMessage({ type: 'accounts-list' })) as {
      ok: boolean;
      value: { accounts: { id: string }[] };
    };
    return reply.value.accounts[0]?.id ?? '';
  });
  await popup.evaluate(
    ({ id, codes }) =>
      chrome.runtime.sendMessage({
        type: 'account-update',
        id,
        patch: { recoveryCodes: codes.map((code) => ({ code })) },
      }),
    { id: accountId, codes: [...CODES] },
  );
  await popup.close();
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

/** The account's recovery codes as the vault holds them now. */
async function stored(): Promise<{ code: string; usedAt?: number }[]> {
  const popup = await openPopup(browser);
  const codes = await popup.evaluate(async (id) => {
    const reply = (await chrome.runtime.sendMessage({ type: 'accounts-list' })) as {
      value: { accounts: { id: string; recoveryCodes: { code: string; usedAt?: number }[] }[] };
    };
    return reply.value.accounts.find((a) => a.id === id)?.recoveryCodes ?? [];
  }, accountId);
  await popup.close();
  return codes;
}

/** What Chromium does on Alt+Shift+F (`fill-code`) or on the context-menu entry, for the page's tab. */
async function dispatch(page: Page, what: 'shortcut' | 'menu'): Promise<void> {
  await page.bringToFront();
  const worker = await currentWorker(browser);
  await worker.evaluate(async (what) => {
    const [tab] = await chrome.tabs.query({ active: true, windowType: 'normal' });
    if (!tab) throw new Error('no tab');
    const events = chrome as unknown as {
      commands: { onCommand: { dispatch(name: string, tab: chrome.tabs.Tab): void } };
      contextMenus: { onClicked: { dispatch(info: object, tab: chrome.tabs.Tab): void } };
    };
    if (what === 'shortcut') events.commands.onCommand.dispatch('fill-code', tab);
    else events.contextMenus.onClicked.dispatch({ menuItemId: 'fill-code-here', frameId: 0, editable: true }, tab);
  }, what);
}

async function signedIn(page: Page): Promise<void> {
  await page.waitForURL(/\/welcome/, { timeout: 10_000 });
}

describe('dual fields ("Two-factor token or recovery code", finding 5)', () => {
  it('the offer lists the current code first and unused recovery codes after it; the code signs in', async () => {
    const page = await offerOpenAt(browser, site, 'dual');
    const menu = await offerDocument(page);
    const items = menu.locator('.menu .item');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(2);
    expect(await items.nth(0).locator('.badge').textContent()).toMatch(/^\d{3} \d{3}$/);
    expect(await items.nth(1).locator('.badge').textContent()).toBe(CODES[0]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#wpOATHToken').inputValue()).toMatch(/^\d{6}$/);
    await page.click('button[type=submit]');
    await signedIn(page);
    expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'dual' });
    await page.close();
  });

  it('its recovery entry fills a recovery code the site accepts', async () => {
    const page = await offerOpenAt(browser, site, 'dual');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#wpOATHToken').inputValue()).not.toBe('');
    const filled = await page.locator('#wpOATHToken').inputValue();
    expect(CODES).toContain(filled);
    await page.click('button[type=submit]');
    await signedIn(page);
    expect(site.events.at(-1)).toMatchObject({ type: 'recovery-ok', variant: 'dual' });
    await page.close();
  });
});

describe('the shortcut and the context menu fill by kind (finding 6)', () => {
  for (const how of ['shortcut', 'menu'] as const) {
    it(`${how}: a recovery-only field gets the next unused recovery code, never a TOTP, and the site takes it`, async () => {
      const before = (await stored()).filter((r) => r.usedAt === undefined).map((r) => r.code);
      const page = await browser.context.newPage();
      await passwordStep(page, site.origin, 'recovery');
      await page.locator(OFFER_FRAME).waitFor({ state: 'attached' });
      if (how === 'menu') await page.click('#recovery_code', { button: 'right' });
      else await page.click('#recovery_code');
      await page.waitForTimeout(400);
      await dispatch(page, how);
      await expect.poll(() => page.locator('#recovery_code').inputValue(), { timeout: 5000 }).not.toBe('');
      const filled = await page.locator('#recovery_code').inputValue();
      expect(filled).not.toMatch(/^\d{6}$/);
      // An unused code (one filled by an earlier test may still wait for its verdict, and is skipped meanwhile).
      expect(before).toContain(filled);
      await page.click('button[type=submit]');
      await signedIn(page);
      expect(site.events.at(-1)).toMatchObject({ type: 'recovery-ok', variant: 'recovery' });
      await page.close();
    });

    it(`${how}: a dual field gets the current code`, async () => {
      const page = await browser.context.newPage();
      await passwordStep(page, site.origin, 'dual');
      await page.locator(OFFER_FRAME).waitFor({ state: 'attached' });
      if (how === 'menu') await page.click('#wpOATHToken', { button: 'right' });
      else await page.click('#wpOATHToken');
      await page.waitForTimeout(400);
      await dispatch(page, how);
      await expect.poll(() => page.locator('#wpOATHToken').inputValue(), { timeout: 5000 }).toMatch(/^\d{6}$/);
      await page.click('button[type=submit]');
      await signedIn(page);
      expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'dual' });
      await page.close();
    });
  }

  it('shortcut: an SMS field gets nothing', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'sms');
    await page.click('#sms-code');
    await page.waitForTimeout(400);
    await dispatch(page, 'shortcut');
    await page.waitForTimeout(800);
    await expect(page.locator('#sms-code').inputValue()).resolves.toBe('');
    await page.close();
  });
});
