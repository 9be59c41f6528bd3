import { defineContentScript } from '#imports';
import { findOtpInputs } from '../../lib/detect/otp-hints';
import { sendRequest } from '../../platform/runtime-messaging';

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
    // Single-page apps render the code step late: re-scan on DOM changes, at most every 500 ms.
    let pending = false;
    const observer = new MutationObserver(() => {
      if (pending) return;
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
