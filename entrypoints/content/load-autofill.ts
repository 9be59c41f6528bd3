import { browser } from 'wxt/browser';
import type { AutofillModule } from '../autofill';

let loading: Promise<AutofillModule> | undefined;

/** Loads the detector and the offer UI once (entrypoints/autofill.ts), when a page first needs them. */
export function loadAutofill(): Promise<AutofillModule> {
  loading ??= (async () => {
    // A classic script loaded as a module; it registers itself on this isolated world's global.
    await import(/* @vite-ignore */ browser.runtime.getURL('/autofill.js'));
    const mod = (globalThis as { twofoldAutofill?: AutofillModule }).twofoldAutofill;
    if (!mod) throw new Error('The Twofold autofill module did not load.');
    return mod;
  })();
  return loading;
}
