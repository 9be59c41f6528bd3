/*
 * Whether a click (or key) in the offer frame counts (issue 14, finding 2: clickjacking). A page can make the frame
 * invisible (opacity, a layer painted over it) or slide it under the pointer just before a click. So a pick counts
 * only when the frame has been where it is for a while and, where the browser can tell (IntersectionObserver v2,
 * https://w3c.github.io/IntersectionObserver/v2/), it is really visible.
 */

/** The frame must have been in place (not appeared, moved or resized) this long before a click counts. */
export const STABLE_MS = 500;

export interface ClickFacts {
  /** performance.now() of the click. */
  now: number;
  /** When the frame last appeared, moved or changed size (as the frame or its content script saw it). */
  settledSince: number;
  /**
   * IntersectionObserver v2's latest isVisible for the frame's content, or undefined where the browser has no
   * IOv2 (Firefox): then only the stability check applies, and only this site's accounts are listed.
   */
  visible: boolean | undefined;
}

export type ClickVerdict = 'ok' | 'too-soon' | 'not-visible';

export function judgeClick(f: ClickFacts): ClickVerdict {
  if (f.visible === false) return 'not-visible';
  if (f.now - f.settledSince < STABLE_MS) return 'too-soon';
  return 'ok';
}
