/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionWithFakeHid, type InjectedExtension } from '../hid-sim/inject';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { CHROME_BUILD, type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, openPopup } from './popup-driver';
import { clickOffer, passwordStep } from './site-flow';

/*
 * Hardware keys end to end (docs/hardware-keys.md): the built extension with `navigator.hid` replaced, in its pages
 * and its service worker, by the firmware-like simulator (tests/hid-sim). Pairing in the keys page,
 * the clock warning, the user PIN, codes in the popup, a slot bound to the test site, and the inline
 * offer filling a code read from the key, which the site (with the independent `otpauth` library)
 * accepts.
 */
let ext: InjectedExtension;
let browser: ExtensionBrowser;
let site: Site;
let keys: Page;

beforeAll(async () => {
  ext = await extensionWithFakeHid(CHROME_BUILD, {
    config: {
      sims: [
        {
          model: 'pro',
          firmware: { major: 0, minor: 15 },
          serial: 0x5f11,
          busyPolls: 0,
          processMs: 20,
          pinProtected: true,
          slots: [
            { kind: 'totp', index: 0, name: 'Test site', secretBase32: DEFAULT_USER.secret, digits: 6, period: 30 },
            { kind: 'hotp', index: 0, name: 'Bank', secretAscii: '12345678901234567890', digits: 6, counter: 0 },
          ],
        },
      ],
    },
  });
  [browser, site] = await Promise.all([launchWithExtension(ext.dir), startSite()]);
  const popup = await openPopup(browser);
  await createVault(popup);
  await popup.close();
  keys = await browser.openExtensionPage('keys.html');
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
  await ext?.cleanup();
});

const card = () => keys.locator('section.key-card').first();

describe('a Nitrokey over WebHID (simulated)', () => {
  it('pairs from the keys page, asks to confirm the clock of a new key, then asks for the user PIN', async () => {
    await keys.locator('#keys-connect').click({ timeout: 10_000 });
    await card().waitFor({ timeout: 15_000 });
    expect(await card().locator('h3').textContent()).toContain('Nitrokey Pro');
    // A key whose clock was never set refuses the "soft" set (firmware rule): the user confirms.
    await card().locator('button.key-set-clock').click({ timeout: 10_000 });
    await expect.poll(() => card().locator('button.key-set-clock').count()).toBe(0);

    expect(await card().locator('label', { hasText: 'User PIN' }).textContent()).toContain('3 tries left');
    await card().locator('.key-unlock input[type=password]').fill('000000');
    await card().locator('.key-unlock button[type=submit]').click({ timeout: 10_000 });
    await expect.poll(() => card().locator('[role=alert]').last().textContent()).toMatch(/wrong|PIN/i);
    await expect.poll(() => card().locator('label', { hasText: 'User PIN' }).textContent()).toContain('2 tries left');
    await card().locator('.key-unlock input[type=password]').fill('123456');
    await card().locator('.key-unlock button[type=submit]').click({ timeout: 10_000 });
    await expect.poll(() => card().locator('.key-unlock').count()).toBe(0);
  });

  it('shows codes on demand, HOTP advancing each time', async () => {
    const hotp = card().locator('li.key-slot[data-slot="hotp-0"]');
    await hotp.locator('button.key-show').click({ timeout: 10_000 });
    await expect.poll(() => hotp.locator('output').textContent(), { timeout: 10_000 }).toBe('755224'); // RFC 4226 counter 0
    await hotp.locator('button.key-show').click({ timeout: 10_000 });
    await expect.poll(() => hotp.locator('output').textContent(), { timeout: 10_000 }).toBe('287082');
  });

  it('lists the key in the popup and fills a code from it on the test site, which accepts it', async () => {
    const slot = card().locator('li.key-slot[data-slot="totp-0"]');
    await slot.locator('input.key-sites').fill(site.origin, { timeout: 10_000 });
    await slot.locator('input.key-sites').press('Tab');
    await slot.locator('.key-sites-saved').waitFor({ timeout: 10_000 });
    await keys.reload();
    await expect
      .poll(() => card().locator('li.key-slot[data-slot="totp-0"] input.key-sites').inputValue(), { timeout: 15_000 })
      .toBe(site.origin);

    const popup = await openPopup(browser);
    await popup.locator('#keys .key-card').waitFor({ timeout: 15_000 });
    await popup.locator('#keys li.key-slot[data-slot="totp-0"] button.key-show').click({ timeout: 10_000 });
    await expect
      .poll(() => popup.locator('#keys li.key-slot[data-slot="totp-0"] output').textContent(), { timeout: 10_000 })
      .toMatch(/^\d{6}$/);
    await popup.close();

    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'plain');
    await clickOffer(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('input[name=code]').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    await page.locator('button[type=submit]').first().click({ timeout: 10_000 });
    await page.waitForURL(/\/welcome/, { timeout: 10_000 });
    expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'plain' });
  });
});
