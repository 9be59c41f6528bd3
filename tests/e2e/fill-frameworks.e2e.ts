// lib/fill in a real Chromium against pages that track input the way UI frameworks do: a real
// Preact 10 component, and faithful emulations of React's value tracker, Vue's v-model, Angular's
// DefaultValueAccessor and a Lit element in a shadow root (those frameworks are not dependencies;
// each fixture cites the source it follows). Every test reads the framework's own state, not just
// the DOM value, because "the DOM shows the code but the form submits the old state" is exactly the
// failure this code exists to avoid.
//
// No extension is loaded: lib/fill is bundled with esbuild and injected into the page's main world.
// That is the harder case for React's tracker (its own `value` property is visible there; from a
// content script's isolated world it is not).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as FillModule from '../../lib/fill/fill';

const FIXTURES = resolve('tests/fixtures/fill');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

let browser: Browser;
let server: Server;
let origin: string;
let fillBundle: string;

async function bundle(entry: string, globalName?: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName,
    target: 'chrome120',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

beforeAll(async () => {
  const [fill, preact] = await Promise.all([
    bundle('lib/fill/fill.ts', 'TwofoldFill'),
    bundle(join(FIXTURES, 'preact-otp.tsx')),
  ]);
  fillBundle = fill;
  const generated: Record<string, string> = { '/preact-otp.js': preact };

  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = join(FIXTURES, path);
    const body = generated[path] ?? (file.startsWith(FIXTURES) && existsSync(file) ? readFileSync(file, 'utf8') : null);
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  // Chromium's sandbox cannot start as root (CI runs as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: process.env.HEADFUL !== '1',
    args,
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

/** Opens a fixture page with lib/fill injected as `window.TwofoldFill`. */
async function open(name: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/${name}.html`);
  await page.addScriptTag({ content: fillBundle });
  expect(errors).toEqual([]);
  return page;
}

interface Target {
  /** CSS selector of the field(s), in fill order. */
  selector: string;
  /** Selector of an element whose open shadow root holds the field(s). */
  shadowHost?: string;
}

type Outcome = { valueAfter: string; filled: number; active: string | null } | { error: string };

/** Runs fillCode in the page; returns its result or the FillError code. */
function fill(page: Page, target: Target, code: string, mode: 'replace' | 'append' = 'replace'): Promise<Outcome> {
  return page.evaluate(
    ({ selector, shadowHost, code, mode }) => {
      const api = (window as unknown as { TwofoldFill: typeof FillModule }).TwofoldFill;
      const root = shadowHost ? document.querySelector(shadowHost)?.shadowRoot : document;
      if (!root) throw new Error(`no open shadow root on ${shadowHost}`);
      const fields = [...root.querySelectorAll<HTMLInputElement>(selector)];
      try {
        const r = api.fillCode(fields, code, { mode });
        const active = root.activeElement;
        return {
          valueAfter: r.valueAfter,
          filled: r.filled.length,
          active: active ? fields.indexOf(active as HTMLInputElement).toString() : null,
        };
      } catch (e) {
        return { error: (e as { code?: string }).code ?? String(e) };
      }
    },
    { ...target, code, mode },
  );
}

/** Lets microtask-scheduled renders (Preact, Vue, Lit) and a frame run. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 20))));
}

describe('fillCode in Chromium: the framework keeps the code', () => {
  it('Preact 10 controlled input (real Preact)', async () => {
    const page = await open('preact-otp');
    expect(await fill(page, { selector: '#otp' }, '123456')).toMatchObject({ valueAfter: '123456' });
    await settle(page);
    const state = await page.evaluate(() => ({
      single: (window as unknown as { preactOtp: { single: string } }).preactOtp.single,
      dom: document.querySelector<HTMLInputElement>('#otp')?.value,
      verifyEnabled: !document.querySelector<HTMLButtonElement>('#verify')?.disabled,
    }));
    expect(state).toEqual({ single: '123456', dom: '123456', verifyEnabled: true });
    await page.close();
  });

  it("React-style controlled input with a value tracker on the element (React's inputValueTracking)", async () => {
    const page = await open('react-like');
    // Control: a naive fill (assignment + input event) is swallowed by the tracker, as in React.
    const naive = await page.evaluate(() => {
      const el = document.querySelector<HTMLInputElement>('#otp') as HTMLInputElement;
      el.value = '999999';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return (window as unknown as { reactLike: { code: string } }).reactLike.code;
    });
    expect(naive).toBe('');

    expect(await fill(page, { selector: '#otp' }, '123456')).toMatchObject({ valueAfter: '123456' });
    await settle(page);
    const state = await page.evaluate(() => ({
      ...(window as unknown as { reactLike: { code: string; changes: string[] } }).reactLike,
      dom: document.querySelector<HTMLInputElement>('#otp')?.value,
      echo: document.querySelector('#echo')?.textContent,
    }));
    expect(state).toEqual({ code: '123456', changes: ['123456'], dom: '123456', echo: '123456' });
    await page.close();
  });

  it('Vue-style v-model (vModelText: input listener, microtask re-render writes the model back)', async () => {
    const page = await open('vue-like');
    expect(await fill(page, { selector: '#otp' }, '246810')).toMatchObject({ valueAfter: '246810' });
    await settle(page);
    const state = await page.evaluate(() => ({
      code: (window as unknown as { vueLike: { code: string } }).vueLike.code,
      dom: document.querySelector<HTMLInputElement>('#otp')?.value,
      echo: document.querySelector('#echo')?.textContent,
    }));
    expect(state).toEqual({ code: '246810', dom: '246810', echo: '246810' });
    await page.close();
  });

  it('Angular-style reactive form control (DefaultValueAccessor on input; validators run)', async () => {
    const page = await open('angular-like');
    expect(await fill(page, { selector: '#otp' }, '135790')).toMatchObject({ valueAfter: '135790' });
    await settle(page);
    const state = await page.evaluate(() => {
      const c = (window as unknown as { angularLike: { value: string; status: string; dirty: boolean } }).angularLike;
      return {
        value: c.value,
        status: c.status,
        dirty: c.dirty,
        verifyEnabled: !document.querySelector<HTMLButtonElement>('#verify')?.disabled,
      };
    });
    expect(state).toEqual({ value: '135790', status: 'VALID', dirty: true, verifyEnabled: true });
    await page.close();
  });

  it('Lit-style custom element with its input in an open shadow root', async () => {
    const page = await open('lit-like');
    expect(await fill(page, { selector: 'input', shadowHost: '#field' }, '864209')).toMatchObject({
      valueAfter: '864209',
    });
    const state = await page.evaluate(async () => {
      const host = document.querySelector('#field') as HTMLElement & {
        value: string;
        updateComplete: Promise<boolean>;
        input: HTMLInputElement;
      };
      await host.updateComplete;
      return { value: host.value, dom: host.input.value, echo: document.querySelector('#echo')?.textContent };
    });
    expect(state).toEqual({ value: '864209', dom: '864209', echo: '864209' });
    await page.close();
  });
});

describe('fillCode in Chromium: segmented boxes', () => {
  it('Preact boxes that auto-advance focus with refs end with each digit once', async () => {
    const page = await open('preact-otp');
    expect(await fill(page, { selector: '#boxes .box' }, '314159')).toEqual({
      valueAfter: '314159',
      filled: 6,
      active: '5',
    });
    await settle(page);
    const state = await page.evaluate(() => ({
      boxes: (window as unknown as { preactOtp: { boxes: string } }).preactOtp.boxes,
      dom: [...document.querySelectorAll<HTMLInputElement>('#boxes .box')].map((b) => b.value).join(''),
    }));
    expect(state).toEqual({ boxes: '314159', dom: '314159' });
    await page.close();
  });

  it('vanilla boxes that auto-advance and spread pasted text end with each digit once', async () => {
    const page = await open('boxes');
    expect(await fill(page, { selector: '.box' }, '271828')).toEqual({ valueAfter: '271828', filled: 6, active: '5' });
    const state = await page.evaluate(() => {
      const s = (window as unknown as { boxes: { digits: string[]; inputs: number } }).boxes;
      return { digits: s.digits.join(''), inputs: s.inputs };
    });
    expect(state).toEqual({ digits: '271828', inputs: 6 });
    await page.close();
  });
});

describe('fillCode in Chromium: refusals use the real layout', () => {
  it('refuses a field hidden by CSS (decoys) and one with too small a maxlength', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<div style="display:none"><input id="decoy"></div><input id="short" maxlength="4"><input id="ok" style="opacity:0">',
    );
    await page.addScriptTag({ content: fillBundle });
    expect(await fill(page, { selector: '#decoy' }, '123456')).toEqual({ error: 'field-hidden' });
    expect(await fill(page, { selector: '#short' }, '123456')).toEqual({ error: 'too-long' });
    expect(await fill(page, { selector: '#ok' }, '123456')).toMatchObject({ valueAfter: '123456' });
    await page.close();
  });
});
