import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, openPopup } from './popup-driver';

/*
 * docs/import-formats.md "App databases", end to end in the options page of the built extension: a Stratum database
 * (an SQLite file) is read by sql.js in the import worker, which proves the shipped sql-wasm.wasm loads and compiles
 * under the extension's Content Security Policy; an encrypted database is refused with what to export instead.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/import/stratum-db');

let browser: ExtensionBrowser;
let options: Page;

interface Listed {
  kind: string;
  issuer: string;
  account: string;
}

beforeAll(async () => {
  browser = await launchWithExtension();
  const popup = await openPopup(browser);
  await createVault(popup);
  await popup.close();
  options = await browser.openExtensionPage('options.html');
  await options.locator('#import-form').waitFor();
});
afterAll(async () => {
  await browser?.close();
});

async function accounts(): Promise<Listed[]> {
  return options.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'accounts-list' })).value.accounts);
}

describe('app databases in the built extension', () => {
  it('reads a Stratum database with sql.js in the import worker and imports its accounts', async () => {
    await options.setInputFiles('#import-file', join(FIXTURES, 'authenticator.db3'));
    expect(await options.locator('#import-format').textContent()).toContain('Stratum');
    await options.locator('#import-read').click();
    await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await options.locator('li.scan-account').count()).toBe(6);
    // The rows Twofold cannot do are listed, not dropped: mOTP, Yandex and an unknown algorithm.
    const problems = (await options.locator('#import-problems').textContent()) ?? '';
    expect(problems).toContain('mOTP');
    expect(problems).toContain('Yandex');
    await options.locator('#scan-confirm').click();
    await options.locator('#import-result').waitFor();
    expect(await options.locator('#import-result').textContent()).toBe('Imported: 6 added, 0 updated.');
    const list = await accounts();
    expect(list.find((a) => a.issuer === 'Counter')).toMatchObject({ kind: 'hotp', account: 'carol' });
    expect(list.find((a) => a.issuer === 'Steam')).toMatchObject({ kind: 'steam', account: 'gabe' });
    expect(list.find((a) => a.issuer === 'Bücher')).toMatchObject({ kind: 'totp', account: 'zoë 😀' });
  });

  it('refuses an encrypted database, saying what to export from the app instead', async () => {
    await options.reload();
    await options.locator('#import-form').waitFor();
    await options.setInputFiles('#import-file', join(FIXTURES, 'encrypted-authenticator.db3'));
    await options.locator('#import-read').click();
    await expect
      .poll(async () => (await options.locator('#import-result').textContent()) ?? '', { timeout: 20_000 })
      .toContain('make a backup');
    expect(await options.locator('li.scan-account').count()).toBe(0);
  });
});
