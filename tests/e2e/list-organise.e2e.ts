/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, openPopup, row } from './popup-driver';

/*
 * Organising the popup's list in the built extension in Chromium: drag and keyboard reorder,
 * sort modes, groups folded and filtered (set in the edit view), each kept when the popup opens again; the list's
 * small fixes (codes of 9 digits in threes, the search hint, row actions off the name, the toast off the last row,
 * the backup notice hidden); axe on the grouped list in both colour schemes. One browser for the whole file.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let browser: ExtensionBrowser;
let popup: Page;

/** Added in this order, so the vault's own order is Charlie, Alpha, Bravo, Nine. */
const URIS = [
  'otpauth://totp/Charlie:c%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Charlie',
  'otpauth://totp/Alpha:a%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Alpha',
  'otpauth://totp/Bravo:b%40example.com?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF&issuer=Bravo',
  'otpauth://totp/Nine:n%40example.com?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Nine&digits=9',
];

/** The issuers of the rows on screen, top to bottom. */
const shown = (page: Page) => page.locator('li.account .issuer').allTextContents();

/** Polls until the rows read `order` (a change shows once the vault answered), then answers them. */
async function expectOrder(page: Page, order: string[]): Promise<void> {
  await expect.poll(() => shown(page), { timeout: 10_000 }).toEqual(order);
}

async function reopen(): Promise<Page> {
  await popup.close();
  popup = await openPopup(browser);
  await popup.locator('li.account').first().waitFor();
  return popup;
}

/** axe-core's serious and critical findings on the page as it is now, in the light and then the dark scheme. */
async function axeFindings(page: Page): Promise<string[]> {
  // Extension pages forbid injected scripts (CSP); an expression evaluated over CDP is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: unknown }> } })
        .axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
    for (const v of violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(`${colorScheme}: ${v.id} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

const box = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
type Box = Awaited<ReturnType<typeof box>>;
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

beforeAll(async () => {
  browser = await launchWithExtension();
  popup = await openPopup(browser);
  await createVault(popup);
  await popup.evaluate(async (uris) => {
    for (const uri of uris) {
      const reply = await chrome.runtime.sendMessage({ type: 'account-add', draft: { uri } });
      if (!reply?.ok) throw new Error(reply?.error ?? 'add failed');
    }
  }, URIS);
  await reopen();
});
afterAll(() => browser?.close());

describe('organising the account list', () => {
  it('reorders by dragging a row and by keyboard, and keeps the order on reopening', async () => {
    await expectOrder(popup, ['Charlie', 'Alpha', 'Bravo', 'Nine']);
    // Drag Nine by its grip onto the upper half of Charlie's row: it lands above Charlie.
    const grip = row(popup, 'Nine').locator('.drag-handle');
    await row(popup, 'Nine').hover();
    const from = await grip.boundingBox();
    const to = await row(popup, 'Charlie').boundingBox();
    if (!from || !to) throw new Error('no grip or row to drag between');
    await popup.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await popup.mouse.down();
    await popup.mouse.move(from.x + from.width / 2, to.y + to.height / 2, { steps: 8 });
    // While dragging, a drop line shows on the row it would land next to.
    await popup.mouse.move(from.x + from.width / 2, to.y + 8, { steps: 4 });
    expect(await row(popup, 'Charlie').getAttribute('class')).toContain('drop-before');
    await popup.mouse.up();
    await expectOrder(popup, ['Nine', 'Charlie', 'Alpha', 'Bravo']);
    expect(await popup.locator('li.drop-before, li.drop-after, li.dragging').count()).toBe(0);

    // The keyboard's ways: Alt+Up on a focused row, and the row's own "Move up" button.
    await row(popup, 'Alpha').locator('button.code').focus();
    await popup.keyboard.press('Alt+ArrowUp');
    await expectOrder(popup, ['Nine', 'Alpha', 'Charlie', 'Bravo']);
    // Again without refocusing: focus stayed on Alpha's code, also now that it reached the top ("Move up" disabled).
    await popup.keyboard.press('Alt+ArrowUp');
    await expectOrder(popup, ['Alpha', 'Nine', 'Charlie', 'Bravo']);
    const alphaCodeFocused = () =>
      row(popup, 'Alpha')
        .locator('button.code')
        .evaluate((el) => el === document.activeElement);
    await expect.poll(alphaCodeFocused).toBe(true);
    await row(popup, 'Bravo').hover();
    await row(popup, 'Bravo').locator('button.up').click();
    await expectOrder(popup, ['Alpha', 'Nine', 'Bravo', 'Charlie']);
    // While a search hides neighbours, rows do not move.
    await popup.fill('#search', 'bravo');
    await expectOrder(popup, ['Bravo']);
    expect(await row(popup, 'Bravo').locator('button.up').isDisabled()).toBe(true);
    await popup.fill('#search', '');
    await expectOrder(popup, ['Alpha', 'Nine', 'Bravo', 'Charlie']);
    // Up/Down without Alt still walk the rows.
    await row(popup, 'Alpha').locator('button.code').focus();
    await popup.keyboard.press('ArrowDown');
    expect(
      await popup.evaluate(() => document.activeElement?.closest('li.account')?.querySelector('.issuer')?.textContent),
    ).toBe('Nine');

    await reopen();
    await expectOrder(popup, ['Alpha', 'Nine', 'Bravo', 'Charlie']);
  });

  it('shows 9-digit codes in threes, the search hint only outside the box, row actions off the name', async () => {
    expect(await row(popup, 'Nine').locator('button.code').textContent()).toMatch(/^\d{3} \d{3} \d{3}$/);
    expect(await row(popup, 'Alpha').locator('button.code').textContent()).toMatch(/^\d{3} \d{3}$/);

    const search = popup.locator('#search');
    await popup.locator('h1').click();
    expect(await search.getAttribute('placeholder')).toBe('Search (press /)');
    await popup.keyboard.press('/');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await search.getAttribute('placeholder')).toBe('Search accounts');

    await row(popup, 'Charlie').hover();
    await expect
      .poll(() =>
        row(popup, 'Charlie')
          .locator('.row-actions')
          .evaluate((el) => getComputedStyle(el).opacity),
      )
      .toBe('1');
    const actions = await box(popup, 'li.account:has(.issuer:text-is("Charlie")) .row-actions');
    for (const part of ['.issuer', '.name']) {
      const name = await box(popup, `li.account:has(.issuer:text-is("Charlie")) ${part}`);
      expect(overlap(actions, name)).toBe(false);
    }
  });

  it('leaves the last row clear of the toast once scrolled to the end', async () => {
    // As tall as a popup that has to scroll: the rows run under the bottom edge.
    await popup.setViewportSize({ width: 360, height: 360 });
    await row(popup, 'Charlie').locator('button.code').click();
    await popup.locator('#toast').waitFor();
    await popup.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = await box(popup, 'li.account:last-of-type');
    const toast = await box(popup, '#toast');
    expect(overlap(last, toast)).toBe(false);
    await popup.setViewportSize({ width: 1280, height: 720 });
  });

  it('sorts A–Z and by recent use, and keeps the sort on reopening', async () => {
    await popup.selectOption('#list-sort', 'name');
    await expectOrder(popup, ['Alpha', 'Bravo', 'Charlie', 'Nine']);
    // Drag is for the person's own order only.
    expect(await popup.locator('.drag-handle').count()).toBe(0);
    await reopen();
    expect(await popup.locator('#list-sort').inputValue()).toBe('name');
    await expectOrder(popup, ['Alpha', 'Bravo', 'Charlie', 'Nine']);

    // Copy Bravo's code (Charlie's was copied in the toast check above): Bravo is the most recent.
    await row(popup, 'Bravo').locator('button.code').click();
    await popup.selectOption('#list-sort', 'recent');
    await reopen();
    expect(await popup.locator('#list-sort').inputValue()).toBe('recent');
    await expectOrder(popup, ['Bravo', 'Charlie', 'Alpha', 'Nine']);

    await popup.selectOption('#list-sort', 'custom');
    await expectOrder(popup, ['Alpha', 'Nine', 'Bravo', 'Charlie']);
  });

  it('files accounts in groups from the edit view; groups fold, filter and stay folded on reopening', async () => {
    for (const issuer of ['Alpha', 'Charlie']) {
      await row(popup, issuer).hover();
      await row(popup, issuer).locator('button.edit').click();
      await popup.locator('#edit-group').fill('Work');
      if (issuer === 'Charlie') {
        // The group already in use is offered.
        expect(
          await popup.locator('#edit-group-names option').evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
        ).toEqual(['Work']);
      }
      await popup.click('#edit-form button[type=submit]');
      await popup.locator('#search').waitFor();
    }
    const headings = popup.locator('.group-toggle');
    await expect.poll(() => headings.allTextContents()).toEqual(['Work2 accounts', 'No group2 accounts']);
    await expectOrder(popup, ['Alpha', 'Charlie', 'Nine', 'Bravo']);
    expect(
      await popup.locator('.account-group').evaluateAll((s) => s.map((x) => x.getAttribute('data-group'))),
    ).toEqual(['Work', '']);

    // Fold "Work": its heading stays, with its count; its rows go.
    const work = popup.locator('.group-toggle', { hasText: 'Work' });
    expect(await work.getAttribute('aria-expanded')).toBe('true');
    await work.click();
    expect(await work.getAttribute('aria-expanded')).toBe('false');
    await expectOrder(popup, ['Nine', 'Bravo']);
    // A search still finds an account of a folded group.
    await popup.fill('#search', 'alph');
    await expectOrder(popup, ['Alpha']);
    await popup.fill('#search', '');
    await expectOrder(popup, ['Nine', 'Bravo']);

    expect(await axeFindings(popup)).toEqual([]);

    await reopen();
    expect(await popup.locator('.group-toggle', { hasText: 'Work' }).getAttribute('aria-expanded')).toBe('false');
    await expectOrder(popup, ['Nine', 'Bravo']);

    // Filter to "Work", unfold it: only its accounts; then "No group", then all again.
    await popup.selectOption('#list-filter', 'Work');
    await popup.locator('.group-toggle', { hasText: 'Work' }).click();
    await expectOrder(popup, ['Alpha', 'Charlie']);
    expect(await popup.locator('.group-toggle').count()).toBe(1);
    await popup.selectOption('#list-filter', { label: 'No group' });
    await expectOrder(popup, ['Nine', 'Bravo']);
    // The filter is kept for the next opening.
    await reopen();
    expect(await popup.locator('#list-filter').inputValue()).toBe('');
    await expectOrder(popup, ['Nine', 'Bravo']);
    await popup.selectOption('#list-filter', { label: 'All groups' });
    await expectOrder(popup, ['Alpha', 'Charlie', 'Nine', 'Bravo']);
    expect(await axeFindings(popup)).toEqual([]);
  });

  it('hides the backup notice once dismissed, also on reopening', async () => {
    // From a fresh opening: nothing an earlier check left open covers the list.
    await reopen();
    const notice = popup.locator('#backup-notice');
    await notice.waitFor();
    expect(await notice.locator('#backup-now').textContent()).toBe('Back up now');
    // One line: no taller than its buttons need.
    expect((await notice.boundingBox())?.height).toBeLessThan(48);
    await popup.click('#backup-hide');
    await notice.waitFor({ state: 'detached' });
    await reopen();
    // The notice shows once `backup-status` answers: ask it too, so the popup's own answer has come (nothing was
    // added since the notice showed above: only the dismissal keeps it away).
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'backup-status' }));
    await popup.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
    expect(await popup.locator('#backup-notice').count()).toBe(0);
  });
});
