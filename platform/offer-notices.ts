import { browser } from 'wxt/browser';

export type OfferNotice = { type: 'offer-moved' | 'offer-key-open' | 'offer-notice'; offer: string };

/**
 * The offer frame hears what the background relays from its content script (the field moved; Alt+Down; a notice to
 * show, docs/auto-fill.md). Only from the extension's background (our id, no tab); it never answers, so requests other
 * frames send still reach the background's listener.
 */
export function onOfferNotice(handle: (notice: OfferNotice) => void): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const { type, offer } = (raw ?? {}) as { type?: unknown; offer?: unknown };
    if ((type === 'offer-moved' || type === 'offer-key-open' || type === 'offer-notice') && typeof offer === 'string') {
      handle({ type, offer });
    }
    return undefined;
  });
}
