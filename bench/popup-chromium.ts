/// <reference types="chrome" />
import { launchWithExtension } from '../tests/e2e/browser';
import type { Page } from 'playwright-core';
import { createVault, openPopup, PASSWORD } from '../tests/e2e/popup-driver';

/**
 * Services people keep codes for, each with its site: the vault's accounts cycle through them, so the rows carry the
 * brand logos a real list shows (components/BrandIcon.tsx) and the bench measures the list with its icons.
 */
const SERVICES: readonly [issuer: string, site: string][] = [
  ['GitHub', 'github.com'],
  ['Google', 'google.com'],
  ['Microsoft', 'microsoft.com'],
  ['Amazon', 'amazon.com'],
  ['Dropbox', 'dropbox.com'],
  ['Slack', 'slack.com'],
  ['Discord', 'discord.com'],
  ['PayPal', 'paypal.com'],
  ['Facebook', 'facebook.com'],
  ['Proton', 'proton.me'],
  ['Cloudflare', 'cloudflare.com'],
  ['GitLab', 'gitlab.com'],
  ['Reddit', 'reddit.com'],
  ['Twitch', 'twitch.tv'],
  ['Bitwarden', 'bitwarden.com'],
  ['Atlassian', 'atlassian.com'],
  ['Coinbase', 'coinbase.com'],
  ['Binance', 'binance.com'],
  ['Nintendo', 'nintendo.com'],
  ['Adobe', 'adobe.com'],
  ['Figma', 'figma.com'],
  ['Notion', 'notion.so'],
  ['Stripe', 'stripe.com'],
  ['Shopify', 'shopify.com'],
  ['DigitalOcean', 'digitalocean.com'],
  ['npm', 'npmjs.com'],
  ['Docker', 'docker.com'],
  ['LinkedIn', 'linkedin.com'],
  ['Instagram', 'instagram.com'],
  ['Zoom', 'zoom.us'],
  ['Epic Games', 'epicgames.com'],
  ['Kraken', 'kraken.com'],
];

/**
 * Creates the vault and adds `count` TOTP accounts through `account-add`: real services in turn, each account with
 * its own name and 32-character Base32 secret spread over the alphabet so no two are alike.
 */
async function createVaultOfServices(page: Page, count: number): Promise<void> {
  await createVault(page);
  await page.evaluate(
    async ({ n, services }) => {
      for (let i = 0; i < n; i++) {
        const secret = Array.from(
          { length: 32 },
          (_, j) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[(i * 7 + j * 13) % 32],
        ).join('');
        const [issuer, site] = services[i % services.length] as [string, string];
        const label = `${encodeURIComponent(issuer)}:user${i}%40example.com`;
        const reply = await chrome.runtime.sendMessage({
          type: 'account-add',
          draft: { uri: `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}` },
          sites: [site],
        });
        if (!reply?.ok) throw new Error(reply?.error ?? 'add failed');
      }
    },
    { n: count, services: SERVICES },
  );
}

export interface PopupBench {
  accounts: number;
  codesShownMs: number[];
  searchKeystrokeMs: number[];
  /** Lock, then time the `vault-unlock` request (Argon2id + opening every record in the worker). */
  unlockMs: number[];
  /**
   * Lock, then time a `vault-unlock` with a wrong password (one Argon2id, nothing else: docs/vault-format.md "Unlock
   * attempts"); three, within the free attempts, then the right password resets the count.
   */
  wrongPasswordMs: number[];
}

/**
 * The popup with `count` accounts in real Chromium: time from navigation start to the first render
 * with codes (`twofold:codes-shown` mark), over several openings; and time from a search keystroke
 * to the filtered list's render (`twofold:search-input` → `twofold:search-rendered`).
 */
export async function benchPopup(count = 1000, openings = 7): Promise<PopupBench> {
  const browser = await launchWithExtension();
  try {
    const setup = await openPopup(browser);
    await createVaultOfServices(setup, count);
    await setup.close();

    const codesShownMs: number[] = [];
    for (let i = 0; i < openings; i++) {
      const popup = await openPopup(browser);
      await popup.locator('li.account button.code[data-code]').first().waitFor();
      const t = await popup.evaluate(
        () => performance.getEntriesByName('twofold:codes-shown')[0]?.startTime ?? Number.NaN,
      );
      codesShownMs.push(t);
      await popup.close();
    }

    const popup = await openPopup(browser);
    await popup.locator('#search').waitFor();
    const searchKeystrokeMs: number[] = [];
    for (const text of ['g', 'gi', 'git', 'github', 'user12', 'user123', 'x', '']) {
      await popup.evaluate(() => performance.clearMarks());
      await popup.fill('#search', text);
      await popup.waitForFunction(() => performance.getEntriesByName('twofold:search-rendered').length > 0);
      searchKeystrokeMs.push(
        await popup.evaluate(() => {
          const start = performance.getEntriesByName('twofold:search-input').at(-1)?.startTime ?? Number.NaN;
          const end = performance.getEntriesByName('twofold:search-rendered').at(-1)?.startTime ?? Number.NaN;
          return end - start;
        }),
      );
    }
    const unlockMs = await popup.evaluate(async (password) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        await chrome.runtime.sendMessage({ type: 'vault-lock' });
        const t0 = performance.now();
        const reply = await chrome.runtime.sendMessage({ type: 'vault-unlock', password });
        if (!reply?.ok) throw new Error(reply?.error ?? 'unlock failed');
        times.push(performance.now() - t0);
      }
      return times;
    }, PASSWORD);
    const wrongPasswordMs = await popup.evaluate(async (password) => {
      const times: number[] = [];
      await chrome.runtime.sendMessage({ type: 'vault-lock' });
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const reply = await chrome.runtime.sendMessage({ type: 'vault-unlock', password: `${password}-wrong` });
        times.push(performance.now() - t0);
        if (reply?.ok) throw new Error('a wrong password unlocked');
      }
      const reply = await chrome.runtime.sendMessage({ type: 'vault-unlock', password });
      if (!reply?.ok) throw new Error(reply?.error ?? 'unlock failed');
      return times;
    }, PASSWORD);
    return { accounts: count, codesShownMs, searchKeystrokeMs, unlockMs, wrongPasswordMs };
  } finally {
    await browser.close();
  }
}
