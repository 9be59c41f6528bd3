import { useEffect } from 'preact/hooks';
import { sendRequest } from '../../platform/runtime-messaging';

const EVERY_MS = 30_000;

/**
 * While the vault is open in the popup, tells the background the user is active (postponing
 * auto-lock): on the first key press, click or scroll, then at most once every 30 s.
 */
export function useActivity(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = Date.now(); // opening the popup already counted as use
    const onUse = () => {
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      void sendRequest({ type: 'activity' }).catch(() => undefined);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'input'] as const;
    for (const type of events) document.addEventListener(type, onUse, { capture: true, passive: true });
    return () => {
      for (const type of events) document.removeEventListener(type, onUse, { capture: true });
    };
  }, [active]);
}
