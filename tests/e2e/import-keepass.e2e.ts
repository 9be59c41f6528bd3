/// <reference types="chrome" />
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, openPopup } from './popup-driver';

/*
 * A KeePass database imported in the built extension's options page: kdbxweb and hash-wasm's Argon2 run in the
 * import worker of the real browser (no DOMParser there, WebCrypto's AES and the bundled XML parser instead).
 * The fixture is tests/fixtures/import/keepass/kdbxweb-argon2d-chacha20.kdbx (see its SOURCE.md).
 */
let browser: ExtensionBrowser;
let options: Page;
const FIXTURES = join(__dirname, '../fixtures/import/keepass');

beforeAll(async () => {
  browser = await launchWithExtension();
  const popup = await openPopup(browser);
  await createVault(popup);
  options = await browser.openExtensionPage('options.html');
  await options.locator('#import-file').waitFor({ state: 'attached' });
});
afterAll(async () => {
  await browser?.close();
});

describe('KeePass import in the options page', () => {
  it('reads an Argon2d + ChaCha20 database in the worker, after a wrong password', async () => {
    await options.setInputFiles('#import-file', join(FIXTURES, 'kdbxweb-argon2d-chacha20.kdbx'));
    expect(await options.locator('#import-format').textContent()).toMatch(/KeePass.*KDBX 4\.0.*encrypted/);
    await options.fill('#import-password', 'not it');
    await options.click('#import-read');
    await expect.poll(() => options.locator('#import-result').textContent()).toMatch(/Wrong password/);
    await options.fill('#import-password', 'correct horse');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 30_000 });
    expect(await options.locator('#scan-headline').textContent()).toBe('Found 2 accounts.');
    expect(await options.locator('li.scan-account .scan-title').allTextContents()).toEqual(['Synthetic', 'Steam']);
  });

  it('reads a database written by keepassxc-cli (KDBX 4, AES-KDF), listing what it could not import', async () => {
    await options.reload();
    await options.locator('#import-file').waitFor({ state: 'attached' });
    await options.setInputFiles('#import-file', join(FIXTURES, 'keepassxc-kdbx4.kdbx'));
    await options.fill('#import-password', 'correct horse');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 30_000 });
    expect(await options.locator('#scan-headline').textContent()).toBe('Found 18 accounts.');
    const problems = await options.locator('#import-problems').textContent();
    expect(problems).toContain('Broken otp (sybil)');
    expect(problems).toContain('in the recycle bin');
  });

  it('reads a Twofish database (KeePass plugin cipher)', async () => {
    await options.reload();
    await options.locator('#import-file').waitFor({ state: 'attached' });
    await options.setInputFiles('#import-file', join(FIXTURES, 'kdbxweb-twofish-argon2id.kdbx'));
    await options.fill('#import-password', 'correct horse');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 30_000 });
    expect(await options.locator('#scan-headline').textContent()).toBe('Found 2 accounts.');
  });
});
