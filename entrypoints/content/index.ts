import { defineContentScript } from '#imports';
import { findOtpInputs } from '../../lib/detect/otp-hints';
import { sendRequest } from '../../platform/runtime-messaging';

function addsInput(record: MutationRecord): boolean {
  for (const node of record.addedNodes) {
    if (node instanceof HTMLInputElement) return true;
    if (node instanceof Element && node.getElementsByTagName('input').length > 0) return true;
  }
  return false;
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    // Pages without inputs cost one querySelectorAll; nothing is sent unless a code field is found.
    let reported = 0;
    const scan = () => {
      const count = findOtpInputs(document).length;
      if (count > reported) {
        reported = count;
        void sendRequest({ type: 'otp-fields-seen', count }).catch(() => {});
      }
    };
    scan();
    // Single-page apps render the code step late: re-scan when nodes holding an input are added, at
    // most every 500 ms. Mutations that add no input (most of a busy page's churn) cost a tag check.
    let pending = false;
    const observer = new MutationObserver((records) => {
      if (pending || !records.some(addsInput)) return;
      pending = true;
      ctx.setTimeout(() => {
        pending = false;
        scan();
      }, 500);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    ctx.onInvalidated(() => observer.disconnect());
  },
});
