import { defineContentScript } from '#imports';
import { mayHaveCodeField } from '../../lib/detect/prefilter';
import type { Detection } from '../../lib/detect/types';
import { mayShowRecoveryCodes } from '../../lib/detect/recovery-prefilter';
import { type Watcher, watchForInputs } from '../../lib/detect/watch';
import type { FieldOfferKind } from '../../lib/offer/bindings';
import { onBackgroundCommand, sendRequest } from '../../platform/content-runtime';
import { codeFieldCount } from './code-field-count';
import { grantTarget } from './grant-target';
import { loadAutofill, loadPageScan } from './load-autofill';
import { OfferAsks } from './offer-asks';
import type { Offer } from './offers';
import { isShown } from './shown';
import { RecoveryStepWatch } from './step-left';
import { throttle } from './throttle';

/** Kinds the inline offer appears on: authenticator fields, recovery fields (stored recovery codes), and both. */
const OFFERED = new Set<Detection['kind']>(['totp', 'recovery', 'dual', 'password-otp']);

/** Recovery codes a page shows are looked for at most this often (they stay on screen until saved). */
const LIST_SCAN_MS = 1000;

/** Focus reports go out at most this often (the last one always goes). */
const FOCUS_REPORT_MS = 200;

/** The focused element, looking into open shadow roots (closed ones are the page's own business). */
function deepActive(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  // WXT would otherwise window.postMessage "<extension id>:<script>:wxt:content-script-started" into every page:
  // the page would learn that Twofold is installed, and its id (https://github.com/wxt-dev/wxt/pull/2035).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const offers = new Map<HTMLInputElement, Offer>();
    /** Fields that had an offer asked for: once made, never again; refused, again on a later scan. */
    const asks = new OfferAsks<HTMLInputElement>();
    /** Every detection of the last scan, of any kind (SMS and e-mail fields too: they get nothing). */
    let detections: Detection[] = [];
    let reported = 0;
    /** The field auto-fill last reported: the background hears of each new code field once. */
    let readyReported: HTMLInputElement | undefined;
    let lastFocused: HTMLInputElement | undefined;
    let lastRightClicked: HTMLInputElement | undefined;
    /** Whatever was right-clicked last: the image of an "Add QR code to Twofold" menu click. */
    let lastContextTarget: Element | undefined;
    /** The fields a shortcut, context-menu or automatic fill is for, until its grant arrives. */
    let pending: { fields: HTMLInputElement[]; kind: Detection['kind'] } | undefined;

    /** Fields a recovery code may have been filled into: their leaving without a page load is reported. */
    const steps = new RecoveryStepWatch(
      (offer) => void sendRequest({ type: 'recovery-step-left', offer }).catch(() => {}),
      (fn, ms) => ctx.setTimeout(fn, ms),
      isShown,
    );

    const detectionOf = (el: EventTarget | null | undefined) =>
      el instanceof HTMLInputElement ? detections.find((d) => d.fields.includes(el)) : undefined;

    /** Offers to save recovery codes a page shows (issue 15, finding 4), by the element that holds them. */
    const lists = new Map<Element, Offer>();
    const listAsks = new OfferAsks<Element>();
    /** When lists were last looked for: a busy page's rescans look again at most once a second. */
    let listsAt = Number.NEGATIVE_INFINITY;
    const scanLists = async () => {
      const now = performance.now();
      if (now - listsAt < LIST_SCAN_MS) return;
      listsAt = now;
      // Most pages stop here: no list near recovery words, so the detector is not loaded for this.
      if (lists.size === 0 && !mayShowRecoveryCodes(document)) return;
      const { findRecoveryLists, Offer } = await loadAutofill();
      const found = findRecoveryLists(document, isShown);
      for (const list of found) {
        const existing = lists.get(list.anchor);
        if (existing) existing.place();
        else if (listAsks.begin(list.anchor, performance.now())) {
          const created = await Offer.forRecoveryList(document, list.anchor, list.codes);
          if (created) lists.set(list.anchor, created);
          else listAsks.refused(list.anchor, performance.now());
        }
      }
      for (const [anchor, offer] of lists) {
        if (!found.some((l) => l.anchor === anchor)) {
          offer.remove();
          lists.delete(anchor);
        }
      }
    };

    /** Set up below, before the first scan has finished; each scan tells it which inputs are usable now. */
    let watcher: Watcher | undefined;
    const scanOnce = async () => {
      // Before detecting: a field shown or hidden while this scan runs is then seen as a change, not missed.
      // Offered fields in shadow roots are not in the document's own input list: they are tracked as well.
      watcher?.track(offers.keys());
      await scanLists().catch(() => {});
      await detectAndOffer();
    };
    const detectAndOffer = async () => {
      // Before new fields are offered: a code step shown again must reach the background after the old one left.
      steps.check();
      // Most pages stop here: nothing that could take a code, so the detector is never even loaded.
      if (offers.size === 0 && !mayHaveCodeField(document)) return;
      const { detectOtpFields, Offer, isEnrolmentStep } = await loadAutofill();
      // Only fields a person can really see (issue 14, finding 2): an invisible field summons nothing.
      detections = detectOtpFields(document, { isVisible: isShown }).filter((d) => d.fields.length > 0);
      const found = detections.filter((d) => OFFERED.has(d.kind));
      const keep = new Set<HTMLInputElement>();
      for (const d of found) {
        const first = d.fields[0] as HTMLInputElement;
        keep.add(first);
        const existing = offers.get(first);
        if (existing) existing.update(d);
        else if (asks.begin(first, performance.now())) {
          const created = await Offer.create(document, d, isEnrolmentStep(first));
          if (created) offers.set(first, created);
          else asks.refused(first, performance.now());
        }
      }
      for (const [field, offer] of offers) {
        if (keep.has(field)) continue;
        // Still in the page but hidden (another tab, a closed pane): its one offer waits for it, out of sight.
        if (field.isConnected) {
          offer.park();
          continue;
        }
        offer.remove();
        offers.delete(field);
      }
      const count = codeFieldCount(found);
      if (count !== reported) {
        reported = count;
        void sendRequest({ type: 'otp-fields-seen', count }).catch(() => {});
      }
      reportReady(found, isEnrolmentStep);
    };
    // Scans run one after another: two overlapping scans would both create an offer for a new field.
    let scanning: Promise<void> = Promise.resolve();
    const scan = () => {
      scanning = scanning.then(scanOnce, scanOnce);
      return scanning;
    };

    /** A new, empty code field: the background decides whether to fill it by itself (off by default). */
    const reportReady = (found: Detection[], isEnrolmentStep: (field: HTMLInputElement) => boolean) => {
      const totp = found.find((d) => d.kind === 'totp');
      const field = totp?.fields[0];
      if (!totp || !field || field === readyReported || totp.fields.some((f) => f.value !== '')) return;
      readyReported = field;
      // An enrolment (verify) step is never filled by itself (issue 15): the background hears which it is.
      const enrol = isEnrolmentStep(field as HTMLInputElement);
      if (!enrol) pending = { fields: totp.fields as HTMLInputElement[], kind: 'totp' };
      void sendRequest({ type: 'code-field-ready', kind: 'totp', ...(enrol ? { enrol } : {}) }).catch(() => {});
    };

    /** The shortcut or the context menu reached this frame: ask for a grant for `fields` (SMS/e-mail: nothing). */
    const ask = (d: Detection) => {
      if (!OFFERED.has(d.kind)) return;
      pending = { fields: d.fields as HTMLInputElement[], kind: d.kind };
      void sendRequest({ type: 'fill-asked', kind: d.kind as FieldOfferKind }).catch(() => {});
    };

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
        // Only when this frame has focus and its focused element is one of its code fields (issue 14, finding 3):
        // otherwise nothing at all happens here (no menu, no focus change).
        const d = detectionOf(deepActive(document));
        if (document.hasFocus() && d) ask(d);
        return;
      }
      if (command.type === 'fill-here') {
        // The context menu: the field that was right-clicked (a field the detector missed counts as a code field).
        const target = lastRightClicked;
        if (!target?.isConnected) return;
        ask(detectionOf(target) ?? { kind: 'totp', fields: [target], confidence: 1, reasons: ['context-menu'] });
        return;
      }
      if (command.type === 'offer-layout') {
        const offer = [...offers.values(), ...lists.values()].find((o) => o.token === command.offer);
        offer?.layout(command.open, command.focusField === true);
        return;
      }
      // fill-grant: the field of the offer the pick was made in, else the fields the last request was for, else the
      // focused code field; the code comes only in exchange for the grant, checked against this frame.
      // A grant for an offer whose field is hidden for now (parked) is dropped: nothing is filled out of sight.
      const target = grantTarget(command.offer, offers.values(), pending, detectionOf(lastFocused));
      pending = undefined;
      if (!target) return;
      void loadAutofill()
        .then(async ({ fillWithGrant }) => {
          await fillWithGrant(command.grant, target.fields as HTMLInputElement[], target.kind);
          // A recovery code may have gone in: watch for the step to leave (issue 15, finding 4).
          const field = target.fields[0] as HTMLInputElement;
          const token = offers.get(field)?.token;
          if (token && (target.kind === 'recovery' || target.kind === 'dual')) steps.filled(field, token);
        })
        .catch(() => {});
    });

    ctx.addEventListener(document, 'contextmenu', (e) => {
      const el = (e as MouseEvent).composedPath()[0];
      lastContextTarget = el instanceof Element ? el : undefined;
      lastRightClicked = el instanceof HTMLInputElement ? el : undefined;
    });
    // The shortcut goes to the frame whose code field has focus: tell the background when one gets it.
    const reportFocus = throttle(
      () => {
        // A late (trailing) report only if focus is still on a code field here: never take the shortcut back.
        if (!document.hasFocus() || !detectionOf(deepActive(document))) return;
        void sendRequest({ type: 'code-field-focus' }).catch(() => {});
      },
      FOCUS_REPORT_MS,
      (fn, ms) => ctx.setTimeout(fn, ms),
    );
    ctx.addEventListener(
      document,
      'focusin',
      (e) => {
        const el = (e as FocusEvent).composedPath()[0];
        if (!e.isTrusted || !(el instanceof HTMLInputElement)) return;
        const d = detectionOf(el);
        if (!d) return;
        // Every time, not only when the element changes: focus may have gone to another frame and come back.
        lastFocused = el;
        reportFocus();
        // A field whose offer was refused (say, no vault yet) asks again when the person comes back to it.
        if (asks.mayRetry(d.fields[0] as HTMLInputElement, performance.now())) void scan();
      },
      { capture: true },
    );
    // Alt+Down in a field opens its offer's menu and moves focus into the frame (as a combobox would).
    ctx.addEventListener(
      document,
      'keydown',
      (e) => {
        const k = e as KeyboardEvent;
        if (!k.isTrusted || !k.altKey || k.key !== 'ArrowDown') return;
        const d = detectionOf(k.composedPath()[0]);
        const offer = d && offers.get(d.fields[0] as HTMLInputElement);
        if (!offer) return;
        k.preventDefault();
        k.stopPropagation();
        offer.openByKey();
      },
      { capture: true },
    );

    const replace = () => {
      for (const offer of offers.values()) offer.place();
      for (const offer of lists.values()) offer.place();
    };
    ctx.addEventListener(window, 'resize', replace);
    // A navigation: the background sees it from the tab's events; a form torn down on the way is no step left.
    ctx.addEventListener(window, 'pagehide', () => steps.leaving());
    ctx.addEventListener(window, 'scroll', replace, { capture: true, passive: true });

    // Issue 15, finding 7: fields shown later (a pane, a tab, a <details> or <dialog> opened) are offered too.
    const watching = watchForInputs(
      document,
      () => void scan(),
      (fn, ms) => ctx.setTimeout(fn, ms),
      {
        stale: () => [...offers.keys()].some((field) => !field.isConnected),
        shown: isShown,
        idle: (fn) => ctx.requestIdleCallback(() => fn(), { timeout: 500 }),
      },
    );
    watcher = watching;
    void scan();
    ctx.onInvalidated(() => {
      watching.stop();
      for (const offer of offers.values()) offer.remove();
      for (const offer of lists.values()) offer.remove();
    });
  },
});
