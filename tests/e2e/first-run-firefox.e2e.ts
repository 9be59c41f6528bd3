import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FirefoxExtension, launchFirefox, send } from './firefox';

/*
 * The first run in Firefox (docs/first-run.md): the install opens welcome.html, the master password is set there and
 * the tab then shows Firefox's way to pin the button ("Pin to Toolbar") and the three ways to add accounts; no
 * security-key step, since Firefox cannot unlock with one (platform/webauthn.ts).
 */
const PASSWORD = 'correct horse battery';
let ff: FirefoxExtension;

beforeAll(async () => {
  ff = await launchFirefox(undefined, {}, true);
});
afterAll(async () => {
  await ff?.close();
});

describe('the first run in Firefox', () => {
  it('sets up the vault from the welcome tab and shows the next steps', async () => {
    const page = ff.welcome;
    expect(await page.evaluate(() => location.pathname)).toBe('/welcome.html');
    await page.waitForSelector('#setup');
    await page.type('#new-password', PASSWORD);
    await page.type('#confirm-password', PASSWORD);
    await page.click('#setup button[type=submit]');
    await page.waitForSelector('#firstrun-ready', { timeout: 30_000 });
    expect(await send<{ state: string }>(page, { type: 'vault-state' })).toMatchObject({ state: 'unlocked' });
    const shown = await page.evaluate(() => ({
      family: document.querySelector('#pin-picture')?.getAttribute('data-family'),
      how: document.querySelector('#pin-how')?.textContent,
      ways: ['#way-scan', '#firstrun-import', '#firstrun-restore', '#firstrun-settings-link'].filter(
        (s) => document.querySelector(s) !== null,
      ).length,
      key: document.querySelector('#firstrun-key') !== null,
      body: document.body.textContent,
    }));
    expect(shown.family).toBe('firefox');
    expect(shown.how).toContain('Pin to Toolbar');
    expect(shown.ways).toBe(4);
    expect(shown.key).toBe(false);
    expect(shown.body).not.toContain('No code field');
  });
});
