/// <reference types="chrome" />
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import type { SyncJoinPreview, SyncStatusView } from '../../lib/messaging/requests/sync';
import { CHROME_BUILD, chromiumArgs, chromiumPath } from './browser';
import {
  FIREFOX_BUILD,
  EXTENSION_ORIGIN as FIREFOX_ORIGIN,
  type FirefoxExtension,
  send as firefoxSend,
  launchFirefox,
} from './firefox';
import {
  chromiumRecorder,
  devToolsEndpoint,
  firefoxRecorder,
  type NetworkRecorder,
  startRecordingProxy,
} from './net-recorder';
import { createVault, PASSWORD } from './popup-driver';

/*
 * The sync end-to-end harness (docs/sync-format.md "Worked example"): independent browser profiles, each with the built extension and a
 * network recorder (tests/e2e/net-recorder.ts) running from before the extension's first page, driven through the
 * messages an extension page sends (lib/messaging/requests/); a gate per profile that takes it off the network and
 * back; the accounts compared the way a person compares two exports.
 */

/** One browser profile with Twofold installed, whichever the browser. */
export interface Profile {
  name: string;
  kind: 'chromium' | 'firefox';
  /** chrome-extension://ID or moz-extension://UUID */
  extensionOrigin: string;
  recorder: NetworkRecorder;
  /** Sends a request to the background from an extension page; answers its value, throws the refusal's text. */
  send<T = unknown>(message: { type: string } & Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export interface ChromiumProfile extends Profile {
  kind: 'chromium';
  context: BrowserContext;
  extensionId: string;
  /** The options page the messages go from (options.html#sync, where the sync panel lives). */
  page: Page;
  openExtensionPage(path: string): Promise<Page>;
}

export interface FirefoxProfile extends Profile {
  kind: 'firefox';
  ff: FirefoxExtension;
  /** A new web page whose own requests the recorder attributes to it. */
  newWebPage(): Promise<FirefoxPage>;
}

/**
 * A copy of a build whose manifest grants `origins` at install (MV3 `host_permissions`, MV2 `permissions`), removed
 * by `remove`. The real build asks for the WebDAV origin with `permissions.request` at the click that turns sync on;
 * the browser's permission dialog is browser chrome no test can click, so the sync tests install with the grant
 * already given (as firefox.ts's `withCaptureGrant` does for activeTab). The copy differs in nothing else.
 */
export function withHostGrant(extensionDir: string, origins: readonly string[]): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-grant-'));
  cpSync(extensionDir, dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    manifest_version: number;
    permissions?: string[];
    host_permissions?: string[];
  };
  if (manifest.manifest_version >= 3) manifest.host_permissions = [...(manifest.host_permissions ?? []), ...origins];
  else manifest.permissions = [...(manifest.permissions ?? []), ...origins];
  writeFileSync(path, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A copy of a build whose CSP lets extension pages and the background connect to `sources` (e.g. `http://127.0.0.1:*`)
 * instead of what the build says, for a recorder's positive control: a request the CSP refuses never reaches the
 * network stack, so no recorder could see it. Removed by `remove`.
 */
export function withConnectSrc(extensionDir: string, sources: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-csp-'));
  cpSync(extensionDir, dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    content_security_policy: string | { extension_pages: string };
  };
  const open = (csp: string) => csp.replace(/connect-src [^;]*/, `connect-src ${sources}`);
  const csp = manifest.content_security_policy;
  manifest.content_security_policy =
    typeof csp === 'string' ? open(csp) : { ...csp, extension_pages: open(csp.extension_pages) };
  writeFileSync(path, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Chromium with the built extension in a profile of its own (as browser.ts's launchWithExtension), plus a DevTools
 * port for the recorder, which is attached before the setup tab Twofold opens on install is used or closed. The
 * options page is left open for messages.
 */
export async function launchChromiumProfile(name: string, extensionDir = CHROME_BUILD): Promise<ChromiumProfile> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build\` first.`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'twofold-sync-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: process.env.HEADFUL !== '1',
    args: [...chromiumArgs(extensionDir), '--remote-debugging-port=0'],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const extensionOrigin = `chrome-extension://${extensionId}`;
    const recorder = await chromiumRecorder(devToolsEndpoint(profileDir), extensionOrigin);
    const isWelcome = (p: Page) => p.url() === `${extensionOrigin}/welcome.html`;
    const welcome = context.pages().find(isWelcome) ?? (await context.waitForEvent('page', { predicate: isWelcome }));
    await welcome.close();
    const openExtensionPage = async (path: string) => {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}/${path}`);
      return page;
    };
    const page = await openExtensionPage('options.html#sync');
    return {
      name,
      kind: 'chromium',
      extensionOrigin,
      extensionId,
      context,
      page,
      recorder,
      openExtensionPage,
      send: (message) => chromiumSend(page, message),
      async close() {
        await recorder.close();
        await context.close();
        rmSync(profileDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
}

async function chromiumSend<T>(page: Page, message: object): Promise<T> {
  const reply = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as {
    ok: boolean;
    value: T;
    error?: string;
  };
  if (!reply?.ok) throw new Error(reply?.error ?? 'no answer');
  return reply.value;
}

/**
 * Firefox ESR (firefox.ts's launchFirefox) whose every HTTP request goes through a recording proxy; messages go
 * from the setup tab Twofold opens on install (an extension page: WebDriver cannot open one itself).
 */
export async function launchFirefoxProfile(name: string, extensionDir = FIREFOX_BUILD): Promise<FirefoxProfile> {
  const proxy = await startRecordingProxy();
  const pageUrls: string[] = [];
  let ff: FirefoxExtension;
  try {
    ff = await launchFirefox(extensionDir, proxy.prefs);
  } catch (e) {
    await proxy.close();
    throw e;
  }
  const recorder = firefoxRecorder(proxy, pageUrls);
  return {
    name,
    kind: 'firefox',
    extensionOrigin: FIREFOX_ORIGIN,
    ff,
    recorder,
    send: (message) => firefoxSend(ff.welcome, message),
    async newWebPage() {
      const page = await ff.browser.newPage();
      page.on('request', (r) => {
        pageUrls.push(r.url());
      });
      return page;
    },
    async close() {
      await ff.close();
      await recorder.close();
    },
  };
}

/** Creates the vault through the setup screen each browser shows first. */
export async function createProfileVault(p: Profile, password = PASSWORD): Promise<void> {
  if (p.kind === 'chromium') {
    const cp = p as ChromiumProfile;
    const popup = await cp.openExtensionPage('popup.html');
    await createVault(popup, password);
    await popup.close();
    return;
  }
  const setup = (p as FirefoxProfile).ff.welcome;
  await setup.waitForSelector('#new-password');
  await setup.type('#new-password', password);
  await setup.type('#confirm-password', password);
  await setup.click('#setup button[type=submit]');
  await setup.waitForSelector('#add', { timeout: 30_000 });
}

// --- accounts -------------------------------------------------------------------------------------------------

export interface AccountView {
  id: string;
  kind: string;
  issuer: string;
  account: string;
  counter?: string;
  sites: string[];
  notes: string;
  recoveryCodes: { code: string; usedAt?: number; supersededAt?: number }[];
  pinned: boolean;
}

export async function accounts(p: Profile): Promise<AccountView[]> {
  return (await p.send<{ accounts: AccountView[] }>({ type: 'accounts-list' })).accounts;
}

export async function accountNamed(p: Profile, issuer: string): Promise<AccountView> {
  const found = (await accounts(p)).find((a) => a.issuer === issuer);
  if (!found) throw new Error(`${p.name} has no account ${issuer}`);
  return found;
}

export async function addAccount(
  p: Profile,
  uri: string,
  extra: { sites?: string[]; notes?: string } = {},
): Promise<AccountView> {
  return (await p.send<{ account: AccountView }>({ type: 'account-add', draft: { uri }, ...extra })).account;
}

export function updateAccount(p: Profile, id: string, patch: Record<string, unknown>): Promise<unknown> {
  return p.send({ type: 'account-update', id, patch });
}

/** Shows the next HOTP code, as the popup does (the background advances the counter first). */
export function hotpNext(p: Profile, id: string): Promise<{ code: string; counter: string }> {
  return p.send({ type: 'hotp-next', id });
}

/** Marks a recovery code used, as the edit view does: the whole list back with that code's `usedAt` set. */
export async function markRecoveryCodeUsed(p: Profile, issuer: string, code: string, at = Date.now()): Promise<void> {
  const a = await accountNamed(p, issuer);
  if (!a.recoveryCodes.some((c) => c.code === code)) throw new Error(`${issuer} has no recovery code ${code}`);
  await updateAccount(p, a.id, {
    recoveryCodes: a.recoveryCodes.map((c) => (c.code === code ? { ...c, usedAt: at } : c)),
  });
}

// --- exports, compared the way a person compares them ---------------------------------------------------------

interface AegisEntry {
  type: string;
  name: string;
  issuer: string;
  note: string;
  favorite: boolean;
  info: { secret: string; algo: string; digits: number; period?: number; counter?: number };
}

/** One account of an export, without what differs by device and means nothing to a person (ids, order, times). */
export interface ComparableAccount {
  kind: string;
  issuer: string;
  account: string;
  secret: string;
  algorithm: string;
  digits: number;
  period?: number;
  counter?: number;
  notes: string;
  pinned: boolean;
  sites: string[];
  recoveryCodes: { code: string; used: boolean }[];
}

/**
 * The vault as a person would compare two exports: the plain Aegis export (secrets, counters, names, notes; the
 * existing "export" flow, with the master password typed again) joined with what the account list shows (sites,
 * recovery codes and which are used), ids dropped, sorted by issuer and name.
 */
export async function comparableExport(p: Profile, masterPassword = PASSWORD): Promise<ComparableAccount[]> {
  const list = await accounts(p);
  const { text } = await p.send<{ text: string }>({
    type: 'export-file',
    format: 'aegis-plain',
    ids: list.map((a) => a.id),
    masterPassword,
  });
  const entries = (JSON.parse(text) as { db: { entries: AegisEntry[] } }).db.entries;
  if (entries.length !== list.length)
    throw new Error(`${p.name}: the export holds ${entries.length} of ${list.length}`);
  return entries
    .map((e, i): ComparableAccount => {
      const view = list[i] as AccountView;
      return {
        kind: e.type,
        issuer: e.issuer,
        account: e.name,
        secret: e.info.secret,
        algorithm: e.info.algo,
        digits: e.info.digits,
        ...(e.info.period !== undefined ? { period: e.info.period } : {}),
        ...(e.info.counter !== undefined ? { counter: e.info.counter } : {}),
        notes: e.note,
        pinned: e.favorite,
        sites: [...view.sites].sort(),
        recoveryCodes: view.recoveryCodes.map((c) => ({ code: c.code, used: c.usedAt !== undefined })),
      };
    })
    .sort((a, b) => `${a.issuer}\u0000${a.account}`.localeCompare(`${b.issuer}\u0000${b.account}`));
}

// --- going offline -----------------------------------------------------------------------------------------------

/**
 * A TCP gate on 127.0.0.1 in front of `targetPort` (the fault proxy in front of Apache): one per profile, so each
 * browser has its own way to the server that a test can cut. Offline, every connection is reset at once (as a
 * network that is down), and open ones are cut.
 */
export interface Gate {
  origin: string;
  offline: boolean;
  setOffline(offline: boolean): void;
  close(): Promise<void>;
}

export async function startGate(targetPort: number): Promise<Gate> {
  const open = new Set<Socket>();
  let offline = false;
  const server: Server = createServer((client) => {
    if (offline) {
      client.resetAndDestroy();
      return;
    }
    const up = tcpConnect(targetPort, '127.0.0.1');
    for (const s of [client, up]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        up.destroy();
      });
    }
    client.pipe(up).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    get offline() {
      return offline;
    },
    setOffline(value) {
      offline = value;
      if (value) for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// --- sync, through the messages the options page's sync panel sends (lib/messaging/requests/sync.ts) ------------

export interface WebDavEngine {
  kind: 'webdav';
  url: string;
  user: string;
  password: string;
}

/** What `sync-status` and `sync-now` answer (the contract's type). */
export type SyncStatus = SyncStatusView;

export const messageText = (m: SyncStatus['message']) => (typeof m === 'string' ? m : (m?.english ?? ''));

export function syncStart(p: Profile, engine: WebDavEngine, masterPassword = PASSWORD): Promise<unknown> {
  return p.send({ type: 'sync-start', engine, masterPassword, deviceName: p.name });
}

export async function syncJoin(
  p: Profile,
  engine: WebDavEngine,
  remotePassword = PASSWORD,
  masterPassword = PASSWORD,
): Promise<SyncJoinPreview> {
  const { preview } = await p.send<{ preview: SyncJoinPreview }>({
    type: 'sync-join-preview',
    engine,
    remotePassword,
    masterPassword,
    deviceName: p.name,
  });
  await p.send({ type: 'sync-join' });
  return preview;
}

export async function syncNow(p: Profile): Promise<SyncStatus> {
  return (await p.send<{ status: SyncStatus }>({ type: 'sync-now' })).status;
}

export async function syncStatus(p: Profile): Promise<SyncStatus> {
  return (await p.send<{ status: SyncStatus }>({ type: 'sync-status' })).status;
}
