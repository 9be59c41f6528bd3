import { extensionUrl } from '../../platform/content-runtime';
import type { AutofillModule } from '../autofill';
import type { PageScanModule } from '../page-scan';

/** Loads an on-demand script once; it registers its exports on this isolated world's global. */
function loader<T>(file: '/autofill.js' | '/page-scan.js', global: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= (async () => {
      // A classic script loaded as a module; it registers itself on this isolated world's global.
      await import(/* @vite-ignore */ extensionUrl(file));
      const mod = (globalThis as Record<string, unknown>)[global] as T | undefined;
      if (!mod) throw new Error(`The Twofold module ${file} did not load.`); // i18n-ignore: internal, never shown (callers drop it)
      return mod;
    })();
    return loading;
  };
}

/** The detector and the offer UI (entrypoints/autofill.ts), when a page first needs them. */
export const loadAutofill = loader<AutofillModule>('/autofill.js', 'twofoldAutofill');
/** The region overlay and image reader (entrypoints/page-scan.ts), when the user asks for them. */
export const loadPageScan = loader<PageScanModule>('/page-scan.js', 'twofoldPageScan');
