import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Browser as WebExt } from 'webextension-polyfill';

/*
 * Firefox ESR (Debian's) driven by puppeteer-core over WebDriver BiDi, with the built Firefox extension installed
 * through BiDi's webExtension.install (puppeteer's `browser.installExtension`).
 *
 * Two things WebDriver cannot do in Firefox, and how the tests stand in for them:
 * - Navigate a tab to a moz-extension:// page. Twofold opens its own page on first install (the welcome tab, a
 *   product feature), and from that page the tests open any other extension page as the extension itself would.
 * - Press the toolbar button, a menu entry or a shortcut, the gestures that grant activeTab (capture needs it).
 *   `withCaptureGrant` copies the build and adds the `<all_urls>` permission, which Firefox accepts for
 *   captureVisibleTab in place of activeTab (MDN tabs.captureVisibleTab); the copy differs in nothing else, and a
 *   test checks that the real build without the gesture refuses with its explanation.
 */
export const FIREFOX_BUILD = resolve('.output/firefox-mv2');
/** The extension's internal UUID, fixed through Firefox's `extensions.webextensions.uuids` preference. */
const UUID = '7f1c2a9e-3b4d-4c5e-8f60-7a8b9c0d1e2f';
const ADDON_ID = 'twofold@twofold.dev';
export const EXTENSION_ORIGIN = `moz-extension://${UUID}`;

/** Debian's Firefox ESR unless $FIREFOX_PATH says otherwise. */
export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(`No Firefox at ${path}: run scripts/setup.sh (apt-get install firefox-esr) or set FIREFOX_PATH.`);
  }
  return path;
}

export interface FirefoxExtension {
  browser: Browser;
  /**
   * The tab Twofold opened on install (welcome.html), then shown the popup's page (popup.html) in it unless
   * `firstRun` asked to keep the first-run page: most tests set up and act from the popup's page.
   */
  welcome: Page;
  close(): Promise<void>;
}

/** A copy of the build whose manifest also asks for `<all_urls>` (see above); removed by `close`. */
export function withCaptureGrant(extensionDir = FIREFOX_BUILD): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-ff-ext-'));
  cpSync(extensionDir, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { permissions: string[] };
  manifest.permissions = [...manifest.permissions, '<all_urls>'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts headless Firefox ESR (HEADFUL=1 shows it) and installs the extension. `prefs` are more Firefox preferences
 * (the hostile-page tests resolve every host name to 127.0.0.1 with them).
 */
export async function launchFirefox(
  extensionDir = FIREFOX_BUILD,
  prefs: Record<string, unknown> = {},
  firstRun = false,
): Promise<FirefoxExtension> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build:firefox\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: process.env.HEADFUL !== '1',
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
      // A closed network: no update checks, telemetry or remote settings.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...prefs,
    },
  });
  try {
    await browser.installExtension(extensionDir);
    const first = await extensionPage(browser, 'welcome.html');
    if (firstRun) return { browser, welcome: first, close: () => browser.close() };
    // WebDriver cannot open a moz-extension:// page; the extension's own page can go to another one.
    await first.evaluate(() => location.assign('/popup.html'));
    const welcome = await extensionPage(browser, 'popup.html');
    return { browser, welcome, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Where a page really is (puppeteer's `url()` can lag behind navigations the page made itself). */
async function locationOf(page: Page): Promise<string> {
  return page.evaluate(() => location.href).catch(() => '');
}

/** Waits for a tab showing the extension page `path` (e.g. 'welcome.html', 'popup.html?tab=3'). */
export async function extensionPage(browser: Browser, path: string, timeout = 15_000): Promise<Page> {
  const want = `${EXTENSION_ORIGIN}/${path}`;
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    for (const page of await browser.pages()) if ((await locationOf(page)) === want) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No tab showed ${want}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 100 ms until it gives a value (not undefined or false); throws naming `what` after `timeout`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeout = 15_000,
): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Sends a request to the background from an extension page, as Twofold's pages do; throws the refusal's text. */
export async function send<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await page.evaluate(async (m) => {
    const { browser } = globalThis as unknown as { browser: WebExt };
    return browser.runtime.sendMessage(m);
  }, message)) as { ok: boolean; value: T; error?: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
