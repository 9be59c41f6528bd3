import { OfferError, text } from './errors';
import { randomToken } from './token';

/** The field kinds an offer frame is drawn for. */
export type FieldOfferKind = 'totp' | 'recovery' | 'dual' | 'password-otp';
/**
 * What an offer frame is drawn for: a code field, or recovery codes a page shows
 * (docs/detection.md "Recovery codes a site shows").
 */
export type OfferKind = FieldOfferKind | 'recovery-list';

/** One offer frame: the content script's frame it serves, and the extension frame that presented its token. */
export interface OfferRecord {
  tabId: number;
  /** The content script's frame (the page frame holding the field). */
  frameId: number;
  /**
   * That frame's origin when the offer was made, from the browser's sender record. Never its URL: a page can make
   * that megabytes long, and every offer is kept in storage.session, whose quota unlock's key shares
   * (a full quota would break unlock). What the menu lists depends on the origin only (lib/match/scope.ts).
   */
  origin: string;
  kind: OfferKind;
  /** 'recovery-list' offers: the codes the page showed (at most 32 short strings), saved only after a pick. */
  codes?: string[];
  /**
   * The content script saw an enrolment (verify) step (its own word: a page that claims it only gets less done by
   * itself, never more). The unlock window opens the menu instead of filling it.
   */
  enrol?: boolean;
  /** The field is hidden but still in the page (the content script parked its offer): no fill goes to it. */
  hidden?: boolean;
  /** The extension frame that presented the token first; absent until it did. */
  boundFrameId?: number;
  createdAt: number;
}

export interface Presenter {
  tabId?: number;
  frameId?: number;
}

/** A tab keeps at most this many offers (one per detected field). */
export const OFFERS_PER_TAB = 32;
/**
 * One frame of a tab keeps at most this many; past it the frame's own oldest go first, so a third-party frame that
 * plants many fields cannot push out the top frame's offers.
 */
export const OFFERS_PER_FRAME = 8;

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
    // A tab keeps one offer to save recovery codes, the newest: the codes a page sends are kept in storage.session,
    // whose quota unlock's key shares, so a page cannot pile them up.
    if (record.kind === 'recovery-list') {
      for (const [t, r] of this.#records)
        if (r.tabId === record.tabId && r.kind === 'recovery-list') this.#records.delete(t);
    }
    const ofFrame = (frameId: number) =>
      [...this.#records].filter(([, r]) => r.tabId === record.tabId && r.frameId === frameId).map(([t]) => t);
    // Map order is insertion order: the first of a frame's tokens is its oldest.
    const own = ofFrame(record.frameId);
    for (const old of own.slice(0, Math.max(0, own.length - OFFERS_PER_FRAME + 1))) this.#records.delete(old);
    // The tab is full: the frame with the most offers gives up its oldest (on a tie the minting frame's own first).
    for (;;) {
      const counts = new Map<number, number>();
      for (const r of this.#records.values()) {
        if (r.tabId === record.tabId) counts.set(r.frameId, (counts.get(r.frameId) ?? 0) + 1);
      }
      if ([...counts.values()].reduce((a, b) => a + b, 0) < OFFERS_PER_TAB) break;
      const [largest] =
        [...counts].sort(
          ([fa, a], [fb, b]) => b - a || (fa === record.frameId ? -1 : fb === record.frameId ? 1 : 0),
        )[0] ?? [];
      const [oldest] = largest === undefined ? [] : ofFrame(largest);
      if (oldest === undefined) break;
      this.#records.delete(oldest);
    }
    const { tabId, frameId, origin, kind, createdAt, codes, enrol } = record;
    this.#records.set(token, {
      tabId,
      frameId,
      origin,
      kind,
      createdAt,
      ...(codes ? { codes: [...codes] } : {}),
      ...(enrol ? { enrol: true } : {}),
    });
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

  /** The content script that made the offer says its field was hidden (parked) or shown again. */
  setHidden(token: string, from: Presenter & { origin: string }, hidden: boolean): void {
    this.ofContent(token, from);
    const r = this.#get(token);
    if (hidden) r.hidden = true;
    else delete r.hidden;
  }

  /** The codes recovery-list offers hold are dropped (the vault locked); the offers stay, with nothing to save. */
  dropCodes(): void {
    for (const r of this.#records.values()) delete r.codes;
  }

  forgetTab(tabId: number): void {
    for (const [token, r] of this.#records) if (r.tabId === tabId) this.#records.delete(token);
  }

  snapshot(): Record<string, OfferRecord> {
    return Object.fromEntries(
      [...this.#records].map(([k, r]) => [k, { ...r, ...(r.codes ? { codes: [...r.codes] } : {}) }]),
    );
  }

  #get(token: string): OfferRecord {
    const r = this.#records.get(token);
    if (!r) throw new OfferError('unknown-token', text('offer_error_unknown_offer'));
    return r;
  }
}
