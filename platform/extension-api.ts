import type { browser as wxtBrowser } from 'wxt/browser';

/**
 * The browser's own extension API object, safe from the page's DOM (docs/architecture.md attack 13).
 *
 * A global a script's world does not define itself is looked up on the page's DOM: "named access on the
 * Window object" (HTML §7.2.2.3, https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object)
 * turns `<form id=browser><input name=runtime id=x>` into `globalThis.browser.runtime.id === 'x'`, and this reaches a
 * content script's isolated world in Chromium. Chromium gives content scripts no `browser`, so WXT's shim and
 * webextension-polyfill (both pick `globalThis.browser` when `browser.runtime.id` is truthy) took the page's form.
 * Worse, `chrome` is no own property of the isolated world's global either: when the world is created after the
 * page's DOM exists (content scripts run at document_idle), Chromium finds the page's `<form id=chrome>` under that
 * name and installs the API onto it, where the form's own named elements (`<input name=runtime>`) hide it again
 * (HTMLFormElement is [LegacyOverrideBuiltIns]). tests/e2e/hardening.e2e.ts measures both.
 *
 * So a tiny content script runs at document_start (entrypoints/extension-api.content.ts), before the page has any
 * element, and keeps the real object under a symbol (named access only ever maps strings) as an own, read-only
 * property of the isolated world's global, which the page's DOM cannot shadow. Everything that runs in pages' frames
 * takes the API from there. In extension pages and the background nothing is kept and the browser's own global is
 * used (`chrome` in the Chromium build, `browser` in Firefox's, where it is the sandbox's own property).
 *
 * Typed as WXT's `browser` (the promise-based API both browsers have natively in MV3 / Firefox MV2). Undefined only
 * where there is no browser at all (the build analysing entry points in Node), so loading this never throws.
 */
export type ExtensionApi = typeof wxtBrowser;

const KEPT = Symbol.for('twofold.extension-api');
type Global = { chrome?: ExtensionApi; browser?: ExtensionApi; [KEPT]?: ExtensionApi };

function native(): ExtensionApi {
  const g = globalThis as unknown as Global;
  return (import.meta.env.FIREFOX ? g.browser : g.chrome) as ExtensionApi;
}

/** Keeps the API object while the document is still empty (document_start); later calls change nothing. */
export function keepExtensionApi(): void {
  if (Object.hasOwn(globalThis, KEPT)) return;
  Object.defineProperty(globalThis, KEPT, { value: native(), writable: false, configurable: false, enumerable: false });
}

/** The API object kept at document_start, or the browser's global where nothing was kept (extension pages, worker). */
export const extensionApi: ExtensionApi = (globalThis as unknown as Global)[KEPT] ?? native();
