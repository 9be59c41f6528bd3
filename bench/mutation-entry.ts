// Bundled by bench/mutation.ts: the content script's watcher and detector, run on a busy page.
import { detectOtpFields } from '../lib/detect/detect';
import { watchForInputs } from '../lib/detect/watch';

let scans = 0;
let scanMs = 0;
const isVisible = (el: Element) => el.checkVisibility();
// As the content script does: after each scan the watcher learns which inputs are usable (their visibility is
// measured, so that cost counts in the watcher's); the page's first scan is not counted.
const watcher = watchForInputs(
  document,
  () => {
    const t0 = performance.now();
    detectOtpFields(document, { isVisible });
    scanMs += performance.now() - t0;
    scans++;
    watcher.track();
  },
  (fn, ms) => setTimeout(fn, ms),
  { clock: () => performance.now(), shown: isVisible, idle: (fn) => requestIdleCallback(() => fn(), { timeout: 500 }) },
);
watcher.track();
(globalThis as unknown as { mutationStats: () => unknown }).mutationStats = () => ({
  observerMs: watcher.costMs,
  scans,
  scanMs,
});
