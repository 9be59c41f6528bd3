import { browser } from 'wxt/browser';
import type { Offer } from './offers';

type OfferModule = { Offer: typeof Offer };
let loading: Promise<OfferModule> | undefined;

/** Loads the offer UI once (entrypoints/offer.ts), the first time a page has a field to offer on. */
export function loadOfferModule(): Promise<OfferModule> {
  loading ??= (async () => {
    const url = browser.runtime.getURL('/offer.js');
    // A classic script loaded as a module; it registers itself on this isolated world's global.
    await import(/* @vite-ignore */ url);
    const mod = (globalThis as { twofoldOffer?: OfferModule }).twofoldOffer;
    if (!mod) throw new Error('The Twofold offer module did not load.');
    return mod;
  })();
  return loading;
}
