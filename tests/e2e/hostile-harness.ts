/// <reference types="chrome" />
import { HOTP, Secret, TOTP } from 'otpauth';
import type { CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROME_BUILD, type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup } from './popup-driver';

/*
 * Shared by the hostile-page tests (docs/architecture.md "Attacks and their defences"). The attacks are asserted by
 * their OUTCOME (what the hostile page obtained), never by how Twofold draws its UI, so the same tests hold once the UI
 * moves into an extension frame. Codes are computed here with the independent `otpauth` package, as the test site does,
 * never with lib/.
 */

/** Distinct sites on one loopback server: bank.test, evil.test, evil.bank.test, other.test… all reach 127.0.0.1. */
export const HOST_RULES = '--host-resolver-rules=MAP *.test 127.0.0.1';

export function launchHostile(): Promise<ExtensionBrowser> {
  return launchWithExtension(CHROME_BUILD, undefined, [HOST_RULES, '--ignore-certificate-errors']);
}

export interface TestAccount {
  issuer: string;
  account: string;
  secret: string;
  kind: 'totp' | 'hotp';
}

/** Another site's accounts: a TOTP one and an HOTP one (whose codes never expire). */
export const OTHER: TestAccount = {
  issuer: 'Other Bank',
  account: 'alice@other.test',
  secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  kind: 'totp',
};
export const HARVEST: TestAccount = {
  issuer: 'Harvest HOTP',
  account: 'hotp-user@other.test',
  secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  kind: 'hotp',
};
/** The account of the site the page claims to be, or is (bank.test). */
export const BANK: TestAccount = {
  issuer: 'Bank',
  account: 'alice@bank.test',
  secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
  kind: 'totp',
};

export function uriOf(a: TestAccount): string {
  const label = `${encodeURIComponent(a.issuer)}:${encodeURIComponent(a.account)}`;
  const extra = a.kind === 'hotp' ? '&counter=0' : '';
  return `otpauth://${a.kind}/${label}?secret=${a.secret}&issuer=${encodeURIComponent(a.issuer)}${extra}`;
}

/** Creates the vault and adds `accounts` with their sites through the popup, as a user does; returns their ids. */
export async function enrol(
  browser: ExtensionBrowser,
  accounts: { account: TestAccount; sites: string }[],
): Promise<Record<string, string>> {
  const popup = await openPopup(browser);
  await createVault(popup);
  for (const { account, sites } of accounts) await addByUri(popup, uriOf(account), sites);
  const ids = await accountIds(popup);
  await popup.close();
  return ids;
}

/** Issuer → account id, asked the way the popup asks (an extension page may list accounts). */
export async function accountIds(popup: Page): Promise<Record<string, string>> {
  const reply = (await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'accounts-list' }))) as {
    value: { accounts: { id: string; issuer: string }[] };
  };
  return Object.fromEntries(reply.value.accounts.map((a) => [a.issuer, a.id]));
}

/** Every code of `a` a page could still use: TOTP codes from two periods back to two ahead; HOTP counters 0–200. */
export function codesOf(a: TestAccount): string[] {
  const secret = Secret.fromBase32(a.secret);
  if (a.kind === 'hotp') return Array.from({ length: 201 }, (_, counter) => HOTP.generate({ secret, counter }));
  const now = Date.now();
  return [-2, -1, 0, 1, 2].map((k) => TOTP.generate({ secret, timestamp: now + k * 30_000 }));
}

/** What the page obtained: its record of stolen text and field values, and what its fields hold now. */
export async function lootOf(page: Evaluator): Promise<string> {
  return (await page.evaluate(() => {
    const w = window as unknown as { __stolen?: string[]; __fields?: () => string[] };
    return JSON.stringify([w.__stolen ?? [], w.__fields?.() ?? []]);
  })) as string;
}

/** A Playwright page or frame, or a puppeteer (Firefox) page: whatever runs a function in the page's main world. */
export interface Evaluator {
  evaluate(fn: () => unknown): Promise<unknown>;
}

/** Fails if `loot` holds any code of `accounts` (digits compared without spaces) or any of their names. */
export function expectNothingOf(loot: string, accounts: TestAccount[], what = 'the hostile page'): void {
  const digits = loot.replace(/(\d)\s+(?=\d)/g, '$1');
  for (const a of accounts) {
    const found = codesOf(a).find((code) => digits.includes(code));
    expect(found, `${what} obtained a code of ${a.issuer}`).toBeUndefined();
    for (const name of [a.issuer, a.account]) expect(loot, `${what} read "${name}"`).not.toContain(name);
  }
}

/** Whether `loot` holds a code of `a` (the positive controls). */
export function holdsCodeOf(loot: string, a: TestAccount): boolean {
  const digits = loot.replace(/(\d)\s+(?=\d)/g, '$1');
  return codesOf(a).some((code) => digits.includes(code));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the page has seen an element it did not add (Twofold's), or `ms` pass; returns how many. */
export async function foreignCount(page: Evaluator, ms: number): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const n = (await page.evaluate(() => (window as unknown as { __seen: () => unknown[] }).__seen().length)) as number;
    if (n > 0 || Date.now() > end) return n;
    await sleep(100);
  }
}

/**
 * The content script's isolated world in `page`'s main frame, reached over CDP as a compromised renderer would
 * reach it: `send(message)` runs `chrome.runtime.sendMessage` there and returns the background's raw reply.
 */
export async function isolatedWorld(
  browser: ExtensionBrowser,
  page: Page,
): Promise<{
  send(message: unknown): Promise<{ ok: boolean; value?: unknown; code?: string }>;
  close(): Promise<void>;
}> {
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  const contexts: { id: number; origin: string; name: string; auxData?: { isDefault?: boolean; frameId?: string } }[] =
    [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const want = `chrome-extension://${browser.extensionId}`;
  let contextId: number | undefined;
  for (let i = 0; i < 50 && contextId === undefined; i++) {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    contextId = contexts.find(
      (c) => c.auxData?.isDefault === false && c.auxData.frameId === frameTree.frame.id && c.origin.startsWith(want),
    )?.id;
    if (contextId === undefined) await sleep(100);
  }
  if (contextId === undefined) throw new Error('No isolated world of the extension in this page');
  return {
    async send(message) {
      const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
        contextId,
        expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value: unknown }; exceptionDetails?: { text: string } };
      if (exceptionDetails) throw new Error(`sendMessage threw: ${exceptionDetails.text}`);
      return result.value as { ok: boolean; value?: unknown; code?: string };
    },
    close: () => cdp.detach(),
  };
}

export interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/**
 * The attacker's calibration, done beforehand in its own browser with Twofold installed: where on the screen the
 * control whose text matches `text` is drawn (the smallest button holding it), reading the whole DOM including closed
 * shadow roots (CDP DOM.getDocument with pierce), and extension frames through Playwright. Undefined when no such
 * control is drawn in the page (e.g. the choice moved to a window of its own). It only aims the clicks; the tests
 * assert what the page obtained.
 */
export async function aim(
  browser: ExtensionBrowser,
  page: Page,
  text: RegExp,
): Promise<{ x: number; y: number } | undefined> {
  for (const frame of page.frames()) {
    if (!frame.url().startsWith(`chrome-extension://${browser.extensionId}/`)) continue;
    const box = await frame
      .getByRole('button', { name: text })
      .or(frame.getByRole('menuitem', { name: text }))
      .first()
      .boundingBox({ timeout: 500 })
      .catch(() => null);
    if (box) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
  const cdp = await browser.context.newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const label = (n: DomNode) => {
      const at = n.attributes?.indexOf('aria-label') ?? -1;
      return at >= 0 ? ` ${n.attributes?.[at + 1] ?? ''}` : '';
    };
    const textOf = (n: DomNode): string =>
      n.nodeType === 3
        ? n.nodeValue
        : [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(textOf).join(' ') + label(n);
    const buttons: DomNode[] = [];
    const walk = (n: DomNode) => {
      if (n.nodeName === 'BUTTON' && text.test(textOf(n))) buttons.push(n);
      for (const c of [
        ...(n.shadowRoots ?? []),
        ...(n.children ?? []),
        ...(n.contentDocument ? [n.contentDocument] : []),
      ])
        walk(c);
    };
    walk(root);
    for (const b of buttons) {
      const model = (await cdp.send('DOM.getBoxModel', { backendNodeId: b.backendNodeId }).catch(() => undefined)) as
        | { model: { border: number[]; width: number; height: number } }
        | undefined;
      if (!model || model.model.width === 0) continue;
      const [x0 = 0, y0 = 0, , , x2 = 0, y2 = 0] = model.model.border;
      return { x: (x0 + x2) / 2, y: (y0 + y2) / 2 };
    }
    return undefined;
  } finally {
    await cdp.detach();
  }
}

/** Changes settings as the settings view does (an extension page's `settings-set`), keeping the others. */
export async function changeSettings(browser: ExtensionBrowser, patch: Record<string, unknown>): Promise<void> {
  const popup = await openPopup(browser);
  await popup.evaluate(async (patch) => {
    const got = (await chrome.runtime.sendMessage({ type: 'settings-get' })) as { value: { settings: object } };
    const reply = (await chrome.runtime.sendMessage({
      type: 'settings-set',
      settings: { ...got.value.settings, ...patch },
    })) as { ok: boolean; error?: string };
    if (!reply.ok) throw new Error(reply.error);
  }, patch);
  await popup.close();
}
