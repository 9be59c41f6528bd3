/*
 * Whether a click (or key) in the offer frame counts (clickjacking: docs/architecture.md "Attacks and their defences",
 * 2). A page can make the frame invisible (opacity, a layer painted over it) or slide it under the pointer just before
 * a click. So a pick counts only when the frame has been where it is for a while and, where the browser can tell
 * (IntersectionObserver v2, https://w3c.github.io/IntersectionObserver/v2/), the entry has been really visible for that
 * long without a break (a cover shown as the pointer arrives, with pointer-events: none, must not pass because the last
 * report before the click said "visible").
 */

/** The frame must have been in place (not appeared, moved or resized), and its entry visible, this long. */
export const STABLE_MS = 500;

/**
 * What IntersectionObserver v2 says of an entry: `unknown` where the browser has no IOv2 (Firefox: then only the
 * stability check applies, and the frame lists this site's accounts only); else hidden now, or visible since a time.
 */
export type Visibility = { state: 'unknown' } | { state: 'hidden' } | { state: 'visible'; since: number };

export interface ClickFacts {
  /** performance.now() of the click. */
  now: number;
  /** When the frame last appeared, moved or changed size (as the frame or its content script saw it). */
  settledSince: number;
  visibility: Visibility;
}

export type ClickVerdict = 'ok' | 'too-soon' | 'not-visible';

export function judgeClick(f: ClickFacts): ClickVerdict {
  if (f.visibility.state === 'hidden') return 'not-visible';
  if (f.now - f.settledSince < STABLE_MS) return 'too-soon';
  if (f.visibility.state === 'visible' && f.now - f.visibility.since < STABLE_MS) return 'too-soon';
  return 'ok';
}

/** IOv2's reports per entry, kept as "visible since" (a report of hidden ends the run). */
export class Sightings<K extends object> {
  readonly #since = new WeakMap<K, number>();

  /** One IOv2 report: `time` is the entry's own timestamp (the frame's performance.now() timeline). */
  seen(entry: K, isVisible: boolean, time: number): void {
    if (!isVisible) this.#since.delete(entry);
    else if (!this.#since.has(entry)) this.#since.set(entry, time);
  }

  /** An entry never reported counts as hidden. */
  of(entry: K): Visibility {
    const since = this.#since.get(entry);
    return since === undefined ? { state: 'hidden' } : { state: 'visible', since };
  }
}
