import { defineContentScript } from '#imports';
import { mayHaveCodeField } from '../../lib/detect/prefilter';
import type { Detection } from '../../lib/detect/types';
import { watchForInputs } from '../../lib/detect/watch';
import { onBackgroundCommand, sendRequest } from '../../platform/content-runtime';
import { loadAutofill, loadPageScan } from './load-autofill';
import type { Offer } from './offers';

/** Kinds the inline offer appears on: authenticator fields, and recovery fields (stored recovery codes). */
const OFFERED = new Set<Detection['kind']>(['totp', 'recovery', 'password-otp']);

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  // WXT would otherwise window.postMessage "<extension id>:<script>:wxt:content-script-started" into every page:
  // the page would learn that Twofold is installed, and its id (https://github.com/wxt-dev/wxt/pull/2035).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const offers = new Map<HTMLInputElement, Offer>();
    let reported = 0;
    /** The field auto-fill last looked at: it asks the background once per new code field, not per scan. */
    let autoFillTried: HTMLInputElement | undefined;
    let lastRightClicked: HTMLInputElement | undefined;
    /** Whatever was right-clicked last: the image of an "Add QR code to Twofold" menu click. */
    let lastContextTarget: Element | undefined;

    // The same test eval:detect uses; opacity is not checked: some box widgets type into a transparent input.
    const visible = (el: Element) => (el as HTMLElement).checkVisibility?.() ?? true;

    const scanOnce = async () => {
      // Most pages stop here: nothing that could take a code, so the detector is never even loaded.
      if (offers.size === 0 && !mayHaveCodeField(document)) return;
      const { detectOtpFields, Offer } = await loadAutofill();
      const found = detectOtpFields(document, { isVisible: visible }).filter(
        (d) => OFFERED.has(d.kind) && d.fields.length > 0,
      );
      const keep = new Set<HTMLInputElement>();
      for (const d of found) {
        const first = d.fields[0] as HTMLInputElement;
        keep.add(first);
        const existing = offers.get(first);
        if (existing) existing.update(d);
        else offers.set(first, new Offer(document, d));
      }
      for (const [field, offer] of offers) {
        if (!keep.has(field)) {
          offer.ui.remove();
          offers.delete(field);
        }
      }
      const count = found.filter((d) => d.kind === 'totp').length;
      if (count !== reported) {
        reported = count;
        void sendRequest({ type: 'otp-fields-seen', count }).catch(() => {});
      }
      void maybeAutoFill();
    };
    // Scans run one after another: two overlapping scans would both create an offer for a new field.
    let scanning: Promise<void> = Promise.resolve();
    const scan = () => {
      scanning = scanning.then(scanOnce, scanOnce);
      return scanning;
    };

    /** Optional (off by default): fill without a click when exactly one account matches. */
    const maybeAutoFill = async () => {
      const totp = [...offers.values()].find((o) => o.detection.kind === 'totp');
      const field = totp?.detection.fields[0];
      if (!totp || !field || field === autoFillTried || totp.detection.fields.some((f) => f.value !== '')) return;
      autoFillTried = field;
      const codes = await sendRequest({ type: 'codes-for-frame' });
      if (codes.fillMode !== 'auto-single' || codes.state !== 'unlocked' || codes.accounts.length !== 1) return;
      // Never by itself from a hardware key: each fill talks to the key (and spends an HOTP code).
      if (codes.accounts[0]?.source === 'key') return;
      await totp.fillBest(codes);
    };

    const best = () => [...offers.values()].find((o) => o.detection.kind === 'totp') ?? [...offers.values()][0];

    onBackgroundCommand((command) => {
      if (command.type === 'select-region') {
        // Only the top frame draws the overlay; the capture it leads to is of the whole tab.
        if (window !== window.top) return;
        void loadPageScan()
          .then(async ({ selectRegion, readPicturesIn }) => {
            const picked = await selectRegion(document);
            if (!picked) return;
            // The pictures under the box at their own resolution, and the screen pixels as well.
            const images = await readPicturesIn(document, picked.rect).catch(() => []);
            await sendRequest({ type: 'region-selected', ...picked, ...(images.length > 0 ? { images } : {}) });
          })
          .catch(() => {});
        return;
      }
      if (command.type === 'read-image') {
        void loadPageScan()
          .then(async ({ findImage, readImage }) => {
            const img = findImage(document, command.srcUrl, lastContextTarget);
            // Not found (a CSS background, a picture element that changed): the visible tab is scanned instead.
            if (!img) {
              await sendRequest({ type: 'image-picked' });
              return;
            }
            await sendRequest({ type: 'image-picked', ...(await readImage(img)) });
          })
          .catch(() => {});
        return;
      }
      if (command.type === 'fill-best') {
        // Every frame gets the command; only a frame with a code field acts on it.
        void best()?.fillBest();
        return;
      }
      // Context menu: the field that was right-clicked, or the offer it belongs to.
      const target = lastRightClicked;
      if (!target) return;
      const offer = [...offers.values()].find((o) => o.detection.fields.includes(target));
      if (offer) void offer.fillBest();
      else {
        const single: Detection = { kind: 'totp', fields: [target], confidence: 1, reasons: ['context-menu'] };
        void loadAutofill().then(({ Offer }) => {
          const created = new Offer(document, single);
          offers.set(target, created);
          return created.fillBest();
        });
      }
    });

    ctx.addEventListener(document, 'contextmenu', (e) => {
      const el = (e as MouseEvent).composedPath()[0];
      lastContextTarget = el instanceof Element ? el : undefined;
      lastRightClicked = el instanceof HTMLInputElement ? el : undefined;
    });

    const replace = () => {
      for (const offer of offers.values()) offer.ui.place();
    };
    ctx.addEventListener(window, 'resize', replace);
    ctx.addEventListener(window, 'scroll', replace, { capture: true, passive: true });

    void scan();
    const watcher = watchForInputs(
      document,
      () => void scan(),
      (fn, ms) => ctx.setTimeout(fn, ms),
      {
        stale: () => [...offers.keys()].some((field) => !field.isConnected),
      },
    );
    ctx.onInvalidated(() => {
      watcher.stop();
      for (const offer of offers.values()) offer.ui.remove();
    });
  },
});
