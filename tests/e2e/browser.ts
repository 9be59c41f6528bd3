import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

/** Debian's Chromium unless $CHROMIUM_PATH says otherwise (Playwright cannot download browsers here). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`No Chromium at ${path}: run scripts/setup.sh (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return path;
}

export const CHROME_BUILD = resolve('.output/chrome-mv3');

/** Flags for a quiet, closed-network Chromium (this machine refuses outside connections). */
export function chromiumArgs(extensionDir: string): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
    '--no-default-browser-check',
    // Lets the tests press the toolbar button through CDP (Extensions.triggerAction), which grants activeTab.
    '--enable-unsafe-extension-debugging',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ];
  // Chromium's sandbox cannot start as root (CI runs as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's MV3 service worker. */
  worker: Worker;
  /** The first-run tab the install opened (welcome.html), when asked to keep it (`keepWelcome`); closed otherwise. */
  welcome?: Page;
  /** Opens an extension page (e.g. 'popup.html') in a tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Chromium with the built extension loaded (headless unless HEADFUL=1), in the browser language `lang`
 * (Chromium's `--lang`, which `i18n.getUILanguage()` reports) when given. `extraArgs` are more Chromium flags (the
 * hostile-page tests map `*.test` to 127.0.0.1 with `--host-resolver-rules`). `keepWelcome` leaves the first-run tab
 * open (the first-run tests).
 */
export async function launchWithExtension(
  extensionDir = CHROME_BUILD,
  lang?: string,
  extraArgs: readonly string[] = [],
  keepWelcome = false,
): Promise<ExtensionBrowser> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build\` first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'twofold-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: process.env.HEADFUL !== '1',
    args: [...chromiumArgs(extensionDir), ...(lang ? [`--lang=${lang}`] : []), ...extraArgs],
    // On Linux Chromium takes its UI language from the environment (and --lang), as a user's session sets it.
    ...(lang
      ? { locale: lang, env: { ...process.env, LANGUAGE: lang, LANG: `${lang}_${lang.toUpperCase()}.UTF-8` } }
      : {}),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  // A fresh install opens the first run in a tab (welcome.html); tests open their own pages instead.
  const isWelcome = (p: Page) => p.url() === `chrome-extension://${extensionId}/welcome.html`;
  const welcome = context.pages().find(isWelcome) ?? (await context.waitForEvent('page', { predicate: isWelcome }));
  if (!keepWelcome) await welcome.close();
  return {
    context,
    extensionId,
    worker,
    ...(keepWelcome ? { welcome } : {}),
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
