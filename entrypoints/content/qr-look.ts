import { looksLikeSetup, PAGE_TEXT_CHARS } from '../../lib/qr/page-text';
import { extensionUrl } from '../../platform/content-runtime';
import type { PageQrModule } from '../page-qr';

/** The text test runs at most once per this many ms while the page changes: late setup steps (SPAs) are still seen. */
const TEST_EVERY_MS = 2000;
/** Later looks for setup steps a page renders after load (SPAs) without adding an input. */
const RETRY_MS = [1500, 5000];

type Timer = (fn: () => void, ms: number) => unknown;

/**
 * The QR notice's cheap first look, in the script injected into every page (docs/qr-notice.md "When Twofold looks"):
 * a frame that shows a picture and whose text reads like a two-factor setup page loads the QR look-up
 * (entrypoints/page-qr.ts), once; any other page never loads it. Returns the look, for the watcher to call as well.
 */
export function qrLook(
  doc: Document,
  setTimer: Timer,
  start: (mod: PageQrModule) => void,
  now: () => number = () => performance.now(),
): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let waiting = false;
  let loading = false;
  const look = () => {
    if (loading || waiting) return;
    // Throttled, not capped: a look asked for too soon runs once when the interval is over.
    const wait = last + TEST_EVERY_MS - now();
    if (wait > 0) {
      waiting = true;
      setTimer(() => {
        waiting = false;
        look();
      }, wait);
      return;
    }
    // No picture, no QR code: most pages stop here without reading their text.
    if (!doc.querySelector('img,canvas,svg')) return;
    last = now();
    if (!looksLikeSetup(`${doc.title} ${pageText(doc, PAGE_TEXT_CHARS)}`)) return;
    loading = true;
    void import(/* @vite-ignore */ extensionUrl('/page-qr.js')).then(
      () => {
        const mod = (globalThis as { twofoldPageQr?: PageQrModule }).twofoldPageQr;
        if (mod) start(mod);
      },
      () => {},
    );
  };
  for (const ms of RETRY_MS) setTimer(look, ms);
  return look;
}

/** Elements whose text is no reading for a person: code, styles, fallbacks and inert templates. */
const NOT_READ = /^(?:script|style|noscript|template)$/i;

/**
 * The start of a page's text as a person reads it, at most `max` characters: its text nodes in order, without the
 * text of scripts, styles, <noscript> and <template> (JSON and code name "mfa" or "setup" on ordinary pages), and
 * without building the whole page's text first (body.textContent of a long page is megabytes).
 */
export function pageText(doc: Document, max: number): string {
  if (!doc.body) return '';
  // 4 is NodeFilter.SHOW_TEXT (the constant, so that a page cannot swap the global).
  const walker = doc.createTreeWalker(doc.body, 4);
  let text = '';
  for (let node = walker.nextNode(); node && text.length < max; node = walker.nextNode()) {
    if (!NOT_READ.test(node.parentElement?.nodeName ?? '')) text += `${node.nodeValue} `;
  }
  return text.slice(0, max);
}
