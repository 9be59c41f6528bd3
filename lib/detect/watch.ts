/*
 * Re-scans when a page adds or removes inputs (single-page apps render the code step late), at most
 * once per `delayMs`. Mutations that add no input, the bulk of a busy page's churn, cost one tag check
 * per added element and nothing else. The MutationObserver comes from the document's own window.
 */

function holdsInput(node: Node): boolean {
  if (node.nodeType !== 1) return false;
  const el = node as Element;
  // A custom element may render its input into a shadow root the observer cannot see into.
  if (el.localName === 'input' || el.shadowRoot !== null || el.localName.includes('-')) return true;
  // Leaf elements (most of a feed's churn) need no subtree query.
  return el.firstElementChild !== null && el.querySelector('input') !== null;
}

function addsInput(record: MutationRecord): boolean {
  for (const node of record.addedNodes) if (holdsInput(node)) return true;
  return false;
}

export interface Watcher {
  stop(): void;
  /** Time spent in the observer callback so far, in ms (for the mutation-cost benchmark). */
  readonly costMs: number;
}

/**
 * `stale` says whether something already found went away (an offered field left the page); removals
 * are checked through it, in O(offers), instead of by walking every removed subtree.
 */
export function watchForInputs(
  doc: Document,
  onChange: () => void,
  schedule: (fn: () => void, ms: number) => void,
  opts: { delayMs?: number; stale?: () => boolean; clock?: () => number } = {},
): Watcher {
  const { delayMs = 300, stale = () => false, clock = () => 0 } = opts;
  const Observer = doc.defaultView?.MutationObserver;
  if (!Observer) return { stop() {}, costMs: 0 };
  let pending = false;
  let cost = 0;
  const observer = new Observer((records) => {
    const t0 = clock();
    if (!pending && (records.some(addsInput) || (records.some((r) => r.removedNodes.length > 0) && stale()))) {
      pending = true;
      schedule(() => {
        pending = false;
        onChange();
      }, delayMs);
    }
    cost += clock() - t0;
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  return {
    stop: () => observer.disconnect(),
    get costMs() {
      return cost;
    },
  };
}
