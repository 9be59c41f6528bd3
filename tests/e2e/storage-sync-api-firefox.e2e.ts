import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { firefoxPath, until } from './firefox';
import {
  type Call,
  expectConvergence,
  expectItemLimit,
  expectTotalLimit,
  type Profile,
  TEST_ADDON_ID,
  twoProfiles,
} from './storage-sync-api-harness';

/*
 * `storage.sync` at the API level in Firefox ESR (a profile cannot reach Firefox Sync here): Firefox's
 * client-side quota (docs/sync-research.md §1) refused as 'full', the layout's count against `getBytesInUse`, and two
 * profiles fed the same items converging after each runs its round.
 */

const UUID = '3c0a5e7d-1b2f-4a6c-9d8e-5f4a3b2c1d0e';
const PAGE = `moz-extension://${UUID}/page.html`;

async function profile(extensionDir: string): Promise<Profile> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: process.env.HEADFUL !== '1',
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [TEST_ADDON_ID]: UUID }),
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  try {
    await browser.installExtension(extensionDir);
    const page: Page = await until('the test extension’s page', async () => {
      for (const p of await browser.pages()) {
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (href === PAGE) return p;
      }
      return undefined;
    });
    await until('tfTest', () =>
      page.evaluate(() => (globalThis as unknown as { tfTest?: unknown }).tfTest !== undefined),
    );
    const call = ((name: string, ...args: unknown[]) =>
      page.evaluate(
        (n, a) => (globalThis as unknown as { tfTest: Record<string, (...x: unknown[]) => unknown> }).tfTest[n]?.(...a),
        name,
        args,
      )) as Call;
    return { call, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

const profiles = twoProfiles('firefox', profile);

describe('storage.sync in Firefox', () => {
  it('enforces the per-item limit exactly as the layout counts it, and the adapter calls a refusal full', () =>
    expectItemLimit(profiles.one));

  it('refuses a write past 102,400 bytes in all as full, and writes nothing of it', () =>
    expectTotalLimit(profiles.one));

  it('counts the bytes of a real shared state as getBytesInUse does (Firefox prints numbers as JavaScript does)', async () => {
    const { one } = profiles;
    expect(await one.call('start', 'Firefox one', 'pw-one', ['Alpha', 'Beta', 'Gamma'])).toEqual({ ok: true });
    const bytes = await one.call('bytes');
    expect(bytes.firefox).toBeGreaterThan(500);
    expect(bytes.browser).toBe(bytes.firefox);
    // The engine plans with the larger of the two browsers' counts.
    expect(bytes.strictest).toBeGreaterThanOrEqual(bytes.firefox);
  });

  it('two profiles fed the same items converge after each runs its round', () =>
    expectConvergence(profiles.one, profiles.two, 'Firefox two'));
});
