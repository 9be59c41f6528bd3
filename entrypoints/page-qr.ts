import { defineUnlistedScript } from '#imports';
import { startPageQr } from './content/qr-watch';

/** What the content script loads on demand on a page that reads like a two-factor setup (content/qr-look.ts). */
export interface PageQrModule {
  startPageQr: typeof startPageQr;
}

/*
 * The QR look-up, loaded only in a frame whose text reads like a two-factor setup page (docs/qr-notice.md), so the
 * script injected into every page does not carry it. It hands its export over on a global of the content script's
 * isolated world only.
 */
export default defineUnlistedScript(() => {
  (globalThis as { twofoldPageQr?: PageQrModule }).twofoldPageQr = { startPageQr };
});
