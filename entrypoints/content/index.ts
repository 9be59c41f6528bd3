import { defineContentScript } from '#imports';
import type { Detection } from '../../lib/detect/types';
import { watchForInputs } from '../../lib/detect/watch';
import type { ContentCommand } from '../../lib/messaging/commands';
import { onBackgroundCommand, sendRequest } from '../../platform/content-runtime';
import { loadAutofill } from './load-autofill';
import { OfferScan } from './offer-scan';
import { PageState } from './page-state';
import { readImageHere, selectRegionHere } from './scan-commands';
import { isShown } from './shown';
import { RecoveryStepWatch } from './step-left';
import { throttle } from './throttle';

/** Focus reports go out at most this often (the last one always goes). */
const FOCUS_REPORT_MS = 200;

/** The focused element, looking into open shadow roots (closed ones are the page's own business). */
function deepActive(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

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

    /** The shortcut or the context menu reached this frame: ask for a grant for `d`'s fields (SMS/e-mail: nothing). */
    const askFill = (d: Detection) => {
      const kind = state.askFill(d);
      if (kind) void sendRequest({ type: 'fill-asked', kind }).catch(quietly);
    };

    /** A grant for this frame: the code comes only in exchange for it, checked against this frame. */
    const fill = (grant: string, offer: string | undefined) => {
      // The field of the offer the pick was made in, else the fields the last request was for, else the focused code
      // field. A grant for an offer whose field is hidden for now (parked) is dropped: nothing is filled out of sight.
      const target = state.takeGrantTarget(offer);
      if (!target) return;
      void loadAutofill()
        .then(async ({ fillWithGrant, showFailure }) => {
          try {
            await fillWithGrant(grant, target.fields, target.kind);
          } catch (e) {
            // The code did not go in (it does not fit the field, the field went, the background refused the grant's
            // code: no recovery code left, a key not plugged in): the person asked for it here, the page says why.
            showFailure(document, 'fill', e);
            return;
          }
          // A recovery code may have gone in: watch for the step to leave, so a code the site accepted is marked
          // used and never offered again (docs/architecture.md "Recovery codes").
          const field = target.fields[0] as HTMLInputElement;
          const token = state.offers.get(field)?.token;
          if (token && (target.kind === 'recovery' || target.kind === 'dual')) steps.filled(field, token);
        })
        // Loading autofill.js fails only while the page goes away or the extension was reloaded under it: nothing is
        // left to show a notice with, and nothing the person could do in this page.
        .catch(quietly);
    };

    const run = (command: ContentCommand): void => {
      switch (command.type) {
        case 'fill-best': {
          // Only when this frame has focus and its focused element is one of its code fields (else a hidden
          // third-party frame could take the code; docs/architecture.md attack 3):
          // otherwise nothing at all happens here (no menu, no focus change).
          const d = state.detectionOf(deepActive(document));
          if (document.hasFocus() && d) askFill(d);
          return;
        }
        case 'fill-here': {
          // The context menu: the field that was right-clicked (a field the detector missed counts as a code field).
          const target = state.rightClickedField();
          if (target) {
            askFill(
              state.detectionOf(target) ?? { kind: 'totp', fields: [target], confidence: 1, reasons: ['context-menu'] },
            );
          }
          return;
        }
        case 'fill-grant':
          fill(command.grant, command.offer);
          return;
        case 'offer-layout':
          state.offerByToken(command.offer)?.layout(command.open, command.focusField === true);
          return;
        case 'select-region':
          // Only the top frame draws the overlay; the capture it leads to is of the whole tab. What still fails here
          // is loading page-scan.js, which happens only while the page goes away or the extension was reloaded under
          // it: nothing is left to draw a notice with, and nothing the person could do in this page.
          if (window === window.top) void selectRegionHere(document).catch(quietly);
          return;
        case 'read-image':
          // As for select-region: a failure the person should hear of is shown by readImageHere itself.
          void readImageHere(document, command.srcUrl, state.contextTarget()).catch(quietly);
          return;
        default:
          // A command added to lib/messaging/commands.ts without a case here does not compile.
          command satisfies never;
      }
    };
    onBackgroundCommand(run);

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
