/// <reference types="chrome" />
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../lib/backup/format';
import { SCRYPT_MAX_MEMORY } from '../../lib/limits';
import type { Site } from '../site/server';
import type { ExtensionBrowser } from './browser';
import { closeBoth, launchWithVault } from './setup';
import { clickOffer, passwordStep } from './site-flow';

/*
 * docs/architecture.md attack 10 end to end: a crafted backup within the old scrypt ranges (N=2^20, r=15, p=4) held the
 * service worker for 31.5 s at 2 GB while pages' code requests waited. Now the options page refuses it before
 * deriving, with the cap's message; and a backup at the caps derives in the options page's worker, so a test-site
 * tab's code request is answered while the restore is still deriving.
 */
let browser: ExtensionBrowser;
let site: Site;
let options: Page;
const dir = mkdtempSync(join(tmpdir(), 'twofold-caps-e2e-'));

beforeAll(async () => {
  [browser, site] = await launchWithVault();
  options = await browser.openExtensionPage('options.html');
  await options.locator('#restore-form').waitFor();
});
afterAll(async () => {
  await closeBoth(browser, site);
  rmSync(dir, { recursive: true, force: true });
});

/** The crafted header only: nothing past it is ever read. */
function craftedBackup(): string {
  const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
  return JSON.stringify({
    format: 'twofold-backup',
    version: 1,
    created: Date.now(),
    accounts: 1,
    kdf: { name: 'scrypt', N: 2 ** 20, r: 15, p: 4, salt: b64(32) },
    cipher: { name: 'AES-256-GCM', nonce: b64(12) },
    data: b64(64),
  });
}

/** The person asks the test site's sign-in for a code: a real click on the inline offer, then Enter on its account. */
async function requestCodeFrom(page: Page): Promise<void> {
  await page.bringToFront();
  await clickOffer(page);
  await page.keyboard.press('Enter');
}

describe('restoring a costly backup', () => {
  it('refuses the crafted header (N=2^20, r=15, p=4) before deriving, with the cap in the message', async () => {
    const path = join(dir, 'crafted.json');
    writeFileSync(path, craftedBackup());
    await options.setInputFiles('#restore-file', path);
    await options.fill('#restore-password', 'any password');
    await options.click('#restore-preview');
    const result = options.locator('#restore-result');
    await result.waitFor();
    const message = (await result.textContent()) ?? '';
    expect(message).toContain('N=1048576, r=15');
    expect(message).toContain(`${SCRYPT_MAX_MEMORY / 2 ** 20} MiB`);
    expect(await options.locator('#restore-review').count()).toBe(0);
  });

  it('answers a test-site tab’s code request while a backup at the caps is still deriving', async () => {
    // At the caps: 256 MiB and N·r·p = 2^22, several seconds of scrypt, in the options page's worker.
    const file = await writeBackup([], 'cap password', {
      random: (n) => new Uint8Array(n).fill(3),
      now: () => Date.now(),
      scrypt: { N: 2 ** 17, r: 16, p: 2 },
    });
    const path = join(dir, 'at-caps.json');
    writeFileSync(path, file);
    const page = await browser.context.newPage();
    await passwordStep(page, site.origin, 'plain');
    await page.locator('#code').waitFor();

    await options.setInputFiles('#restore-file', path);
    await options.fill('#restore-password', 'cap password');
    await options.click('#restore-preview');
    const form = options.locator('#restore-form');
    // The restore started: the form is busy deriving.
    await expect.poll(() => form.getAttribute('aria-busy')).toBe('true');

    await requestCodeFrom(page);
    await expect.poll(() => page.locator('#code').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    // The page got its code while the restore was still pending.
    expect(await form.getAttribute('aria-busy')).toBe('true');

    // And the restore finishes with its outcome shown.
    await options.locator('#restore-summary').waitFor({ timeout: 120_000 });
    expect(await options.locator('#restore-summary').textContent()).toMatch(/0 accounts/);
    expect(await form.getAttribute('aria-busy')).toBe('false');
    await page.close();
  }, 180_000);
});
