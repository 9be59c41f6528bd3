// Bundled by bench/mutation.ts: the content script's watcher and detector, run on a busy page.
import { detectOtpFields } from '../lib/detect/detect';
import { watchForInputs } from '../lib/detect/watch';

let scans = 0;
let scanMs = 0;
const watcher = watchForInputs(
  document,
  () => {
    const t0 = performance.now();
    detectOtpFields(document, { isVisible: (el) => el.checkVisibility() });
    scanMs += performance.now() - t0;
    scans++;
  },
  (fn, ms) => setTimeout(fn, ms),
  { clock: () => performance.now() },
);
(globalThis as unknown as { mutationStats: () => unknown }).mutationStats = () => ({
  observerMs: watcher.costMs,
  scans,
  scanMs,
});
