import { OfferError, text } from './errors';
import { randomToken } from './token';

/** Where a fill may go: a frame of a tab, at an origin, all as the browser's sender record says. */
export interface FillTarget {
  tabId: number;
  frameId: number;
  origin: string;
}

/** What a pick lets the frame's content script take: the account's code, or its next unused recovery code. */
export type GrantWhat = 'code' | 'recovery';

export interface Grant extends FillTarget {
  accountId: string;
  what: GrantWhat;
  /** Picked in the cross-site window: the account does not belong to the origin (never HOTP, never a key slot). */
  crossSite: boolean;
  /** 'recovery' grants: the one unused recovery code the pick named (else the account's next unused one). */
  code?: string;
  /** Unix ms after which the grant is void. */
  expiresAt: number;
}

export interface GrantClock {
  /** Unix ms. */
  now(): number;
  random(n: number): Uint8Array;
}

/** A grant lives this long: time for the background's command to reach the content script and come back. */
export const GRANT_TTL_MS = 5000;

/**
 * One-time fill grants. The background creates one for each trusted pick (or shortcut, or automatic fill) and
 * sends its token to the content script of the frame it is bound to; the content script presents it to get the
 * code. A grant is used at most once, within {@link GRANT_TTL_MS}, and only by a sender whose tab, frame and
 * origin are the ones it was made for. A wrong presenter burns it too: a token that leaked is worth nothing.
 */
export class GrantStore {
  readonly #grants = new Map<string, Grant>();
  readonly #clock: GrantClock;

  constructor(clock: GrantClock) {
    this.#clock = clock;
  }

  create(grant: Omit<Grant, 'expiresAt'>): string {
    this.#sweep();
    const token = randomToken(this.#clock.random);
    this.#grants.set(token, { ...grant, expiresAt: this.#clock.now() + GRANT_TTL_MS });
    return token;
  }

  /** The grant for `token` if `sender` is its target; it is spent either way. */
  consume(token: string, sender: FillTarget): Grant {
    const grant = this.#grants.get(token);
    this.#grants.delete(token);
    if (!grant) throw new OfferError('unknown-token', text('offer_error_unknown_grant'));
    if (grant.expiresAt < this.#clock.now()) throw new OfferError('grant-expired', text('offer_error_grant_expired'));
    if (grant.tabId !== sender.tabId || grant.frameId !== sender.frameId || grant.origin !== sender.origin) {
      throw new OfferError('wrong-sender', text('offer_error_wrong_sender'));
    }
    return grant;
  }

  /** Drops every grant of a tab (it closed or loads another page). */
  forgetTab(tabId: number): void {
    for (const [token, g] of this.#grants) if (g.tabId === tabId) this.#grants.delete(token);
  }

  get size(): number {
    return this.#grants.size;
  }

  #sweep(): void {
    const now = this.#clock.now();
    for (const [token, g] of this.#grants) if (g.expiresAt < now) this.#grants.delete(token);
  }
}
