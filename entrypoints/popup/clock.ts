import type { Clock } from '../../components/clock';

/** The popup's one clock: Date.now(), ticking on each whole second while anyone listens. */
export function createClock(): Clock {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    // Wake just after the next whole second, so codes turn over on time.
    timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  };
  const tick = () => {
    for (const l of Array.from(listeners)) l();
    schedule();
  };
  return {
    now: () => Date.now(),
    subscribe(listener) {
      listeners.add(listener);
      if (timer === undefined) schedule();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
  };
}
