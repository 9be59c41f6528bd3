import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** Rows created for a new list beyond those already on screen: more than a popup's height. */
export const FIRST_ROWS = 16;
/** Rows added each time the reader nears the end of what is rendered. */
export const MORE_ROWS = 40;
/** How far below the viewport the end of the rendered rows may be before more are added. */
const AHEAD = '800px';

/**
 * How many items of `items` to render. A long list renders in steps, like a feed: first what
 * fills the popup, then more as the reader scrolls (or moves focus) towards `end`, an element placed
 * after the rendered rows. Items already on screen cost little to keep (memoised rows), so a new
 * list (after a search keystroke) renders every item up to the FIRST_ROWS-th one not yet on screen.
 * Lists of up to FIRST_ROWS items render whole at once.
 */
export function useProgressive<T>(items: readonly T[], keyOf: (item: T) => string, end: RefObject<Element>): number {
  const state = useRef({ items: undefined as readonly T[] | undefined, limit: 0, mounted: new Set<string>() });
  const [, setGrown] = useState(0);
  const s = state.current;
  if (s.items !== items) {
    let fresh = 0;
    let limit = 0;
    while (limit < items.length) {
      if (!s.mounted.has(keyOf(items[limit] as T)) && ++fresh > FIRST_ROWS) break;
      limit++;
    }
    s.items = items;
    s.limit = limit;
  }
  const limit = s.limit;

  useLayoutEffect(() => {
    const mounted = new Set<string>();
    for (let i = 0; i < limit && i < items.length; i++) mounted.add(keyOf(items[i] as T));
    s.mounted = mounted;
  });

  // While rows remain, watch the end marker; when it comes near the viewport, render more.
  useEffect(() => {
    const el = end.current;
    if (limit >= items.length || !el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting) || s.items !== items) return;
        observer.disconnect();
        s.limit = Math.min(items.length, s.limit + MORE_ROWS);
        setGrown((n) => n + 1);
      },
      { rootMargin: `0px 0px ${AHEAD} 0px` },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [items, limit, s, end]);

  return limit;
}
