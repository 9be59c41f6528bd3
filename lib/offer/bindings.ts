import { OfferError, text } from './errors';
import { randomToken } from './token';

/** The field kinds an offer frame is drawn for. */
export type OfferKind = 'totp' | 'recovery' | 'password-otp';

/** One offer frame: the content script's frame it serves, and the extension frame that presented its token. */
export interface OfferRecord {
  tabId: number;
  /** The content script's frame (the page frame holding the field). */
  frameId: number;
  /** That frame's origin and URL when the offer was made, from the browser's sender record. */
  origin: string;
  url: string;
  kind: OfferKind;
  /** The extension frame that presented the token first; absent until it did. */
  boundFrameId?: number;
  createdAt: number;
}

export interface Presenter {
  tabId?: number;
  frameId?: number;
}

/** A tab keeps at most this many offers (one per detected field); the oldest go first. */
export const OFFERS_PER_TAB = 32;

/**
 * The offer tokens (docs/architecture.md "Autofill in a page"). The background mints one for a content script's
 * frame; the content script puts it in the URL fragment of the offer frame it inserts. The page can read that URL
 * but cannot send extension messages, so the token is only ever presented by the extension frame: the first
 * presenter in the same tab is bound to it, and every later request from the frame must come from that frame.
 *
 * Pure: the caller persists {@link snapshot} (Chrome stops the worker between a page load and a click).
 */
export class OfferBindings {
  readonly #records: Map<string, OfferRecord>;
  readonly #random: (n: number) => Uint8Array;

  constructor(random: (n: number) => Uint8Array, records: Record<string, OfferRecord> = {}) {
    this.#random = random;
    // Copies: the caller compares the snapshot with what it passed in to decide whether to persist, so a change
    // made here must never reach the records it was given.
    this.#records = new Map(Object.entries(records).map(([token, r]) => [token, { ...r }]));
  }

  mint(record: Omit<OfferRecord, 'boundFrameId'>): string {
    const token = randomToken(this.#random);
    const ofTab = [...this.#records].filter(([, r]) => r.tabId === record.tabId);
    for (const [old] of ofTab.slice(0, Math.max(0, ofTab.length - OFFERS_PER_TAB + 1))) this.#records.delete(old);
    this.#records.set(token, { ...record });
    return token;
  }

  /** The frame presents its token: bound if it is in the same tab and nobody presented it before. */
  hello(token: string, from: Presenter): OfferRecord {
    const r = this.#get(token);
    if (from.tabId !== r.tabId || from.frameId === undefined) {
      throw new OfferError('wrong-sender', text('offer_error_wrong_sender'));
    }
    if (r.boundFrameId !== undefined) throw new OfferError('already-bound', text('offer_error_already_bound'));
    r.boundFrameId = from.frameId;
    return { ...r };
  }

  /** The offer a bound extension frame speaks for; refused for any other sender. */
  ofFrame(token: string, from: Presenter): OfferRecord {
    const r = this.#get(token);
    if (r.boundFrameId === undefined || from.tabId !== r.tabId || from.frameId !== r.boundFrameId) {
      throw new OfferError('wrong-sender', text('offer_error_wrong_sender'));
    }
    return { ...r };
  }

  /** The offer a content script made (it reports the field moved, or Alt+Down); refused for any other frame. */
  ofContent(token: string, from: Presenter & { origin: string }): OfferRecord {
    const r = this.#get(token);
    if (from.tabId !== r.tabId || from.frameId !== r.frameId || from.origin !== r.origin) {
      throw new OfferError('wrong-sender', text('offer_error_wrong_sender'));
    }
    return { ...r };
  }

  forgetTab(tabId: number): void {
    for (const [token, r] of this.#records) if (r.tabId === tabId) this.#records.delete(token);
  }

  snapshot(): Record<string, OfferRecord> {
    return Object.fromEntries([...this.#records].map(([k, r]) => [k, { ...r }]));
  }

  #get(token: string): OfferRecord {
    const r = this.#records.get(token);
    if (!r) throw new OfferError('unknown-token', text('offer_error_unknown_offer'));
    return r;
  }
}
