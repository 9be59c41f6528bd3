/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { createVault } from '../tests/e2e/popup-driver';

/**
 * Creates the vault from `page` (an extension page) and adds `count` TOTP accounts through `account-add`, as the
 * Chromium benches measure a vault of that size. Each account has its own issuer, name and 32-character Base32
 * secret, spread over the alphabet so no two are alike.
 */
export async function createVaultWithAccounts(page: Page, count: number): Promise<void> {
  await createVault(page);
  await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) {
      const secret = Array.from(
        { length: 32 },
        (_, j) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[(i * 7 + j * 13) % 32],
      ).join('');
      const reply = await chrome.runtime.sendMessage({
        type: 'account-add',
        draft: { uri: `otpauth://totp/Issuer%20${i}:user${i}%40example.com?secret=${secret}&issuer=Issuer%20${i}` },
      });
      if (!reply?.ok) throw new Error(reply?.error ?? 'add failed');
    }
  }, count);
}
