/// <reference types="chrome" />
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../lib/backup/format';
import { writeAegisVault } from '../../lib/export/aegis';
import type { Account } from '../../lib/vault/account-data';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { PASSWORD } from './popup-driver';

/*
 * The first run in Chromium (docs/first-run.md): the install opens welcome.html in a tab; the master password is set
 * there; the tab then shows the pin picture and the three ways to get accounts in, and restore and import work from
 * it into an empty vault. axe finds nothing serious in light and dark. Draws docs/screenshots/first-run.png.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'twofold-first-run-e2e-'));
let browser: ExtensionBrowser;
let welcome: Page;

beforeAll(async () => {
  browser = await launchWithExtension(undefined, undefined, [], true);
  welcome = browser.welcome as Page;
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** axe-core's serious and critical findings, in the light and the dark scheme (as tests/e2e/a11y.e2e.ts checks). */
async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
    for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
      for (const n of v.nodes) found.push(`${colorScheme}: ${v.id} ${JSON.stringify(n.target)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Sends a request to the background from an extension page, as Twofold's pages do. */
async function send<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as {
    ok: boolean;
    value: T;
    error?: string;
  };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

const account = (issuer: string, secret: string): Account => ({
  id: issuer,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  otp: {
    kind: 'totp',
    secret: new TextEncoder().encode(secret),
    issuer,
    account: 'dana',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  },
  sites: [],
  notes: '',
  recoveryCodes: [],
  pinned: false,
  order: 0,
});
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** Follows one of the first run's links: it opens the options page in a new tab, at its section. */
async function follow(link: string, section: string): Promise<Page> {
  const [options] = await Promise.all([browser.context.waitForEvent('page'), welcome.click(link)]);
  await options.locator(section).waitFor();
  expect(options.url()).toBe(`chrome-extension://${browser.extensionId}/options.html${section}`);
  return options;
}

async function accountNames(): Promise<string[]> {
  const { accounts } = await send<{ accounts: { id: string; issuer: string }[] }>(welcome, { type: 'accounts-list' });
  return accounts.map((a) => a.issuer).sort();
}

describe('the first run in a tab', () => {
  it('opens on install, sets the master password and shows the next steps', async () => {
    expect(welcome.url()).toBe(`chrome-extension://${browser.extensionId}/welcome.html`);
    await welcome.setViewportSize({ width: 1000, height: 900 });
    await welcome.locator('#setup').waitFor();
    // A tab layout, not the popup's 360-px column stuck to the left.
    const card = await welcome.locator('#firstrun-password').boundingBox();
    expect(card && card.x > 100 && card.x + card.width < 900).toBe(true);
    expect(await welcome.locator('#firstrun-steps li[aria-current=step]').getAttribute('data-step')).toBe('password');

    // The check's error goes away once the password it named is long enough.
    await welcome.fill('#new-password', 'short');
    await welcome.click('#setup button[type=submit]');
    await welcome.locator('#setup-error').waitFor();
    await welcome.fill('#new-password', PASSWORD);
    await welcome.locator('#setup-error').waitFor({ state: 'detached' });
    expect(await axeProblems(welcome)).toEqual([]);

    await welcome.fill('#confirm-password', PASSWORD);
    await welcome.click('#setup button[type=submit]');
    await welcome.locator('#firstrun-ready').waitFor({ timeout: 20_000 });
    expect(await send<{ state: string }>(welcome, { type: 'vault-state' })).toMatchObject({ state: 'unlocked' });
    // After the password the last step is current and the ones before it are done (a list, not navigation).
    const steps = welcome.locator('#firstrun-steps');
    expect(await steps.evaluate((e) => [e.tagName, e.getAttribute('aria-label')])).toEqual(['OL', 'Setting up']);
    expect(await steps.locator('li.done').evaluateAll((l) => l.map((e) => e.getAttribute('data-step')))).toEqual([
      'password',
      'pin',
    ]);
    expect(await steps.locator('li[aria-current=step]').getAttribute('data-step')).toBe('accounts');
    expect(await welcome.locator('#pin-picture').getAttribute('data-family')).toBe('chromium');
    expect(await welcome.locator('#pin-how').textContent()).toContain('puzzle-piece');
    for (const way of ['#way-scan', '#way-import', '#way-restore', '#firstrun-settings-link', '#firstrun-key-link'])
      expect(await welcome.locator(way).isVisible(), way).toBe(true);
    expect(await welcome.locator('#way-scan').textContent()).toContain('Add the QR code on this page');
    expect(await welcome.textContent('body')).not.toContain('No code field');
    expect(await axeProblems(welcome)).toEqual([]);

    mkdirSync('docs/screenshots', { recursive: true });
    await welcome.screenshot({ path: 'docs/screenshots/first-run.png', fullPage: true });
  });

  it('restores a Twofold backup into the empty vault from the first run', async () => {
    expect(await accountNames()).toEqual([]);
    const path = join(dir, 'twofold-backup.json');
    const backup = await writeBackup(
      [account('Forgejo', 'forgejo-secret-1234'), account('Matrix', 'matrix-secret-12')],
      'backup pw 1',
      {
        random,
        now: () => 1_700_000_100_000,
        scrypt: { N: 2 ** 14, r: 8, p: 1 },
      },
    );
    writeFileSync(path, backup);

    const options = await follow('#firstrun-restore', '#restore');
    // An empty vault: nothing to back up yet, rather than "never" and "every account is in your last backup".
    expect(await options.locator('#backup-status').textContent()).toBe(
      'Nothing to back up yet: your vault has no accounts. Add some, then make a backup here.',
    );
    await options.setInputFiles('#restore-file', path);
    await options.fill('#restore-password', 'backup pw 1');
    await options.click('#restore-preview');
    await options.locator('#restore-items').waitFor({ timeout: 20_000 });
    await options.click('#restore-apply');
    await expect
      .poll(() => options.locator('#restore-result').textContent())
      .toBe('Restored: 2 accounts added, 0 updated, 0 deleted.');
    expect(await accountNames()).toEqual(['Forgejo', 'Matrix']);
    expect(await axeProblems(options)).toEqual([]);
    await options.close();

    // Empty again, for the import.
    const { accounts } = await send<{ accounts: { id: string }[] }>(welcome, { type: 'accounts-list' });
    for (const a of accounts) await send(welcome, { type: 'account-delete', id: a.id });
    expect(await accountNames()).toEqual([]);
  });

  it('imports another app’s file into the empty vault from the first run', async () => {
    const path = join(dir, 'aegis-export.json');
    writeFileSync(path, await writeAegisVault([account('Codeberg', 'codeberg-secret-12')], { random }));
    const options = await follow('#firstrun-import', '#import');
    await options.setInputFiles('#import-file', path);
    await expect.poll(() => options.locator('#import-format').textContent()).toMatch(/Aegis/);
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    await options.click('#scan-confirm');
    await expect.poll(() => options.locator('#import-result').textContent()).toBe('Imported: 1 added, 0 updated.');
    expect(await accountNames()).toEqual(['Codeberg']);
    await options.close();
  });

  it('the popup opened over one of Twofold’s own pages does not report on it as a site', async () => {
    const popup = await browser.openExtensionPage('popup.html');
    await popup.locator('#accounts').waitFor();
    // The precondition the popup relies on: the browser gives the URL of the extension's own page in the tab.
    const active = await popup.evaluate(
      async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.url,
    );
    expect(active).toBe(`chrome-extension://${browser.extensionId}/popup.html`);
    // One round trip to the background after the list showed: the popup's own tab question has been answered.
    await send(popup, { type: 'vault-state' });
    expect(await popup.locator('#tab-status').textContent()).toBe('');
    await popup.close();
  });
});
