/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { isNetwork } from './net-recorder';
import { createVault, openPopup, row } from './popup-driver';

/*
 * Brand icons in the account list (docs/brand-icons.md), in the built extension in Chromium: accounts whose issuer or
 * site names a bundled brand show its logo, read from the extension's own package; the others keep their initials;
 * rows out of view have not loaded a logo yet; no request leaves the browser; axe finds no serious or critical issue
 * in either colour scheme. Draws the README's picture of the list with icons.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** The tallest popup Chromium draws (600 px), so the first rows fit whatever notices the list starts with. */
const POPUP = { width: 360, height: 600 };
/** The README's pictures of the popup are this size (tests/e2e/screenshots.e2e.ts). */
const PICTURE = { width: 360, height: 480 };

/** Base32 secrets that differ per account (the vault refuses a second copy of one). */
const secret = (i: number) =>
  Array.from({ length: 32 }, (_, j) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[(i * 7 + j * 13 + 3) % 32]).join('');

/** The accounts, in list order: the first rows fit the popup, the last ones are far below it. */
const ACCOUNTS: { issuer: string; account: string; sites?: string[]; brand: string }[] = [
  { issuer: 'GitHub', account: 'alice', sites: ['github.com'], brand: 'github' },
  { issuer: 'Example Bank', account: 'alice', sites: ['bank.example'], brand: '' },
  { issuer: 'Google LLC', account: 'alice@gmail.com', brand: 'google' },
  { issuer: '', account: 'alice@work.example', sites: ['www.dropbox.com'], brand: 'dropbox' },
  { issuer: 'Telefónica', account: 'alice', brand: 'telefonica' },
  { issuer: 'Proton Mail', account: 'alice@proton.me', brand: 'protonmail' },
  ...['Lockbox', 'Our Wiki', 'Home NAS', 'Staging', 'Intranet', 'Build server', 'Timesheets'].map((issuer) => ({
    issuer,
    account: 'alice',
    brand: '',
  })),
  { issuer: 'Discord', account: 'alice', brand: 'discord' },
  { issuer: 'Steam', account: 'alice', brand: 'steam' },
  { issuer: 'Zoom', account: 'alice', brand: 'zoom' },
];
const LAST = ['discord', 'steam', 'zoom'];

let browser: ExtensionBrowser;
let popup: Page;
const requests: string[] = [];

beforeAll(async () => {
  browser = await launchWithExtension();
  browser.context.on('request', (r) => requests.push(r.url()));
  popup = await openPopup(browser);
  await popup.setViewportSize(POPUP);
  await createVault(popup);
  await popup.evaluate(
    async (accounts) => {
      for (const [i, a] of accounts.entries()) {
        const label = encodeURIComponent(a.issuer ? `${a.issuer}:${a.account}` : a.account);
        const issuer = a.issuer ? `&issuer=${encodeURIComponent(a.issuer)}` : '';
        const reply = await chrome.runtime.sendMessage({
          type: 'account-add',
          draft: { uri: `otpauth://totp/${label}?secret=${a.secret}${issuer}` },
          ...(a.sites ? { sites: a.sites } : {}),
        });
        if (!reply?.ok) throw new Error(`${i}: ${reply?.error ?? 'add failed'}`);
      }
    },
    ACCOUNTS.map((a, i) => ({ ...a, secret: secret(i) })),
  );
  // A fresh popup, as a person opens it: the list with every account, nothing decided yet.
  await popup.reload();
  await popup.locator('li.account button.code[data-code]').first().waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The logos read so far (Playwright sees every request of the extension's pages, its own files included), as slugs. */
const logosRead = () => requests.flatMap((u) => /\/brand-icons\/([^/]+)\.svg$/.exec(u)?.[1] ?? []);

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown }> } })
      .axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact}] ${JSON.stringify(n.target)}`));
}

/** The colour the logo of `slug` is painted in, as computed for its ::before. */
const logoColour = (page: Page, slug: string) =>
  page.locator(`.brand-icon[data-brand="${slug}"]`).evaluate((el) => getComputedStyle(el, '::before').backgroundColor);

describe('brand icons in the popup', () => {
  it('shows the logos of the rows in view from the package, initials for the rest, and nothing below the fold', async () => {
    for (const a of ACCOUNTS.slice(0, 4)) {
      const name = a.issuer || a.account;
      const icon = row(popup, name).locator('.avatar');
      if (a.brand) {
        await icon.and(popup.locator(`[data-brand="${a.brand}"]`)).waitFor();
        const mask = await icon.evaluate((el) => getComputedStyle(el, '::before').maskImage);
        expect(mask).toBe(`url("chrome-extension://${browser.extensionId}/brand-icons/${a.brand}.svg")`);
        // Decorative: hidden from assistive technology, with no text of its own; the row's name is what is read.
        expect(await icon.getAttribute('aria-hidden')).toBe('true');
        expect(await icon.textContent()).toBe('');
      } else {
        // Decided (data-brand empty): no brand, so the initials stay.
        await icon.and(popup.locator('[data-brand=""]')).waitFor();
        expect(await icon.textContent()).toBe('EB');
      }
    }
    const read = logosRead();
    expect(read).toEqual(expect.arrayContaining(['github', 'google', 'dropbox']));
    // The last rows are far below the popup's fold: no logo read, still on their initials.
    for (const slug of LAST) expect(read).not.toContain(slug);
    for (const issuer of ['Discord', 'Steam', 'Zoom']) {
      // A long list renders its rows in steps (components/use-progressive.ts); rows not rendered yet have no icon.
      if ((await row(popup, issuer).count()) === 0) continue;
      const icon = row(popup, issuer).locator('.avatar');
      expect(await icon.getAttribute('data-brand')).toBeNull();
      expect(await icon.textContent()).toBe(issuer[0]);
    }

    // Tinted per theme: GitHub's near-black is readable on the light rows only, the dark theme paints it in the text
    // colour; Discord's blurple is readable in both.
    await popup.emulateMedia({ colorScheme: 'light' });
    expect(await logoColour(popup, 'github')).toBe('rgb(24, 23, 23)');
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(await logoColour(popup, 'github')).toBe('rgb(230, 237, 243)');
    await popup.emulateMedia({ colorScheme: 'light' });

    // Scrolled to, the last rows load their logos.
    await expect
      .poll(async () => {
        await popup.mouse.wheel(0, 2000);
        return row(popup, 'Zoom').count();
      })
      .toBe(1);
    await row(popup, 'Zoom').scrollIntoViewIfNeeded();
    for (const slug of LAST) await popup.locator(`.brand-icon[data-brand="${slug}"]`).waitFor();
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(await logoColour(popup, 'discord')).toBe('rgb(88, 101, 242)');
    await popup.emulateMedia({ colorScheme: 'light' });
    expect(await logoColour(popup, 'discord')).toBe('rgb(88, 101, 242)');
    // Lockbox is not Box: initials, once decided.
    await row(popup, 'Lockbox').scrollIntoViewIfNeeded();
    await row(popup, 'Lockbox').locator('.avatar[data-brand=""]').waitFor();
    expect(await row(popup, 'Lockbox').locator('.avatar').textContent()).toBe('L');

    for (const colorScheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme });
      expect(await seriousViolations(popup), colorScheme).toEqual([]);
    }
    await popup.emulateMedia({ colorScheme: 'light' });

    // Everything came from the package: no request on the network, nothing but the extension's own files.
    expect(requests.filter(isNetwork)).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(`chrome-extension://${browser.extensionId}/`))).toEqual([]);

    // The README's picture: the top of the list, light theme.
    await popup.evaluate(() => window.scrollTo(0, 0));
    await popup.locator('#accounts').evaluate((el) => el.scrollTo?.(0, 0));
    await row(popup, 'GitHub').scrollIntoViewIfNeeded();
    await popup.setViewportSize(PICTURE);
    await popup.screenshot({ path: 'docs/screenshots/popup-icons.png' });
  });
});
