/// <reference types="chrome" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuContent } from '../../entrypoints/offer-frame/menu-ui';
import { readLocale } from '../../scripts/locales';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup, PASSWORD, row, unlock } from './popup-driver';

/*
 * Accessibility (docs/ui.md, docs/i18n.md), in the built extension in Chromium: axe-core finds no serious or critical
 * problem in any view of the popup, the options page, the keys page and the inline offer, in the light
 * and the dark colour scheme; the popup and the offer work by keyboard alone; every control shows where
 * the focus is; the time left of a code has words a screen reader reads.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let browser: ExtensionBrowser;
let popup: Page;
const dir = mkdtempSync(join(tmpdir(), 'twofold-a11y-e2e-'));

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const BANK = 'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&counter=5';
const STEAM = 'otpauth://totp/Steam:carol?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Steam&encoder=steam';

beforeAll(async () => {
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is now, one readable line per element. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Extension pages forbid injected scripts (CSP); an expression evaluated over CDP is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Colours are measured as they end up, not halfway through a fade-in (the toast's, a row's actions).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown }> } })
      .axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} [${v.impact}] ${JSON.stringify(n.target)}: ${v.help}. ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
      ),
    );
}

/** Checks the page in the light and then the dark colour scheme (leaving it light). */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const line of await seriousViolations(page)) found.push(`${what} (${colorScheme}): ${line}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  // Soft: the test goes on (later tests build on its steps) and fails at its end, listing every view's problems.
  expect.soft(found, `axe found serious/critical problems:\n${found.join('\n')}`).toEqual([]);
}

describe('axe-core in the popup', () => {
  it('finds nothing serious in the setup view', async () => {
    popup = await openPopup(browser);
    await popup.locator('#setup').waitFor();
    await popup.fill('#new-password', 'short');
    await expectAccessible(popup, 'setup');
    await createVault(popup);
  });

  it('finds nothing serious in the add view, the list (TOTP, HOTP, Steam) and the edit view', async () => {
    await popup.click('#add');
    await popup.locator('#add-uri').waitFor();
    await expectAccessible(popup, 'add (empty)');
    await popup.fill('#add-uri', GITHUB);
    await popup.fill('#add-sites', 'github.com');
    await expectAccessible(popup, 'add (link preview)');
    await popup.click('#add-form button[type=submit]');
    await popup.locator('#accounts').waitFor();
    await addByUri(popup, BANK, 'bank.example');
    await addByUri(popup, STEAM);
    await row(popup, 'Bank').locator('button.next').click();
    await row(popup, 'Bank').locator('button.code').waitFor();
    await expectAccessible(popup, 'main list');

    await row(popup, 'GitHub').locator('button.edit').click();
    await popup.locator('#edit-form').waitFor();
    await popup.fill('#recovery-add', 'aaaa-1111\nbbbb-2222');
    await popup.click('#edit-form button[type=submit]');
    await popup.locator('#accounts').waitFor();
    await row(popup, 'GitHub').locator('button.edit').click();
    await popup.locator('#recovery-list li').first().waitFor();
    await expectAccessible(popup, 'edit');
    await popup.click('#delete');
    await popup.locator('#confirm-delete').waitFor();
    await expectAccessible(popup, 'edit (confirm delete)');
    await popup.click('#confirm-delete-no');
    await popup.click('#back');
  });

  it('finds nothing serious in the settings view', async () => {
    await popup.click('#settings');
    await popup.locator('#auto-lock:enabled').waitFor();
    await expectAccessible(popup, 'settings');
    await popup.click('#back');
  });

  it('finds nothing serious in the scan review and the first-code view (pasted links)', async () => {
    await popup.click('#add');
    await popup.fill(
      '#add-uri',
      [
        'otpauth://totp/Gitea:dana?secret=ONSWG4TFORZWK3DMN5XW4ZLS&issuer=Gitea',
        'otpauth://hotp/Counter:erin?secret=MFRGGZDFMZTWQ2LKNNWG23TPOA&issuer=Counter',
      ].join('\n'),
    );
    await popup.click('#add-form button[type=submit]');
    await popup.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    await expectAccessible(popup, 'scan review');
    await popup.click('#scan-confirm');
    await popup.locator('#first-codes li.first-code').first().waitFor();
    await popup.locator('#first-codes button.show-first').click();
    await popup.locator('#first-codes .first-hotp').waitFor();
    await expectAccessible(popup, 'first code');
    await popup.click('#first-code-done');
    await popup.locator('#accounts').waitFor();
  });

  it('finds nothing serious in the unlock view (with a wrong password)', async () => {
    await popup.click('#lock');
    await popup.locator('#unlock').waitFor();
    await expectAccessible(popup, 'unlock');
    await unlock(popup, 'wrong password');
    await popup.locator('#unlock-error').waitFor();
    await expectAccessible(popup, 'unlock (wrong password)');
    await unlock(popup);
    await row(popup, 'GitHub').waitFor();
  });
});

describe('axe-core in the options and keys pages', () => {
  it('finds nothing serious in the backup, restore, import and export panels', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options.locator('#backup-form').waitFor();
    await expectAccessible(options, 'options');

    await options.fill('#backup-password', 'backup password 1');
    await options.fill('#backup-confirm', 'backup password 1');
    await options.fill('#backup-master', PASSWORD);
    const [file] = await Promise.all([options.waitForEvent('download'), options.click('#backup-save')]);
    const backup = join(dir, 'backup.json');
    await file.saveAs(backup);
    await options.locator('#backup-saved').waitFor();
    await options.setInputFiles('#restore-file', backup);
    await options.fill('#restore-password', 'backup password 1');
    await options.click('#restore-preview');
    await options.locator('#restore-items').waitFor({ timeout: 20_000 });
    await options.check('#restore-replace');
    await expectAccessible(options, 'options (backup saved, restore review)');

    const list = join(dir, 'links.txt');
    writeFileSync(list, `${GITHUB}\notpauth://totp/Mastodon:fay?secret=NBSWY3DPO5XXE3DE&issuer=Mastodon\nnot a link\n`);
    await options.setInputFiles('#import-file', list);
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    await expectAccessible(options, 'options (import review)');

    await options.check('input[name=export-format][value=uri-list]');
    await options.fill('#export-master', PASSWORD);
    await options.click('#export-go');
    await options.locator('#export-result').waitFor();
    await expectAccessible(options, 'options (export warning)');
    await options.check('input[name=export-format][value=google]');
    await options.fill('#export-master', PASSWORD);
    await options.click('#export-go');
    await options.locator('#export-qr-code').waitFor();
    await expectAccessible(options, 'options (export QR codes)');
    await options.check('input[name=export-format][value=sheet]');
    await options.fill('#export-master', PASSWORD);
    await options.click('#export-go');
    await options.locator('#recovery-sheet').waitFor();
    await expectAccessible(options, 'options (recovery sheet)');
    await options.close();
  });

  it('finds nothing serious in the keys page', async () => {
    const keys = await browser.openExtensionPage('keys.html');
    await keys.locator('#keys-connect, #keys-unavailable').first().waitFor();
    await expectAccessible(keys, 'keys');
    await keys.close();
  });
});

/** The offer's code, bundled for a plain page (as tests/hid-sim/build.mjs bundles the fake WebHID). */
async function offerBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: [
        "import { setTranslator, t } from './lib/i18n/translate';",
        "import { OfferUi } from './entrypoints/offer-frame/menu-ui';",
        "import { fill } from './lib/i18n/text';",
        'Object.assign(globalThis, { __twofold: { setTranslator, t, OfferUi, fill } });',
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'offer-harness.ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    tsconfigRaw: {},
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no offer bundle');
  return out.text;
}

/** The offer frame's document (entrypoints/offer-frame/index.html), as the frame draws into it. */
const HARNESS = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Twofold</title></head><body></body></html>`;

interface HarnessWindow {
  __twofold: {
    setTranslator(t: { message(key: string, subs: readonly string[]): string; language: string }): void;
    t(key: string, ...subs: string[]): string;
    OfferUi: new (
      doc: Document,
      handlers: {
        onOpen(): void;
        onClose(byEscape: boolean): void;
        onPick(id: string): void;
        onAction(id: string): void;
      },
    ) => { show(content: MenuContent): void };
    fill(template: string, subs: readonly string[]): string;
  };
  __calls: string[];
}

/**
 * The offer frame's document in a page of its own, at the frame's open size: the same code the frame runs, with the
 * background's answers replaced by a fixed menu.
 */
async function offerHarness(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 300 });
  await page.setContent(HARNESS);
  await page.evaluate(await offerBundle());
  await page.evaluate((messages) => {
    const w = window as unknown as HarnessWindow;
    const { setTranslator, t, OfferUi, fill } = w.__twofold;
    setTranslator({ message: (key, subs) => (key in messages ? fill(messages[key] ?? '', subs) : ''), language: 'en' });
    w.__calls = [];
    const menu: MenuContent = {
      heading: t('content_offer_heading'),
      note: t('content_offer_recovery_note'),
      items: [
        { id: 'github', title: 'GitHub', detail: 'alice', code: '123 456' },
        { id: 'key', title: 'Bank', detail: 'Nitrokey Pro', hint: t('content_offer_from_key') },
        { id: 'hotp', title: 'Counter Corp', detail: 'carol', hint: t('content_offer_next_code') },
      ],
      actions: [{ id: 'others', label: t('content_offer_use_another') }],
    };
    const ui = new OfferUi(document, {
      onOpen: () => ui.show(menu),
      onClose: (byEscape) => w.__calls.push(`close:${byEscape}`),
      onPick: (id) => w.__calls.push(`pick:${id}`),
      onAction: (id) => w.__calls.push(`action:${id}`),
    });
  }, readLocale(ROOT, 'en').messages);
  return page;
}

/** The focused element, looking into (opened) shadow roots: `tag#id`, else `tag.classes[data-id]`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const h = el as HTMLElement;
    const tag = h.tagName.toLowerCase();
    if (h.id) return `${tag}#${h.id}`;
    return `${tag}${h.classList.length ? `.${[...h.classList].join('.')}` : ''}${h.dataset.id ? `[${h.dataset.id}]` : ''}`;
  });
}

describe('the inline offer', () => {
  it('has nothing serious for axe with its menu open (codes, hints, a note, actions)', async () => {
    const page = await offerHarness();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.menu:not([hidden])').waitFor();
    await expectAccessible(page, 'inline offer');
    await page.close();
  });

  it('works by keyboard: the button opens, arrows move, Enter picks, Escape closes and asks for the field', async () => {
    const page = await offerHarness();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button.trigger');
    expect(await page.locator('.trigger').evaluate(focusIndicator)).toBe(true);
    await page.keyboard.press('Space');
    expect(await focused(page)).toBe('button.item[github]');
    expect(await page.locator('.item').first().evaluate(focusIndicator)).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('button.item[key]');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('button.action');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await page.locator('.menu').isHidden()).toBe(true);
    // Escape: the frame asks the background to give the focus back to the field in the page.
    expect(await page.evaluate(() => (window as unknown as HarnessWindow).__calls)).toEqual([
      'pick:key',
      'action:others',
      'close:true',
    ]);
    await page.close();
  });
});

/** Whether an element shows that it has the focus: an outline with a width, or a box shadow. */
function focusIndicator(el: Element): boolean {
  const shows = (e: Element) => {
    const s = getComputedStyle(e);
    return (
      (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)') ||
      s.boxShadow !== 'none'
    );
  };
  // A visually hidden file input shows its focus on its label (the button the user sees).
  const labels = (el as HTMLInputElement).labels;
  return shows(el) || (labels ? [...labels].some(shows) : false);
}

/**
 * Presses Tab through the page until the focus comes back to where it started; returns the controls it
 * reached without a visible focus indicator (or without :focus-visible), and those it never reached.
 */
async function tabThroughPage(page: Page): Promise<{ reached: number; unmarked: string[]; unreached: string[] }> {
  await page.evaluate(() => {
    (window as unknown as { __seen: Set<Element> }).__seen = new Set();
  });
  const unmarked: string[] = [];
  let reached = 0;
  for (let press = 0; press < 200; press++) {
    await page.keyboard.press('Tab');
    const active = (await page.evaluateHandle(() => document.activeElement)).asElement();
    const step = active
      ? await active.evaluate((el) => {
          const seen = (window as unknown as { __seen: Set<Element> }).__seen;
          if (el === document.body) return { kind: 'body' as const };
          if (seen.has(el)) return { kind: 'again' as const };
          seen.add(el);
          return { kind: 'new' as const, focusVisible: el.matches(':focus-visible'), what: el.outerHTML.slice(0, 100) };
        })
      : { kind: 'body' as const };
    if (step.kind === 'again') break;
    if (step.kind === 'new' && active) {
      reached++;
      if (!step.focusVisible || !(await active.evaluate(focusIndicator))) unmarked.push(step.what);
    }
    await active?.dispose();
  }
  const unreached = await page.evaluate(() => {
    const seen = (window as unknown as { __seen: Set<Element> }).__seen;
    const radioGroups = new Set<string>();
    for (const el of seen) if (el instanceof HTMLInputElement && el.type === 'radio') radioGroups.add(el.name);
    return [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && !el.matches(':disabled') && el.checkVisibility())
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && radioGroups.has(el.name)))
      .filter((el) => !seen.has(el))
      .map((el) => el.outerHTML.slice(0, 100));
  });
  return { reached, unmarked, unreached };
}

/** Presses Tab (or Shift+Tab) until `selector` has the focus, as a keyboard user would; fails after 40 presses. */
async function tabTo(page: Page, selector: string, back = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector} (now at ${await focused(page)})`);
}

describe('the popup by keyboard alone', () => {
  it('searches, copies a code, takes the next HOTP code, adds, edits, changes a setting, locks and unlocks', async () => {
    // The front tab: a background one gets no animation frames, which slows every step down.
    await popup.bringToFront();
    await popup.reload();
    await row(popup, 'GitHub').waitFor();
    await expect.poll(() => focused(popup)).toBe('input#search');
    const accounts = await popup.locator('li.account').count();

    await popup.keyboard.type('github');
    await expect.poll(() => popup.locator('li.account').count()).toBe(1);
    await tabTo(popup, 'li.account button.code');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.locator('#toast').textContent()).toContain('Copied');
    // Escape empties the search box: every account is back.
    await tabTo(popup, '#search', true);
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.locator('li.account').count()).toBe(accounts);

    await tabTo(popup, 'li.account[data-kind="hotp"] button.next');
    await popup.keyboard.press('Space');
    await row(popup, 'Bank').locator('button.code').waitFor();

    await tabTo(popup, '#add', true);
    await popup.keyboard.press('Enter');
    await expect.poll(() => focused(popup)).toBe('textarea#add-uri');
    await popup.keyboard.type('otpauth://totp/Keyboard:kim?secret=JBSWY3DPEHPK3PXQ&issuer=Keyboard');
    await tabTo(popup, '#add-form button[type=submit]');
    await popup.keyboard.press('Enter');
    await row(popup, 'Keyboard').waitFor();
    await expect.poll(() => focused(popup)).toBe('button#add');

    await tabTo(popup, '#settings', true);
    await popup.keyboard.press('Enter');
    // The settings arrive after the view opened: the first field takes the focus as soon as it is enabled.
    await expect.poll(() => focused(popup)).toBe('select#auto-lock');
    const before = await popup.locator('#auto-lock').inputValue();
    await popup.keyboard.press('ArrowDown');
    await expect.poll(() => popup.locator('#settings-status').textContent()).toContain('Saved');
    expect(await popup.locator('#auto-lock').inputValue()).not.toBe(before);
    await tabTo(popup, '#back', true);
    await popup.keyboard.press('Enter');
    await expect.poll(() => focused(popup)).toBe('button#settings');

    // Edit: Delete asks first; Escape cancels the question and the account stays.
    await tabTo(popup, `li.account[data-id="${await row(popup, 'Keyboard').getAttribute('data-id')}"] button.edit`);
    await popup.keyboard.press('Enter');
    await expect.poll(() => focused(popup)).toBe('input#edit-issuer');
    await tabTo(popup, '#delete');
    await popup.keyboard.press('Enter');
    await expect.poll(() => focused(popup)).toBe('button#confirm-delete-no');
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.locator('#confirm-delete').count()).toBe(0);
    await tabTo(popup, '#back', true);
    await popup.keyboard.press('Enter');
    await row(popup, 'Keyboard').waitFor();

    await tabTo(popup, '#lock', true);
    await popup.keyboard.press('Enter');
    await popup.locator('#unlock').waitFor();
    await expect.poll(() => focused(popup)).toBe('input#password');
    await popup.keyboard.type(PASSWORD);
    await popup.keyboard.press('Enter');
    await row(popup, 'Keyboard').waitFor({ timeout: 20_000 });
    await expect.poll(() => focused(popup)).toBe('input#search');
  });
});

describe('visible focus', () => {
  it('marks every control of the popup’s list as it gets the focus from the keyboard', async () => {
    await popup.reload();
    await row(popup, 'GitHub').waitFor();
    const { reached, unmarked, unreached } = await tabThroughPage(popup);
    expect(reached).toBeGreaterThan(25);
    expect(unmarked, `no visible focus on:\n${unmarked.join('\n')}`).toEqual([]);
    expect(unreached, `never reached by Tab:\n${unreached.join('\n')}`).toEqual([]);
  });

  it('marks every control of the add, edit and settings views too', async () => {
    const problems: string[] = [];
    const check = async (view: string) => {
      const { unmarked, unreached } = await tabThroughPage(popup);
      problems.push(...unmarked.map((u) => `${view}: no visible focus on ${u}`));
      problems.push(...unreached.map((u) => `${view}: never reached by Tab: ${u}`));
    };
    await popup.click('#add');
    await popup.locator('#add-uri').waitFor();
    await check('add');
    await popup.click('#back');
    await row(popup, 'GitHub').locator('button.edit').click();
    await popup.locator('#recovery-list li').first().waitFor();
    await check('edit');
    await popup.click('#back');
    await popup.click('#settings');
    await popup.locator('#auto-lock:enabled').waitFor();
    await check('settings');
    await popup.click('#back');
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('marks every control of the options page as it gets the focus from the keyboard', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options.locator('#backup-form').waitFor();
    const { reached, unmarked, unreached } = await tabThroughPage(options);
    expect(reached).toBeGreaterThan(15);
    expect(unmarked, `no visible focus on:\n${unmarked.join('\n')}`).toEqual([]);
    expect(unreached, `never reached by Tab:\n${unreached.join('\n')}`).toEqual([]);
    await options.close();
  });
});

describe('the time left of a code', () => {
  it('is read as words ("N seconds left"), not as the abbreviation shown', async () => {
    const github = row(popup, 'GitHub');
    const snapshot = await github.ariaSnapshot();
    expect(snapshot).toMatch(/\b\d+ seconds? left\b/);
    expect(snapshot).not.toMatch(/\b\d+ s\b/);
    await expect(github.getByText(/^\d+ seconds? left$/).count()).resolves.toBe(1);
  });
});
