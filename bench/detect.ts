import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { bundleDetector, DETECTOR_GLOBAL, launchChromium, loadWithDetector } from '../scripts/eval-detect';

/*
 * Code-field detection cost in headless Chromium (the content script runs it on every page with inputs
 * and after DOM mutations; goal: well under 5 ms on typical pages, under 50 ms on a 5,000-element page).
 * Timed inside the page with performance.now() (Chromium coarsens it to 0.1 ms outside cross-origin
 * isolation), isVisible = Element.checkVisibility() as in the content script.
 */

/** The shared corpus, when this machine has it. */
const DEFAULT_CORPUS = '/work/shared/corpus/otp-pages';
const RUNS_PER_PAGE = 20;
const RUNS_SYNTHETIC = 50;

export interface DetectBench {
  perPage: { file: string; medianMs: number }[];
  synthetic5000: { medianMs: number; worstMs: number };
}

const TIME_RUNS = (runs: number) => `(() => {
  const detect = globalThis.${DETECTOR_GLOBAL}.detectOtpFields;
  const opts = { isVisible: (el) => el.checkVisibility() };
  const times = [];
  for (let i = 0; i < ${runs}; i++) {
    const t0 = performance.now();
    detect(document, opts);
    times.push(performance.now() - t0);
  }
  return times;
})()`;

async function time(page: Page, runs: number): Promise<number[]> {
  return (await page.evaluate(TIME_RUNS(runs))) as number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * A realistic busy page of `elements` elements: navigation, articles with links, about 200 inputs in
 * forms with labels (text, e-mail, phone, checkboxes, search), a footer, and one OTP field in a modal.
 */
export function syntheticPage(elements = 5000, inputs = 200): string {
  const out: string[] = [];
  let count = 0;
  const el = (html: string, n: number) => {
    out.push(html);
    count += n;
  };
  el('<header><nav><ul>', 3);
  for (let i = 0; i < 40; i++) el(`<li><a href="/section/${i}">Section ${i}</a></li>`, 2);
  el('</ul></nav><form role="search"><input type="search" name="q" placeholder="Search"></form></header><main>', 4);
  const kinds = [
    (i: number) =>
      `<div class="row"><label for="f${i}">First name</label><input id="f${i}" name="first_name_${i}" type="text"></div>`,
    (i: number) =>
      `<div class="row"><label for="f${i}">Email address</label><input id="f${i}" name="email_${i}" type="email" autocomplete="email"></div>`,
    (i: number) =>
      `<div class="row"><label for="f${i}">Phone</label><input id="f${i}" name="phone_${i}" type="tel" autocomplete="tel"></div>`,
    (i: number) => `<div class="row"><label><input type="checkbox" name="opt_${i}"> Subscribe to updates</label></div>`,
    (i: number) =>
      `<div class="row"><label for="f${i}">City</label><input id="f${i}" name="city_${i}" type="text" autocomplete="address-level2"></div>`,
    (i: number) => `<div class="row"><span>Quantity</span><input name="qty_${i}" type="number" min="0"></div>`,
    (i: number) => `<div class="row"><input name="field_${i}" class="form-control" placeholder="Your answer"></div>`,
    (i: number) =>
      `<div class="row"><label for="f${i}">Postcode</label><input id="f${i}" name="postcode_${i}" type="text"></div>`,
  ];
  const perForm = 10;
  let made = 0;
  let article = 0;
  while (made < inputs) {
    el(`<section class="card"><h2>Form ${made / perForm}</h2><form action="/submit/${made}">`, 3);
    for (let k = 0; k < perForm && made < inputs; k++, made++)
      el((kinds[made % kinds.length] as (i: number) => string)(made), 3);
    el('<button type="submit">Save</button></form></section>', 1);
    // Articles between forms: paragraphs with inline links and emphasis.
    for (let a = 0; a < 3; a++, article++) {
      el(`<article><h3>Story ${article}</h3>`, 2);
      for (let p = 0; p < 4; p++) {
        el(
          `<p>Lorem ipsum dolor sit amet <a href="/a/${article}/${p}">read more</a>, consectetur <em>adipiscing</em> elit.</p>`,
          3,
        );
      }
      el('</article>', 0);
    }
  }
  // The one code field, in a modal like many sign-in steps.
  el(
    '<div role="dialog" aria-modal="true" class="modal"><h2>Two-factor authentication</h2><p>Enter the code from your authenticator app.</p>' +
      '<form><label for="otp">Verification code</label><input id="otp" name="otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6"><button>Verify</button></form></div>',
    8,
  );
  // Fill up to the element count with nested layout divs and text.
  while (count < elements - 20) {
    el('<div class="grid"><div class="cell"><span>Item</span> <a href="/x">link</a></div></div>', 4);
  }
  el('</main><footer><p>Footer text</p></footer>', 2);
  return `<!DOCTYPE html><html><head><title>Busy page</title></head><body>${out.join('')}</body></html>`;
}

export async function benchDetect(corpusDir?: string): Promise<DetectBench> {
  const dir = corpusDir ?? (existsSync(join(DEFAULT_CORPUS, 'labels.json')) ? DEFAULT_CORPUS : undefined);
  const bundle = await bundleDetector();
  const browser = await launchChromium();
  try {
    const perPage: { file: string; medianMs: number }[] = [];
    if (dir) {
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.html'))
        .sort();
      for (const file of files) {
        const page = await browser.newPage();
        try {
          await loadWithDetector(page, readFileSync(join(dir, file), 'utf8'), bundle);
          perPage.push({ file, medianMs: +median(await time(page, RUNS_PER_PAGE)).toFixed(3) });
        } finally {
          await page.close();
        }
      }
    }
    const page = await browser.newPage();
    try {
      await loadWithDetector(page, syntheticPage(), bundle);
      const elements = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
      const inputs = (await page.evaluate('document.getElementsByTagName("input").length')) as number;
      if (elements < 4900 || inputs < 190)
        throw new Error(`synthetic page has ${elements} elements and ${inputs} inputs`);
      const t = await time(page, RUNS_SYNTHETIC);
      return { perPage, synthetic5000: { medianMs: +median(t).toFixed(3), worstMs: +Math.max(...t).toFixed(3) } };
    } finally {
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const r = await benchDetect(process.argv[2]);
  for (const p of r.perPage) console.log(`${p.file.padEnd(46)} median ${p.medianMs.toFixed(2)} ms`);
  console.log(
    `synthetic 5,000 elements: median ${r.synthetic5000.medianMs.toFixed(2)} ms, worst ${r.synthetic5000.worstMs.toFixed(2)} ms`,
  );
  console.log(JSON.stringify(r));
}
