/*
 * `npm run eval:detect -- DIR`: measures lib/detect on labelled pages in headless Chromium.
 *
 * DIR holds *.html pages and labels.json: [{ file, kind: totp|sms|recovery|negative, otp_selectors: [...] }],
 * selectors in digit order, ">>>" stepping into the open shadow root of the element matched so far.
 * Prints one line per page, then, as the last line, the JSON summary:
 *   {"totp":{"of","found","exact"},"sms":{"of","found"},"recovery":{"of","offered_code"},"negative":{"of","offered_code"}}
 * Exit code 0 whatever the scores (it is a measurement); 1 on errors (missing files, browser failures).
 * Nothing reaches the network: every request the page makes is aborted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The global the IIFE bundle assigns the detector module to. */
export const DETECTOR_GLOBAL = '__twofoldDetect';

/** lib/detect bundled as one classic script that sets `globalThis.__twofoldDetect`. */
export async function bundleDetector(): Promise<string> {
  const out = await build({
    entryPoints: [join(REPO, 'lib/detect/detect.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: DETECTOR_GLOBAL,
    target: 'es2022',
    logLevel: 'silent',
  });
  const text = out.outputFiles[0]?.text;
  if (!text) throw new Error('esbuild produced no output for lib/detect/detect.ts');
  return text;
}

/** Headless Chromium with a quiet, closed-network profile. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}; set CHROMIUM_PATH.`);
  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  // Chromium's sandbox cannot start as root.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath, headless: true, args });
}

/** A page that aborts every request, with `html` loaded and the detector injected. */
export async function loadWithDetector(page: Page, html: string, bundle: string): Promise<void> {
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
  await page.addScriptTag({ content: bundle });
}

export interface Label {
  file: string;
  kind: 'totp' | 'sms' | 'recovery' | 'negative';
  otp_selectors: string[];
}

export interface PageResult {
  /** Every detection, summarised. */
  detections: { kind: string; confidence: number; reasons: string[]; onExpected: boolean }[];
  /** Labelled selectors that matched no element (a labelling or page problem). */
  unresolved: string[];
  exact: boolean;
  totpFound: boolean;
  smsFound: boolean;
  offered: boolean;
}

/*
 * The in-page part, as source text: tsx/esbuild would otherwise wrap a function literal with helpers
 * (__name) that do not exist inside the page.
 */
const IN_PAGE = `(selectors) => {
  const resolveSel = (sel) => {
    let scope = document;
    let el = null;
    const parts = sel.split('>>>').map((p) => p.trim());
    for (let i = 0; i < parts.length; i++) {
      if (!scope) return null;
      el = scope.querySelector(parts[i]);
      if (!el) return null;
      if (i < parts.length - 1) scope = el.shadowRoot;
    }
    return el;
  };
  const expected = selectors.map(resolveSel);
  const unresolved = selectors.filter((s, i) => !expected[i]);
  const dets = globalThis.${DETECTOR_GLOBAL}.detectOtpFields(document, { isVisible: (el) => el.checkVisibility() });
  const first = expected[0];
  const topTotp = dets.find((d) => d.kind === 'totp');
  const exact = Boolean(topTotp) && expected.length > 0 && unresolved.length === 0 &&
    topTotp.fields.length === expected.length && topTotp.fields.every((f, i) => f === expected[i]);
  return {
    detections: dets.map((d) => ({ kind: d.kind, confidence: d.confidence, reasons: d.reasons, onExpected: Boolean(first) && d.fields.includes(first) })),
    unresolved,
    exact,
    totpFound: Boolean(first) && dets.some((d) => d.kind === 'totp' && d.fields.includes(first)),
    smsFound: Boolean(first) && dets.some((d) => d.kind === 'sms' && d.fields.includes(first)),
    offered: dets.some((d) => d.kind === 'totp'),
  };
}`;

export async function evaluatePage(page: Page, selectors: string[]): Promise<PageResult> {
  return page.evaluate(`(${IN_PAGE})(${JSON.stringify(selectors)})`) as Promise<PageResult>;
}

function status(label: Label, r: PageResult): 'OK' | 'MISS' | 'WRONG' {
  switch (label.kind) {
    case 'totp':
      if (r.exact) return 'OK';
      return r.totpFound || r.detections.some((d) => d.onExpected) ? 'WRONG' : 'MISS';
    case 'sms':
      if (r.smsFound) return 'OK';
      return r.detections.some((d) => d.onExpected) ? 'WRONG' : 'MISS';
    default:
      return r.offered ? 'WRONG' : 'OK';
  }
}

export async function evalDetect(
  dir: string,
  verbose = false,
): Promise<{ summary: Record<string, Record<string, number>>; errors: number }> {
  const labelsPath = join(dir, 'labels.json');
  if (!existsSync(labelsPath)) throw new Error(`No labels.json in ${dir}`);
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Label[];
  const summary = {
    totp: { of: 0, found: 0, exact: 0 },
    sms: { of: 0, found: 0 },
    recovery: { of: 0, offered_code: 0 },
    negative: { of: 0, offered_code: 0 },
  };
  let errors = 0;
  const bundle = await bundleDetector();
  const browser = await launchChromium();
  try {
    for (const label of labels) {
      const file = join(dir, label.file);
      const page = await browser.newPage();
      try {
        const html = readFileSync(file, 'utf8');
        await loadWithDetector(page, html, bundle);
        const r = await evaluatePage(page, label.otp_selectors ?? []);
        if (label.kind === 'totp') {
          summary.totp.of++;
          if (r.totpFound) summary.totp.found++;
          if (r.exact) summary.totp.exact++;
        } else if (label.kind === 'sms') {
          summary.sms.of++;
          if (r.smsFound) summary.sms.found++;
        } else if (label.kind === 'recovery' || label.kind === 'negative') {
          summary[label.kind].of++;
          if (r.offered) summary[label.kind].offered_code++;
        }
        const found = r.detections.map((d) => `${d.kind}(${d.confidence.toFixed(2)})`).join(',') || '-';
        const warn = r.unresolved.length > 0 ? `  [unresolved: ${r.unresolved.join(' | ')}]` : '';
        console.log(
          `${label.file.padEnd(46)} expected=${label.kind.padEnd(8)} found=${found.padEnd(34)} ${status(label, r)}${warn}`,
        );
        if (verbose)
          for (const d of r.detections) console.log(`    ${d.kind} ${d.confidence}: ${d.reasons.join(', ')}`);
      } catch (e) {
        errors++;
        console.log(
          `${label.file.padEnd(46)} expected=${String(label.kind).padEnd(8)} ERROR ${(e as Error).message.split('\n')[0]}`,
        );
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { summary, errors };
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose') || args.includes('-v');
  const dir = args.find((a) => !a.startsWith('-'));
  if (!dir) {
    console.error('usage: npm run eval:detect -- DIR [--verbose]   (DIR holds *.html and labels.json)');
    process.exit(2);
  }
  try {
    const { summary, errors } = await evalDetect(resolve(dir), verbose);
    console.log(JSON.stringify(summary));
    process.exit(errors > 0 ? 1 : 0);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
