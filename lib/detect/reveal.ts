/*
 * Inputs that are in the page but cannot be used yet (hidden, in a closed <details> or <dialog>, on another tab,
 * disabled) and those that can, so the watcher notices when one changes side (docs/detection.md "Pages that change"). A
 * page shows a pane by changing an attribute or a class on some ancestor of its input; only changes on those ancestors
 * (a set lookup) can matter, and only then is anything measured. Everything here works on the document it is given.
 */

import { NEVER } from './prefilter';

/**
 * At most this many inputs are tracked (a huge settings form has a few hundred): the check after a relevant
 * change measures each of them, so the cap bounds its cost.
 */
export const MAX_TRACKED = 400;

/** The parent in the flat tree as far as this script can see it: an open shadow root's host counts. */
function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode() as Node & { host?: Element };
  return root !== el.ownerDocument && root.host ? root.host : null;
}

export class RevealTracker {
  readonly #usable: (el: Element) => boolean;
  #tracked: Element[] = [];
  #state: boolean[] = [];
  /** The tracked inputs and every ancestor of theirs: the elements whose attribute changes may show or hide one. */
  #ancestors = new Set<Element>();

  /** `shown` says whether a person can see an element (the caller's rule; it may measure layout). */
  constructor(shown: (el: Element) => boolean) {
    this.#usable = (el) => {
      const input = el as HTMLInputElement;
      if (input.disabled || input.readOnly) return false;
      if (el.closest('[inert],[aria-hidden="true"],fieldset[disabled]')) return false;
      return shown(el);
    };
  }

  get size(): number {
    return this.#tracked.length;
  }

  /**
   * Re-reads the document's inputs (plus `extra`, say fields in shadow roots) and records which can be used now.
   * Called after each scan: the scan has just laid the page out, so the measurements are cheap.
   */
  snapshot(doc: Document, extra: Iterable<Element> = []): void {
    const tracked: Element[] = [];
    const all = doc.getElementsByTagName('input');
    for (let i = 0; i < all.length && tracked.length < MAX_TRACKED; i++) {
      const input = all[i] as HTMLInputElement;
      if (!NEVER.has(input.type)) tracked.push(input);
    }
    for (const el of extra) if (!tracked.includes(el) && tracked.length < MAX_TRACKED) tracked.push(el);
    const ancestors = new Set<Element>();
    for (const el of tracked) {
      // Shared ancestors are walked once: the walk stops at the first one already in the set.
      for (let a: Element | null = el; a && !ancestors.has(a); a = parentOf(a)) ancestors.add(a);
    }
    this.#tracked = tracked;
    this.#ancestors = ancestors;
    this.#state = tracked.map(this.#usable);
  }

  /** Whether a change on `el` can show or hide a tracked input (O(1)). */
  concerns(el: Node): boolean {
    return this.#ancestors.has(el as Element);
  }

  /** Whether any tracked input became usable or stopped being usable since the last look; records the new states. */
  changed(): boolean {
    let changed = false;
    for (let i = 0; i < this.#tracked.length; i++) {
      const el = this.#tracked[i] as Element;
      // A removed input shows nothing new (an offered one that left is the watcher's `stale` case).
      if (!el.isConnected) continue;
      const now = this.#usable(el);
      if (now !== this.#state[i]) {
        this.#state[i] = now;
        changed = true;
      }
    }
    return changed;
  }
}
