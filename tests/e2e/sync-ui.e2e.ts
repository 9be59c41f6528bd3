/// <reference types="chrome" />
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebDav, type WebDav } from '../webdav/server';
import { CHROME_BUILD, type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup, PASSWORD } from './popup-driver';

/*
 * Settings → Sync and the sync status line (components/SyncPanel.tsx, SyncStatusLine.tsx; docs/sync-format.md
 * "Joining a second device", "When it syncs"), in the built extension in Chromium.
 *
 * 1. What runs whatever the background answers: the panel and its link, the form's own checks, axe in both colour
 *    schemes, and no status line in the popup while sync is off.
 * 2. The panel's flows against a stand-in background: the page's `chrome.runtime.sendMessage` answers the sync
 *    messages of lib/messaging/requests/sync.ts from a script (every other message still reaches the real
 *    background), so start, join (probe, preview, join), the status, the failures next to their fields and turning
 *    off are driven through the real UI while the sync service is not merged yet.
 * 3. The real flow: a real WebDAV server (Apache, tests/webdav/server.ts), two browser profiles driven through the
 *    panel, the permission asked by the real click (the origin granted at install: headless Chromium cannot answer
 *    the prompt).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const OUT = 'docs/screenshots';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  const popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(popup, 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub', 'github.com');
  await popup.close();
});
afterAll(async () => {
  await browser?.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  // Extension pages forbid injected scripts (CSP); an expression evaluated over CDP is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown }> } })
      .axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact}] ${JSON.stringify(n.target)}: ${v.help}`));
}

/** axe-core finds nothing serious or critical, in the light and then the dark colour scheme. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const line of await seriousViolations(page)) found.push(`${what} (${colorScheme}): ${line}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(found).toEqual([]);
}

async function openSyncPanel(): Promise<Page> {
  const options = await browser.openExtensionPage('options.html#sync');
  await options.setViewportSize({ width: 900, height: 1000 });
  await options.locator('#sync-form, #sync-on').first().waitFor();
  return options;
}

describe('the sync panel, whatever the background answers', () => {
  it('Settings links it, and options.html#sync shows the choice of engine, the WebDAV fields and a name', async () => {
    const popup = await openPopup(browser);
    await popup.click('#settings');
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), popup.click('#open-sync')]);
    await tab.waitForURL(/options\.html#sync$/);
    await tab.locator('#sync-form').waitFor();
    await tab.close();
    await popup.close();

    const options = await openSyncPanel();
    expect(await options.isChecked('#sync-engine-webdav')).toBe(true);
    for (const id of ['#sync-url', '#sync-user', '#sync-password', '#sync-device']) {
      expect(await options.locator(id).isVisible(), id).toBe(true);
    }
    expect(await options.locator('#sync-url-hint').textContent()).toContain('Files → Settings');
    // Browser sync: the WebDAV fields go, its limits are said.
    await options.check('#sync-engine-storage');
    expect(await options.locator('#sync-url').count()).toBe(0);
    expect(await options.locator('#sync-engine-storage-hint').textContent()).toContain('150 accounts');
    await options.close();
  });

  it('refuses an empty URL and plain http to another computer, next to the URL, keeping what was typed', async () => {
    const options = await openSyncPanel();
    await options.fill('#sync-device', 'Work laptop');
    await options.click('#sync-continue');
    await options.locator('#sync-url-error').waitFor();
    expect(await options.locator('#sync-url-error').textContent()).toBe('Type the URL of the WebDAV folder.');
    expect(await options.getAttribute('#sync-url', 'aria-invalid')).toBe('true');
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('sync-url');

    await options.fill('#sync-url', 'http://nas.example.lan/dav/');
    await options.fill('#sync-user', 'alice');
    await options.click('#sync-continue');
    await options.waitForFunction(() => document.querySelector('#sync-url-error')?.textContent?.includes('https'));
    expect(await options.locator('#sync-url-error').textContent()).toContain(
      'Twofold sends your server password only over https',
    );
    expect(await options.inputValue('#sync-url')).toBe('http://nas.example.lan/dav/');
    expect(await options.inputValue('#sync-user')).toBe('alice');
    // Editing the URL takes the message away.
    await options.fill('#sync-url', 'https://nas.example.lan/dav/');
    expect(await options.locator('#sync-url-error').count()).toBe(0);
    expect(await options.getAttribute('#sync-url', 'aria-invalid')).toBe('false');

    await options.fill('#sync-device', '');
    await options.click('#sync-continue');
    await options.locator('#sync-device-error').waitFor();
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('sync-device');
    await options.close();
  });

  it('axe finds nothing serious in the panel, in both colour schemes, with and without a message', async () => {
    const options = await openSyncPanel();
    await expectAccessible(options, 'sync panel');
    await options.click('#sync-continue');
    await options.locator('#sync-url-error').waitFor();
    await expectAccessible(options, 'sync panel (URL refused)');
    await options.check('#sync-engine-storage');
    await expectAccessible(options, 'sync panel (browser sync)');
    await options.close();
  });

  it('the popup shows no sync line while sync is off', async () => {
    const popup = await openPopup(browser);
    await popup.locator('#accounts').waitFor();
    // The popup asked (a local question): whatever it answered, sync is not on here.
    const status = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'sync-status' }));
    expect(status?.ok === true ? status.value.status.phase : 'off').toBe('off');
    expect(await popup.locator('#sync-line').count()).toBe(0);
    await popup.close();
  });
});

/**
 * A stand-in background for the sync messages, installed in the page before its scripts run: it answers what
 * `window.syncFake` says and records every sync message and permission request in `window.syncFake.calls`.
 */
function installFake(): void {
  type Reply = { ok: true; value: unknown } | { ok: false; error: string; code: string; text?: unknown };
  const fake = {
    calls: [] as unknown[],
    status: {
      phase: 'off',
      waiting: 0,
      notices: [] as unknown[],
      devices: [] as unknown[],
      deviceName: 'Chromium on Linux',
    } as Record<string, unknown>,
    probe: { kind: 'existing', created: Date.UTC(2026, 10, 12, 9, 30), devices: 2 } as unknown,
    preview: { added: 12, combined: 3, kept: 1, devices: ['Laptop', 'Desktop'] },
    /** The next answer to a message type is this failure. */
    fail: {} as Record<string, { code: string; error: string; text?: unknown }>,
  };
  (window as unknown as { syncFake: typeof fake }).syncFake = fake;
  const on = (engine: Record<string, unknown>, deviceName: string) => ({
    phase: 'synced',
    engine: engine.kind,
    ...(engine.kind === 'webdav' ? { url: engine.url, user: engine.user } : {}),
    deviceName,
    lastSyncAt: Date.now(),
    waiting: 0,
    notices: [],
    devices: [
      { name: 'Laptop', self: false },
      { name: deviceName, self: true },
    ],
  });
  let pending: Record<string, unknown> | undefined;
  const answer = (msg: Record<string, unknown>): Reply => {
    fake.calls.push(msg);
    const type = msg.type as string;
    const failure = fake.fail[type];
    if (failure) {
      delete fake.fail[type];
      return { ok: false, ...failure };
    }
    switch (type) {
      case 'sync-status':
        return { ok: true, value: { status: fake.status } };
      case 'sync-probe':
        return { ok: true, value: { probe: fake.probe } };
      case 'sync-start':
        fake.status = on(msg.engine as Record<string, unknown>, msg.deviceName as string);
        return { ok: true, value: { ok: true } };
      case 'sync-join-preview':
        pending = msg;
        return { ok: true, value: { preview: fake.preview } };
      case 'sync-join':
        if (!pending) return { ok: false, error: 'no preview', code: 'bad-request' };
        fake.status = on(pending.engine as Record<string, unknown>, pending.deviceName as string);
        return { ok: true, value: { ok: true } };
      case 'sync-now':
        fake.status = { ...fake.status, phase: 'synced', lastSyncAt: Date.now(), waiting: 0 };
        return { ok: true, value: { status: fake.status } };
      case 'sync-off':
        fake.status = { phase: 'off', waiting: 0, notices: [], devices: [], deviceName: fake.status.deviceName };
        return { ok: true, value: { ok: true } };
      default:
        return { ok: false, error: `unexpected ${type}`, code: 'bad-request' };
    }
  };
  const runtime = chrome.runtime as unknown as Record<string, unknown>;
  const send = chrome.runtime.sendMessage.bind(chrome.runtime) as (...a: unknown[]) => unknown;
  runtime.sendMessage = (...args: unknown[]) => {
    const msg = args[0] as Record<string, unknown> | undefined;
    if (typeof msg?.type !== 'string' || !msg.type.startsWith('sync-')) return send(...args);
    const reply = answer(msg);
    const callback = args.find((a) => typeof a === 'function') as ((r: unknown) => void) | undefined;
    if (callback) {
      setTimeout(() => callback(reply), 0);
      return undefined;
    }
    return Promise.resolve(reply);
  };
  const permissions = chrome.permissions as unknown as Record<string, unknown>;
  for (const name of ['request', 'remove']) {
    permissions[name] = (request: unknown, callback?: (granted: boolean) => void) => {
      fake.calls.push({ type: `permissions.${name}`, ...(request as object) });
      if (callback) {
        setTimeout(() => callback(true), 0);
        return undefined;
      }
      return Promise.resolve(true);
    };
  }
}

type Calls = { type: string; [k: string]: unknown }[];
const calls = (page: Page) => page.evaluate(() => (window as unknown as { syncFake: { calls: Calls } }).syncFake.calls);
const setFake = (page: Page, patch: Record<string, unknown>) =>
  page.evaluate((p) => Object.assign((window as unknown as { syncFake: object }).syncFake, p), patch);

async function fakePage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript(installFake);
  await page.setViewportSize({ width: 900, height: 1000 });
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return page;
}

const FOLDER = 'https://cloud.example.org/remote.php/dav/files/alice/';
const SERVER_PASSWORD = 'server-app-password-7Qx';

async function fillWebDav(page: Page): Promise<void> {
  await page.fill('#sync-url', FOLDER);
  await page.fill('#sync-user', 'alice');
  await page.fill('#sync-password', SERVER_PASSWORD);
}

describe('the sync panel against a stand-in background', () => {
  it('joins a WebDAV sync: permission at the click, what the folder holds, the preview, then the status', async () => {
    const options = await fakePage('options.html#sync');
    await options.locator('#sync-form').waitFor();
    // The background's proposed name fills the field.
    expect(await options.inputValue('#sync-device')).toBe('Chromium on Linux');
    await fillWebDav(options);
    await options.click('#sync-continue');
    await options.locator('#sync-found').waitFor();
    expect(await options.locator('#sync-found').textContent()).toMatch(
      /^This folder holds Twofold sync started on .*2026.*, used by 2 browsers\.$/,
    );
    const [permission, probe] = (await calls(options)).filter((c) => c.type !== 'sync-status');
    expect(permission).toEqual({ type: 'permissions.request', origins: ['https://cloud.example.org/*'] });
    expect(probe).toMatchObject({
      type: 'sync-probe',
      engine: { kind: 'webdav', url: FOLDER, user: 'alice', password: SERVER_PASSWORD },
    });

    // One field for both passwords by default; a refusal of the synced browsers' password shows under it.
    await setFake(options, {
      fail: {
        'sync-join-preview': {
          code: 'wrong-password',
          error: 'x',
          text: { key: 'sync_wrong', subs: [], english: 'That password opens none of the synced browsers’ data.' },
        },
      },
    });
    await options.fill('#sync-remote', 'other password');
    await options.click('#sync-continue');
    await options.locator('#sync-remote-error').waitFor();
    expect(await options.locator('#sync-remote-error').textContent()).toBe(
      'That password opens none of the synced browsers’ data.',
    );
    expect(await options.inputValue('#sync-remote')).toBe('other password');
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('sync-remote');

    // Two passwords: this browser's refused by the vault's own check shows under its own field.
    await options.uncheck('#sync-same-password');
    await options.fill('#sync-master', 'not mine');
    await setFake(options, {
      fail: {
        'sync-join-preview': {
          code: 'wrong-password',
          error: 'x',
          text: { key: 'core_vault_wrong_password', subs: [], english: 'Wrong password.' },
        },
      },
    });
    await options.click('#sync-continue');
    await options.locator('#sync-master-error').waitFor();
    expect(await options.getAttribute('#sync-master', 'aria-invalid')).toBe('true');
    expect(await options.getAttribute('#sync-remote', 'aria-invalid')).toBe('false');

    await options.fill('#sync-master', PASSWORD);
    await options.click('#sync-continue');
    await options.locator('#sync-preview-text').waitFor();
    expect(await options.locator('#sync-preview-text').textContent()).toBe(
      '12 accounts from your other browsers will be added. 3 accounts you have on both will be combined (for each ' +
        'field the later edit is kept; sites are combined). 1 account only this browser has will be sent to the ' +
        'others. Nothing is deleted.',
    );
    const preview = (await calls(options)).filter((c) => c.type === 'sync-join-preview').at(-1);
    expect(preview).toMatchObject({ remotePassword: 'other password', masterPassword: PASSWORD });
    await expectAccessible(options, 'sync panel (join preview)');

    await options.click('#sync-join-confirm');
    await options.locator('#sync-on').waitFor();
    expect(await options.locator('#sync-line-text').textContent()).toBe('Synced just now');
    expect(await options.locator('#sync-shown-url').textContent()).toBe(FOLDER);
    expect(await options.locator('#sync-shown-user').textContent()).toBe('alice');
    expect(await options.locator('#sync-devices li').allTextContents()).toEqual([
      'Laptop',
      'Chromium on Linux (this browser)',
    ]);
    expect(await options.locator('#sync-clock-explained').textContent()).toContain('About clocks');
    // No message changes the server password of a running sync: the panel says how (off, then on again).
    expect(await options.locator('#sync-change-credentials').textContent()).toContain('turn it on again');
    // The server's password is never shown.
    expect(await options.locator('body').innerText()).not.toContain(SERVER_PASSWORD);
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('sync-title');
    await expectAccessible(options, 'sync panel (on)');
    await options.locator('#sync').screenshot({ path: `${OUT}/options-sync.png` });

    // Off, also removing this browser's files: asked again, then the permission is given back.
    await options.check('#sync-remove-files');
    await options.click('#sync-off-button');
    expect(await options.locator('#sync-off-question').textContent()).toBe(
      'Turn sync off in this browser and remove its files from the server?',
    );
    await options.click('#sync-off-yes');
    await options.locator('#sync-off-done').waitFor();
    const tail = (await calls(options)).filter((c) => c.type === 'sync-off' || c.type === 'permissions.remove');
    expect(tail).toEqual([
      { type: 'sync-off', removeFiles: true },
      { type: 'permissions.remove', origins: ['https://cloud.example.org/*'] },
    ]);
    await options.close();
  });

  it('puts each server refusal next to what caused it: 401 at the password, no answer at the URL', async () => {
    const options = await fakePage('options.html#sync');
    await options.locator('#sync-form').waitFor();
    await fillWebDav(options);
    const refuse = (code: string, english: string) =>
      setFake(options, { fail: { 'sync-probe': { code, error: english, text: { key: 'x', subs: [], english } } } });
    await refuse('auth', 'The server refused the user name or password.');
    await options.click('#sync-continue');
    await options.locator('#sync-password-error').waitFor();
    expect(await options.locator('#sync-password-error').textContent()).toBe(
      'The server refused the user name or password.',
    );
    expect(await options.inputValue('#sync-password')).toBe(SERVER_PASSWORD);
    await refuse('offline', 'The server did not answer.');
    await options.click('#sync-continue');
    await options.locator('#sync-url-error').waitFor();
    expect(await options.locator('#sync-url-error').textContent()).toBe('The server did not answer.');
    expect(await options.locator('#sync-password-error').count()).toBe(0);
    // A failure about none of the fields shows under the button.
    await refuse('newer-version', 'This folder was written by a newer Twofold.');
    await options.click('#sync-continue');
    await options.locator('#sync-form-result').waitFor();
    expect(await options.locator('#sync-form-result').textContent()).toBe(
      'This folder was written by a newer Twofold.',
    );
    await options.close();
  });

  it('starts browser sync as the first device: no permission asked, the master password, then on', async () => {
    const options = await fakePage('options.html#sync');
    await options.locator('#sync-form').waitFor();
    await setFake(options, { probe: { kind: 'empty' } });
    await options.check('#sync-engine-storage');
    await options.fill('#sync-device', 'Home desktop');
    await options.click('#sync-continue');
    await options.locator('#sync-master').waitFor();
    await options.click('#sync-continue');
    expect(await options.locator('#sync-master-error').textContent()).toBe('Type your master password.');
    await options.fill('#sync-master', PASSWORD);
    await options.click('#sync-continue');
    await options.locator('#sync-on').waitFor();
    const sent = (await calls(options)).filter((c) => c.type !== 'sync-status');
    expect(sent.map((c) => c.type)).toEqual(['sync-probe', 'sync-start']);
    expect(sent[1]).toEqual({
      type: 'sync-start',
      engine: { kind: 'storage-sync' },
      masterPassword: PASSWORD,
      deviceName: 'Home desktop',
    });
    expect(await options.locator('#sync-engine').textContent()).toBe(
      'This browser’s sync (Chrome Sync / Firefox Sync)',
    );
    expect(await options.locator('#sync-remove-files').count()).toBe(0);
    await options.close();
  });

  it('the popup shows the status line while sync is on, and "Sync now" shows the status after the round', async () => {
    const popup = await browser.context.newPage();
    await popup.addInitScript(installFake);
    await popup.addInitScript(() => {
      const fake = (window as unknown as { syncFake: { status: object } }).syncFake;
      fake.status = {
        phase: 'offline',
        engine: 'webdav',
        waiting: 3,
        notices: [],
        devices: [],
        lastSyncAt: Date.now() - 600_000,
      };
    });
    await popup.setViewportSize({ width: 360, height: 560 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.locator('#sync-line').waitFor();
    expect(await popup.locator('#sync-line-text').textContent()).toBe('Offline, 3 changes waiting.');
    await expectAccessible(popup, 'popup with the sync line');
    await popup.click('#sync-now');
    await popup.waitForFunction(
      () => document.querySelector('#sync-line-text')?.textContent === 'Synced just now',
      undefined,
      { timeout: 5000 },
    );
    expect((await calls(popup)).map((c) => c.type)).toContain('sync-now');
    await popup.close();
  });
});

/**
 * A copy of the built extension whose manifest grants the loopback origin at install. Headless Chromium cannot
 * answer the permission prompt (measured: `permissions.request` from the real click stays pending), while a request
 * for an origin already granted resolves true at once, still from the click. Everything else is the real build.
 */
function loopbackGrantedBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-sync-ui-build-'));
  cpSync(CHROME_BUILD, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('the real flow: a WebDAV server, two browsers', () => {
  let dav: WebDav;
  let build: string;
  let first: ExtensionBrowser;
  let second: ExtensionBrowser;

  beforeAll(async () => {
    build = loopbackGrantedBuild();
    [dav, first, second] = await Promise.all([startWebDav(), launchWithExtension(build), launchWithExtension(build)]);
  });
  afterAll(async () => {
    await Promise.all([dav?.close(), first?.close(), second?.close()]);
    if (build) rmSync(build, { recursive: true, force: true });
  });

  async function panelOf(b: ExtensionBrowser, account: string): Promise<Page> {
    const popup = await openPopup(b);
    await createVault(popup);
    await addByUri(popup, account);
    await popup.close();
    const options = await b.openExtensionPage('options.html#sync');
    await options.locator('#sync-form').waitFor();
    await options.fill('#sync-url', dav.url);
    await options.fill('#sync-user', dav.user);
    await options.fill('#sync-password', dav.password);
    return options;
  }

  it('turns sync on in one browser and joins it from a second', async () => {
    const one = await panelOf(first, 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    await one.fill('#sync-device', 'First');
    // Playwright's click is a user gesture: the real button asks for the permission.
    await one.click('#sync-continue');
    await one.locator('#sync-master').waitFor({ timeout: 30_000 });
    expect(await one.locator('#sync-found').textContent()).toContain('no Twofold sync yet');
    await one.fill('#sync-master', PASSWORD);
    await one.click('#sync-continue');
    await one.locator('#sync-on').waitFor({ timeout: 60_000 });
    await one.waitForFunction(() => document.querySelector('#sync-line-text')?.textContent?.startsWith('Synced'), {
      timeout: 60_000,
    });

    const two = await panelOf(second, 'otpauth://totp/Mastodon:dana?secret=MFRGGZDFMZTWQ2LK&issuer=Mastodon');
    await two.fill('#sync-device', 'Second');
    await two.click('#sync-continue');
    await two.locator('#sync-remote').waitFor({ timeout: 30_000 });
    expect(await two.locator('#sync-found').textContent()).toContain('used by 1 browser.');
    await two.fill('#sync-remote', PASSWORD);
    await two.click('#sync-continue');
    await two.locator('#sync-preview-text').waitFor({ timeout: 60_000 });
    expect(await two.locator('#sync-preview-text').textContent()).toMatch(
      /^1 account from your other browsers will be added\..* 1 account only this browser has will be sent/,
    );
    await two.click('#sync-join-confirm');
    await two.locator('#sync-on').waitFor({ timeout: 60_000 });
    await two.waitForFunction(() => document.querySelector('#sync-line-text')?.textContent?.startsWith('Synced'), {
      timeout: 60_000,
    });
    expect(await two.locator('#sync-devices li').allTextContents()).toEqual(
      expect.arrayContaining(['First', 'Second (this browser)']),
    );
    const list = await two.evaluate(() => chrome.runtime.sendMessage({ type: 'accounts-list' }));
    expect(list.value.accounts.map((a: { issuer: string }) => a.issuer).sort()).toEqual(['GitHub', 'Mastodon']);

    // The first browser gets the second's account on "Sync now".
    await one.click('#sync-now');
    await one.waitForFunction(() => document.querySelector('#sync-line-text')?.textContent?.startsWith('Synced'), {
      timeout: 60_000,
    });
    const firstList = await one.evaluate(() => chrome.runtime.sendMessage({ type: 'accounts-list' }));
    expect(firstList.value.accounts.map((a: { issuer: string }) => a.issuer).sort()).toEqual(['GitHub', 'Mastodon']);
    expect(await one.locator('#sync-devices li').allTextContents()).toEqual(
      expect.arrayContaining(['First (this browser)', 'Second']),
    );
  });
});
