import { defineContentScript } from '#imports';
import { watchForInputs } from '../../lib/detect/watch';
import { onBackgroundMessage } from '../../platform/content-runtime';
import { loadAutofill } from './load-autofill';
import { OnDemandCore } from './on-demand-core';
import { qrLook } from './qr-look';

/*
 * The script injected into every http(s) frame, kept small (docs/performance.md): it watches for inputs, takes a cheap
 * first look, records what a context menu was opened on, and receives the background's commands. Everything else, the
 * page state, offers, filling and the command dispatch, is the core (page-core.ts) in autofill.js, loaded the first
 * time the frame needs it (docs/architecture.md "Autofill in a page").
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  // WXT would otherwise window.postMessage "<extension id>:<script>:wxt:content-script-started" into every page:
  // the page would learn that Twofold is installed, and its id (https://github.com/wxt-dev/wxt/pull/2035).
  noScriptStartedPostMessage: true,
  main(ctx) {
    /** What a context menu was last opened on: "Fill code here" may come before the core has loaded. */
    let rightClicked: EventTarget | undefined;
    const core = new OnDemandCore(async () => {
      const mod = await loadAutofill();
      // Never start in a context already let go (the extension reloaded under the page): its offers would stay.
      if (ctx.signal.aborted) throw new Error('Twofold was reloaded under this page.'); // i18n-ignore: internal, never shown (dropped)
      return mod.startPageCore(ctx, watching, rightClicked);
    });
    onBackgroundMessage((raw) => core.command(raw));

    ctx.addEventListener(document, 'contextmenu', (e) => {
      // A page's own dispatchEvent is no right-click: it must not choose the field a mark is made for.
      if (!e.isTrusted) return;
      rightClicked = (e as MouseEvent).composedPath()[0];
      core.core?.rightClicked(rightClicked);
    });

    // Fields shown later (a pane, a tab, a <details> or <dialog> opened) are offered too: many sites
    // show the code step only after a click (docs/architecture.md "Autofill in a page"). Until the core runs, no
    // offer exists and no input is tracked (the core's scans do that), so its hooks are asked only once it runs.
    // The QR notice's first look (qr-look.ts): a setup page's QR codes, read by the page, loaded only there.
    const qr = qrLook(
      document,
      (fn, ms) => ctx.setTimeout(fn, ms),
      (mod) => mod.startPageQr(ctx),
    );
    const look = () => {
      core.scan(document, performance.now());
      qr();
    };
    const watching = watchForInputs(document, look, (fn, ms) => ctx.setTimeout(fn, ms), {
      stale: () => core.core?.stale() ?? false,
      shown: (el) => core.core?.shown(el) ?? true,
      idle: (fn) => ctx.requestIdleCallback(() => fn(), { timeout: 500 }),
    });
    look();
    ctx.onInvalidated(() => watching.stop());
  },
});
