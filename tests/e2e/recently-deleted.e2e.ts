/// <reference types="chrome" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup, row } from './popup-driver';

/*
 * Delete with undo and "Recently deleted" (docs/vault-format.md "Recently deleted"), and groups filled on import
 * (docs/import-export.md "Groups"), in the built extension in Chromium: one browser, the popup and the options page.
 */
let browser: ExtensionBrowser;
let popup: Page;
let options: Page;
const dir = mkdtempSync(join(tmpdir(), 'twofold-deleted-e2e-'));
const AXE_SOURCE = readFileSync(join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const GITLAB = 'otpauth://totp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab';

beforeAll(async () => {
  browser = await launchWithExtension();
  popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(popup, GITHUB, 'github.com');
  await addByUri(popup, GITLAB, 'gitlab.com');
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Deletes an account from its edit view, as a person does. */
async function deleteInPopup(issuer: string): Promise<void> {
  await row(popup, issuer).locator('button.edit').click();
  await popup.click('#delete');
  await popup.click('#confirm-delete-yes');
  await expect.poll(() => row(popup, issuer).count()).toBe(0);
}

/** axe-core's serious and critical findings on the page, in the light and the dark scheme. */
async function axeFindings(page: Page): Promise<string[]> {
  const found: string[] = [];
  // Extension pages forbid injected scripts (CSP); an expression evaluated over CDP is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: unknown }> } })
        .axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
      for (const n of v.nodes) found.push(`${colorScheme}: ${v.id} ${JSON.stringify(n.target)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

interface Listed {
  issuer: string;
  notes: string;
  group?: string;
}

describe('delete with undo, and Recently deleted', () => {
  it('Undo in the toast brings an account back; the options page restores and deletes for good', async () => {
    // 1. Delete from the edit view; the toast's Undo, reached with the keyboard, puts it back.
    await deleteInPopup('GitHub');
    const undo = popup.locator('#toast-action');
    expect(await undo.textContent()).toBe('Undo');
    expect(await popup.locator('#toast .toast-text').textContent()).toBe('Deleted GitHub.');
    await undo.focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => row(popup, 'GitHub').count()).toBe(1);
    await expect.poll(() => popup.locator('#toast').textContent()).toBe('Restored GitHub.');
    // The button went with its toast: the focus is in the search box, not on the page's body.
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('search');
    // Deleted again, Ctrl+Z from the (empty) search box, where the focus is after a delete, undoes it too.
    await deleteInPopup('GitHub');
    await popup.locator('#toast-action').waitFor();
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('search');
    await popup.keyboard.press('Control+z');
    await expect.poll(() => row(popup, 'GitHub').count()).toBe(1);

    // 2. Delete again: it is listed in the options page's "Recently deleted", and Restore puts it back.
    await deleteInPopup('GitHub');
    options = await browser.openExtensionPage('options.html#deleted');
    const item = options.locator('#deleted li.deleted-item');
    await item.first().waitFor({ timeout: 20_000 });
    expect(await item.count()).toBe(1);
    expect(await item.locator('.deleted-issuer').textContent()).toBe('GitHub');
    expect(await item.locator('.deleted-account').textContent()).toContain('alice');
    expect(await item.locator('.deleted-when').textContent()).toBe('Deleted today · Erased in 30 days');
    await item.locator('.deleted-restore').click();
    await expect.poll(() => options.locator('#deleted-status').textContent()).toBe('Restored GitHub.');
    // The status is told first, then the list is read again.
    await expect.poll(() => options.locator('#deleted-empty').count()).toBe(1);
    await popup.reload();
    await expect.poll(() => row(popup, 'GitHub').count()).toBe(1);

    // 3. Delete GitLab; "Delete forever" asks again in the page, checked by axe in both schemes with the question open.
    await deleteInPopup('GitLab');
    // The toast with its Undo button, in both schemes (its colours are the popup's inverted ones). Not pressed here:
    // however long axe takes, nothing below depends on the toast still being up.
    expect(await popup.locator('#toast-action').count()).toBe(1);
    expect(await axeFindings(popup)).toEqual([]);
    await options.reload();
    await item.first().waitFor();
    await item.locator('.deleted-purge').click();
    const dialog = options.locator('#deleted [role=alertdialog]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Delete GitLab forever?');
    expect(await options.evaluate(() => document.activeElement?.className)).toContain('purge-no');
    expect(await axeFindings(options)).toEqual([]);
    // Cancel keeps it; asked again and confirmed, it is gone, also after reopening the page.
    await options.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    expect(await item.count()).toBe(1);
    // The focus is back on the row's "Delete forever", whose name is its visible text and whose description is the row.
    await expect.poll(() => options.evaluate(() => document.activeElement?.className)).toContain('deleted-purge');
    expect(await item.getByRole('button', { name: 'Delete forever', exact: true }).count()).toBe(1);
    expect(await item.getByRole('button', { name: 'Restore', exact: true }).count()).toBe(1);
    const described = await item.locator('.deleted-purge').evaluate((b) =>
      (b.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent?.trim())
        .join(' '),
    );
    expect(described).toBe('GitLab bob');
    await item.locator('.deleted-purge').click();
    await dialog.locator('.purge-yes').click();
    await expect.poll(() => options.locator('#deleted-status').textContent()).toBe('GitLab was deleted for good.');
    await options.reload();
    await options.locator('#deleted-empty').waitFor({ timeout: 20_000 });
    expect(await item.count()).toBe(0);
    expect(await axeFindings(options)).toEqual([]);
  });

  it('an Aegis file’s first group becomes the account’s group; the others stay in the notes', async () => {
    const work = '4e6c3f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01';
    const home = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';
    const vault = {
      version: 1,
      header: { slots: null, params: null },
      db: {
        version: 3,
        entries: [
          {
            type: 'totp',
            uuid: '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
            name: 'carol',
            issuer: 'Dropbox',
            note: 'desk drawer',
            favorite: false,
            icon: null,
            info: { secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U', algo: 'SHA1', digits: 6, period: 30 },
            groups: [work, home],
          },
        ],
        groups: [
          { uuid: work, name: 'Work' },
          { uuid: home, name: 'Home' },
        ],
        icons_optimized: true,
      },
    };
    const path = join(dir, 'aegis-export.json');
    writeFileSync(path, JSON.stringify(vault, null, 4));
    await options.locator('#import-form').waitFor();
    await options.setInputFiles('#import-file', path);
    await options.locator('#import-read').click();
    await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    await options.locator('#scan-confirm').click();
    await expect.poll(() => options.locator('#import-result').textContent()).toContain('1 added');
    const listed = (await options.evaluate(
      async () => (await chrome.runtime.sendMessage({ type: 'accounts-list' })).value.accounts,
    )) as Listed[];
    const dropbox = listed.find((a) => a.issuer === 'Dropbox');
    expect(dropbox?.group).toBe('Work');
    expect(dropbox?.notes).toContain('desk drawer');
    expect(dropbox?.notes).toContain('Home');
    expect(dropbox?.notes).not.toContain('Work');
  });
});
