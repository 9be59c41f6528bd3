import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { extensionPage, type FirefoxExtension, launchFirefox, send, until } from './firefox';
import { PASSWORD } from './popup-driver';

/*
 * Firefox ESR: its extension pages cannot use their own id as a WebAuthn relying party, so the Firefox build hides
 * "Add a passkey or security key" behind one line of explanation (README "Unlock with a passkey or security key"),
 * and the unlock screen offers only the password.
 */
let ff: FirefoxExtension;

beforeAll(async () => {
  ff = await launchFirefox();
  const setup = ff.welcome;
  await setup.waitForSelector('#new-password');
  await setup.type('#new-password', PASSWORD);
  await setup.type('#confirm-password', PASSWORD);
  await setup.click('#setup button[type=submit]');
  await setup.waitForSelector('#add', { timeout: 30_000 });
});
afterAll(async () => {
  await ff?.close();
});

describe('passkeys and security keys in Firefox', () => {
  it('the panel says why in one line and has no controls', async () => {
    // WebDriver BiDi may not navigate a tab to an extension page; the extension's own page may.
    await ff.welcome.evaluate(() => (globalThis as unknown as { browser: WebExt }).browser.runtime.openOptionsPage());
    const page = await extensionPage(ff.browser, 'options.html');
    const line = await until('the panel', () => page.$eval('#security-keys-unavailable', (e) => e.textContent ?? ''));
    expect(line).toBe(
      'Unlocking with a passkey or security key needs Chrome or another Chromium browser: Firefox does not let extension pages use them reliably yet.',
    );
    expect(await page.$$eval('#security-keys button, #security-keys input', (els) => els.length)).toBe(0);
    expect(await page.$('#security-key-add-button')).toBeNull();
  });

  it('the unlock screen offers only the password', async () => {
    const page = ff.welcome;
    await send(page, { type: 'vault-lock' });
    await until('the unlock screen', () => page.$('#unlock'));
    expect(await page.$('#unlock-key')).toBeNull();
  });
});
