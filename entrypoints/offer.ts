import { defineUnlistedScript } from '#imports';
import { Offer } from './content/offers';

/*
 * The inline offer's UI and filling, loaded on demand by the content script the first time a page
 * has a code field to offer on (the always-injected script stays within its size budget). It runs in
 * the content script's isolated world and hands its class over on a global of that world only.
 */
export default defineUnlistedScript(() => {
  (globalThis as { twofoldOffer?: { Offer: typeof Offer } }).twofoldOffer = { Offer };
});
