/**
 * Whether the background may fill a code into a page WITHOUT a click ("fill by itself", the
 * `auto-single` fill mode), after it has already found the account to be 'exact' for the frame
 * (docs/site-matching.md: 'related' and 'none' are never filled by themselves; that check is the
 * caller's, with `scopeOf`).
 *
 * Issue 14 finding 7: a page that replaced its code field after each automatic fill collected 50
 * future HOTP codes in 15 s. So: never an HOTP account (every code spends a counter value the page
 * can keep for later, RFC 4226 §7.2), never a hardware-key slot (reading it may need the key's PIN or
 * touch, and it is HOTP-like on the key), at most once per field per account per page load of the
 * tab, and at most one automatic fill per tab per {@link AUTO_FILL_INTERVAL_MS}.
 */

/** One automatic fill the background is about to do. */
export interface AutoFillRequest {
  /** The browser's tab id, from the sender record. */
  tabId: number;
  /** Which load of the tab's page this is (the background's own count or the browser's document id). */
  pageLoadId: string | number;
  /** The field within that page load (frame id and the field's key in the content script). */
  fieldKey: string;
  accountId: string;
  /** The account's OTP kind; 'key' for a hardware-key slot. */
  kind: 'totp' | 'hotp' | 'steam' | 'key';
}

/** Why an automatic fill was refused; the person can still fill with a click. */
export type AutoFillRefusal =
  /** HOTP: each code advances a counter, so a page could harvest future codes. */
  | 'hotp'
  /** A hardware-key slot: read only on a click. */
  | 'key-slot'
  /** This account was already filled into this field during this page load. */
  | 'already-filled'
  /** The tab had an automatic fill less than {@link AUTO_FILL_INTERVAL_MS} ago. */
  | 'rate-limited';

/** At most one automatic fill per tab in this window, across page loads. */
export const AUTO_FILL_INTERVAL_MS = 30_000;

/** Key slots carry ids "key:<key id>/<slot id>" (entrypoints/background/keys.ts). */
const KEY_SLOT_PREFIX = 'key:';

interface TabRecord {
  /** "pageLoadId \0 fieldKey \0 accountId" of every automatic fill since the tab's last page load. */
  filled: Set<string>;
  /** When the tab last had an automatic fill (ms, the policy's clock); survives page loads. */
  lastAt: number | undefined;
}

/**
 * The automatic-fill policy of the background: pure state with the clock as a parameter, one
 * instance per worker. A worker restart forgets the record, which errs towards refusing nothing
 * more than a fresh page load would; the per-tab interval still holds within a worker's life.
 */
export class AutoFillPolicy {
  readonly #tabs = new Map<number, TabRecord>();

  constructor(
    private readonly now: () => number,
    private readonly intervalMs: number = AUTO_FILL_INTERVAL_MS,
  ) {}

  /**
   * true when the fill may go ahead, and records it (so a second identical call is refused);
   * otherwise the reason, and nothing is recorded.
   */
  allow(req: AutoFillRequest): true | AutoFillRefusal {
    if (req.kind === 'hotp') return 'hotp';
    if (req.kind === 'key' || req.accountId.startsWith(KEY_SLOT_PREFIX)) return 'key-slot';
    const tab = this.#tab(req.tabId);
    const key = `${req.pageLoadId}\u0000${req.fieldKey}\u0000${req.accountId}`;
    if (tab.filled.has(key)) return 'already-filled';
    const now = this.now();
    // A clock that went back counts as inside the interval (fails closed): pass a monotonic clock.
    if (tab.lastAt !== undefined && now - tab.lastAt < this.intervalMs) return 'rate-limited';
    tab.filled.add(key);
    tab.lastAt = now;
    return true;
  }

  /** The tab loaded a new page: its fields and accounts may be filled once again (the interval still holds). */
  pageLoaded(tabId: number): void {
    this.#tabs.get(tabId)?.filled.clear();
  }

  /** The tab closed: nothing to remember about it. */
  forget(tabId: number): void {
    this.#tabs.delete(tabId);
  }

  #tab(tabId: number): TabRecord {
    let tab = this.#tabs.get(tabId);
    if (!tab) {
      tab = { filled: new Set(), lastAt: undefined };
      this.#tabs.set(tabId, tab);
    }
    return tab;
  }
}
