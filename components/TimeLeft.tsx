import { useEffect, useRef } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import type { Clock } from './clock';

const LOW = 5;

function secondsLeft(clock: Clock, period: number): number {
  return period - (Math.floor(clock.now() / 1000) % period);
}

/** One observer for every timer: which ones are on screen (or near it) and worth repainting. */
const onVisibility = new WeakMap<Element, (visible: boolean) => void>();
let observer: IntersectionObserver | undefined;
function watchVisibility(el: Element, changed: (visible: boolean) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    changed(true);
    return () => undefined;
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) onVisibility.get(e.target)?.(e.isIntersecting);
    },
    { rootMargin: '200px 0px' },
  );
  onVisibility.set(el, changed);
  observer.observe(el);
  return () => {
    observer?.unobserve(el);
    onVisibility.delete(el);
  };
}

/**
 * "12 s" beside a ring that empties as the code ages. Each tick writes the new value straight into
 * the nodes that change, and only for timers on screen (others catch up as they scroll into view),
 * so a list of 1,000 rows re-renders nothing once a second. Screen readers read "12 seconds left"
 * instead of the abbreviation, when they reach it: it is no live region, so nothing is announced each second.
 */
export function TimeLeft({ clock, period }: { clock: Clock; period: number }) {
  const root = useRef<HTMLSpanElement>(null);
  const text = useRef<HTMLSpanElement>(null);
  const spoken = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    let shown = -1;
    let visible = false;
    const paint = () => {
      if (!visible || !text.current) return;
      const left = secondsLeft(clock, period);
      if (left === shown) return;
      shown = left;
      text.current.textContent = t('popup_seconds_short', left);
      if (spoken.current) spoken.current.textContent = tn('common_seconds_left', left);
      el.style.setProperty('--p', String(left / period));
      el.classList.toggle('low', left <= LOW);
    };
    const unwatch = watchVisibility(el, (v) => {
      visible = v;
      paint();
    });
    const unsubscribe = clock.subscribe(paint);
    return () => {
      unwatch();
      unsubscribe();
    };
  }, [clock, period]);

  const left = secondsLeft(clock, period);
  return (
    <span ref={root} class={left <= LOW ? 'timer low' : 'timer'} style={{ '--p': String(left / period) }}>
      <span class="ring" aria-hidden="true" />
      <span class="time-left" ref={text} aria-hidden="true">
        {t('popup_seconds_short', left)}
      </span>
      <span class="visually-hidden" ref={spoken}>
        {tn('common_seconds_left', left)}
      </span>
    </span>
  );
}
