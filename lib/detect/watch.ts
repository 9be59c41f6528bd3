/*
 * Re-scans when a page adds or removes inputs (single-page apps render the code step late), and when an input
 * already in the page is shown or hidden (docs/detection.md "Pages that change": a settings pane or tab opened,
 * `hidden`, a class or a style toggled, a <details> or <dialog> opened), at most once per `delayMs`. Mutations that add
 * no input, the bulk of a busy page's churn, cost one tag check per added element and nothing else; an attribute change
 * costs one set lookup unless it is on an input or an ancestor of one (reveal.ts), and only then, at most once per
 * `delayMs`, are the inputs measured. The MutationObserver comes from the document's own window.
 */

import { RevealTracker } from './reveal';

/**
 * The attributes by which pages show and hide things: `hidden` (HTML "The hidden attribute"), `style` and `class`
 * (display/visibility by inline style or a stylesheet rule), `open` (<details>, and <dialog> whose showModal()
 * and show() set it: HTML "The dialog element"), `aria-hidden` and `inert` (a pane kept out of reach), `disabled`
 * and `readonly` (a field enabled once a code was sent), `type` (a hidden input turned into a text one).
 */
const REVEALING = ['hidden', 'style', 'class', 'open', 'aria-hidden', 'inert', 'disabled', 'readonly', 'type'];

function holdsInput(node: Node): boolean {
  if (node.nodeType !== 1) return false;
  const el = node as Element;
  // A custom element may render its input into a shadow root the observer cannot see into.
  if (el.localName === 'input' || el.shadowRoot !== null || el.localName.includes('-')) return true;
  // Leaf elements (most of a feed's churn) need no subtree query.
  return el.firstElementChild !== null && el.querySelector('input') !== null;
}

export interface Watcher {
  stop(): void;
  /**
   * Records which inputs are usable now (after a scan, which has just laid the page out); `extra` adds fields the
   * document's own input list does not hold (in shadow roots). Until the first call nothing is tracked.
   */
  track(extra?: Iterable<Element>): void;
  /** Time spent in the observer callback and the visibility checks so far, in ms (for the mutation-cost benchmark). */
  readonly costMs: number;
}

/**
 * `stale` says whether something already found went away (an offered field left the page); removals
 * are checked through it, in O(offers), instead of by walking every removed subtree. `shown` is the caller's
 * visibility rule for tracked inputs (by default Element.checkVisibility()); `idle` runs the visibility check when
 * the page is idle (requestIdleCallback in the content script; at once by default).
 */
export function watchForInputs(
  doc: Document,
  onChange: () => void,
  schedule: (fn: () => void, ms: number) => void,
  opts: {
    delayMs?: number;
    stale?: () => boolean;
    clock?: () => number;
    shown?: (el: Element) => boolean;
    idle?: (fn: () => void) => void;
  } = {},
): Watcher {
  const {
    delayMs = 300,
    stale = () => false,
    clock = () => 0,
    shown = (el: Element) => (el as Element & { checkVisibility?: () => boolean }).checkVisibility?.() ?? true,
    idle = (fn: () => void) => fn(),
  } = opts;
  const Observer = doc.defaultView?.MutationObserver;
  if (!Observer) return { stop() {}, track() {}, costMs: 0 };
  const reveals = new RevealTracker(shown);
  /** A re-scan is scheduled (it covers any check too). */
  let pending = false;
  /** A visibility check is scheduled. */
  let checking = false;
  let cost = 0;

  const rescan = () => {
    if (pending) return;
    pending = true;
    schedule(() => {
      pending = false;
      onChange();
    }, delayMs);
  };
  const check = () => {
    if (pending || checking) return;
    checking = true;
    // Measured when the browser is idle, after it has rendered: the page's own style changes are then already
    // computed, so the check forces no extra style or layout work in the middle of the page's frame.
    schedule(
      () =>
        idle(() => {
          checking = false;
          if (pending) return;
          const t0 = clock();
          const changed = reveals.changed();
          cost += clock() - t0;
          if (changed) onChange();
        }),
      delayMs,
    );
  };

  const observer = new Observer((records) => {
    const t0 = clock();
    if (!pending) {
      let added = false;
      let removed = false;
      let revealing = false;
      for (const r of records) {
        if (r.type === 'attributes') {
          if (!revealing && reveals.concerns(r.target)) revealing = true;
          continue;
        }
        if (!added) for (const node of r.addedNodes) if (holdsInput(node)) added = true;
        if (r.removedNodes.length > 0) removed = true;
      }
      if (added || (removed && stale())) rescan();
      else if (revealing) check();
    }
    cost += clock() - t0;
  });
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: REVEALING,
  });
  // A field shown by a transition or animation (a fade-in that ends after `delayMs`) is visible only at its end.
  const ended = (e: Event) => {
    const t0 = clock();
    if (e.target && reveals.concerns(e.target as Node)) check();
    cost += clock() - t0;
  };
  const ends = ['transitionend', 'animationend'] as const;
  for (const type of ends) doc.addEventListener(type, ended, { capture: true, passive: true });
  return {
    stop: () => {
      observer.disconnect();
      for (const type of ends) doc.removeEventListener(type, ended, { capture: true });
    },
    track: (extra) => {
      const t0 = clock();
      reveals.snapshot(doc, extra);
      cost += clock() - t0;
    },
    get costMs() {
      return cost;
    },
  };
}
