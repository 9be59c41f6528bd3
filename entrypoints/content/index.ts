import { defineContentScript } from '#imports';
import { watchForInputs } from '../../lib/detect/watch';
import { onBackgroundCommand, sendRequest } from '../../platform/content-runtime';
import { loadAutofill } from './load-autofill';
import { OfferScan } from './offer-scan';
import { PageState } from './page-state';
import { commandRunner, deepActive } from './run-command';
import { readImageHere, selectRegionHere } from './scan-commands';
import { isShown } from './shown';
import { RecoveryStepWatch } from './step-left';
import { throttle } from './throttle';

/** Focus reports go out at most this often (the last one always goes). */
const FOCUS_REPORT_MS = 200;

/*
 * Messages to the background that only report (a field focused, a grant asked for, a step left) fail quietly: a lost
 * one (the page going away, the extension reloaded under it) leaves nothing the person could act on, and what they
 * asked for shows its own outcome (the offer frame, the scan window, scan-commands.ts).
 */
const quietly = (): void => {};

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  // WXT would otherwise window.postMessage "<extension id>:<script>:wxt:content-script-started" into every page:
  // the page would learn that Twofold is installed, and its id (https://github.com/wxt-dev/wxt/pull/2035).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const state = new PageState();
    /** Fields a recovery code may have been filled into: their leaving without a page load is reported. */
    const steps = new RecoveryStepWatch(
      (offer) => void sendRequest({ type: 'recovery-step-left', offer }).catch(quietly),
      (fn, ms) => ctx.setTimeout(fn, ms),
      isShown,
    );
    const scanner = new OfferScan(document, state, steps);
    const scan = () => scanner.scan();

    const run = commandRunner({
      doc: document,
      state,
      steps,
      askGrant: (kind) => void sendRequest({ type: 'fill-asked', kind }).catch(quietly),
      loadAutofill,
      selectRegion: selectRegionHere,
      readImage: readImageHere,
    });
    onBackgroundCommand((command) => void run(command));

    ctx.addEventListener(document, 'contextmenu', (e) => state.rightClicked((e as MouseEvent).composedPath()[0]));
    // The shortcut goes to the frame whose code field has focus: tell the background when one gets it.
    const reportFocus = throttle(
      () => {
        // A late (trailing) report only if focus is still on a code field here: never take the shortcut back.
        if (!document.hasFocus() || !state.detectionOf(deepActive(document))) return;
        void sendRequest({ type: 'code-field-focus' }).catch(quietly);
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
        const d = state.detectionOf(el);
        if (!d) return;
        // Every time, not only when the element changes: focus may have gone to another frame and come back.
        state.focused(el);
        reportFocus();
        // A field whose offer was refused (say, no vault yet) asks again when the person comes back to it.
        if (state.asks.mayRetry(d.fields[0] as HTMLInputElement, performance.now())) void scan();
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
        const d = state.detectionOf(k.composedPath()[0]);
        const offer = d && state.offers.get(d.fields[0] as HTMLInputElement);
        if (!offer) return;
        k.preventDefault();
        k.stopPropagation();
        offer.openByKey();
      },
      { capture: true },
    );

    const replace = () => {
      for (const offer of state.allOffers()) offer.place();
    };
    ctx.addEventListener(window, 'resize', replace);
    // A navigation: the background sees it from the tab's events; a form torn down on the way is no step left.
    ctx.addEventListener(window, 'pagehide', () => steps.leaving());
    ctx.addEventListener(window, 'scroll', replace, { capture: true, passive: true });

    // Fields shown later (a pane, a tab, a <details> or <dialog> opened) are offered too: many sites
    // show the code step only after a click (docs/architecture.md "Autofill in a page").
    const watching = watchForInputs(
      document,
      () => void scan(),
      (fn, ms) => ctx.setTimeout(fn, ms),
      {
        stale: () => [...state.offers.keys()].some((field) => !field.isConnected),
        shown: isShown,
        idle: (fn) => ctx.requestIdleCallback(() => fn(), { timeout: 500 }),
      },
    );
    scanner.watchWith(watching);
    void scan();
    ctx.onInvalidated(() => {
      watching.stop();
      for (const offer of state.allOffers()) offer.remove();
    });
  },
});
