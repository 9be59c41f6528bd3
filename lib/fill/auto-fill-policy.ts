/**
 * Whether the background may fill a code into a page WITHOUT a click ("fill by itself", the
 * `auto-single` fill mode), after it has already found the account to be 'exact' for the frame
 * (docs/site-matching.md: 'related' and 'none' are never filled by themselves; that check is the
 * caller's, with `scopeOf`).
 *
 * Why limits (docs/auto-fill.md "What "fill by itself" does"): a page that replaced its code field after each automatic
 * fill collected 50 future HOTP codes in 15 s. So: never an HOTP account (every code spends a counter value the page
 * can keep for later, RFC 4226 §7.2), never a hardware-key slot (reading it may need the key's PIN or touch, and it is
 * HOTP-like on the key), at most once per field per account per page load of the tab, and at most one automatic fill
 * per tab per {@link AUTO_FILL_INTERVAL_MS}.
 *
 * At most one attempt (docs/auto-fill.md "When the site refuses: at most one attempt"): with "submit after filling" on,
 * a site that refused the code (another account for this user, a key the site reset, a clock that is off) got it again
 * on every reload of its code step, and real sites lock an account after a few failures. So an automatic submit is
 * remembered per tab; when the same site shows a code step again within {@link CAME_BACK_MS} (the step re-rendered with
 * its error, or an error next to the field), the tab is HALTED: no automatic fill at all on that site in that tab until
 * the person fills by hand once or the tab leaves the site. Never on an enrolment (verify) step either: its code is of
 * a key the authenticator does not hold yet.
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
  /** The frame's origin, from the sender record: a halt holds for this site only. */
  origin: string;
  /** The content script saw an enrolment (verify) step: a QR code, a printed key, setup wording. */
  enrolment?: boolean;
  /** The field is in the tab's top frame: another origin there means the tab left a halted site. */
  topFrame?: boolean;
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
  | 'rate-limited'
  /** An enrolment (verify) step: never filled by itself. */
  | 'enrolment'
  /** The site refused this tab's automatic submit: nothing more by itself until a fill by hand. */
  | 'halted';

/** What the background remembers of a refused automatic submit, to say whose code the site refused. */
export interface Halt {
  origin: string;
  accountId: string;
  /** When the step came back (the policy's clock). */
  at: number;
}

/** At most one automatic fill per tab in this window, across page loads. */
export const AUTO_FILL_INTERVAL_MS = 30_000;

/** A code step of the same site within this time after an automatic submit means the site refused the code. */
export const CAME_BACK_MS = 60_000;

/** Key slots carry ids "key:<key id>/<slot id>" (entrypoints/background/keys.ts). */
const KEY_SLOT_PREFIX = 'key:';

interface TabRecord {
  /** "pageLoadId \0 fieldKey \0 accountId" of every automatic fill since the tab's last page load. */
  filled: Set<string>;
  /** When the tab last had an automatic fill (ms, the policy's clock); survives page loads. */
  lastAt: number | undefined;
  /** The tab's last automatic submit; survives page loads (the refused step comes back as a new load). */
  submit: { origin: string; accountId: string; at: number } | undefined;
  /** Set when the site refused an automatic submit; survives page loads, ends by hand or off the site. */
  halt: Halt | undefined;
}

/** One tab's record as {@link AutoFillPolicy.snapshot} keeps it. */
export interface SavedTab {
  lastAt?: number;
  submit?: { origin: string; accountId: string; at: number };
  halt?: Halt;
}

/**
 * The automatic-fill policy of the background: pure state with the clock as a parameter, one
 * instance per worker. The per-tab interval, last automatic submit and halt are kept across worker
 * restarts by the caller ({@link AutoFillPolicy.snapshot}); the per-page-load record is not, which
 * errs towards refusing nothing more than a fresh page load would.
 */
export class AutoFillPolicy {
  readonly #tabs = new Map<number, TabRecord>();

  constructor(
    private readonly now: () => number,
    private readonly intervalMs: number = AUTO_FILL_INTERVAL_MS,
    saved: Record<string, SavedTab> = {},
  ) {
    for (const [id, t] of Object.entries(saved)) {
      this.#tabs.set(Number(id), { filled: new Set(), lastAt: t.lastAt, submit: t.submit, halt: t.halt });
    }
  }

  /**
   * What must outlive the worker (Chrome stops it after 30 s idle, between a refused submit and the reload): each
   * tab's interval, last automatic submit and halt. The per-page-load record is the page load's own.
   */
  snapshot(): Record<string, SavedTab> {
    const out: Record<string, SavedTab> = {};
    for (const [id, t] of this.#tabs) {
      if (t.lastAt === undefined && !t.submit && !t.halt) continue;
      out[id] = {
        ...(t.lastAt !== undefined ? { lastAt: t.lastAt } : {}),
        ...(t.submit ? { submit: t.submit } : {}),
        ...(t.halt ? { halt: t.halt } : {}),
      };
    }
    return out;
  }

  /**
   * true when the fill may go ahead, and records it (so a second identical call is refused);
   * otherwise the reason, and nothing is recorded.
   */
  allow(req: AutoFillRequest): true | AutoFillRefusal {
    if (req.kind === 'hotp') return 'hotp';
    if (req.kind === 'key' || req.accountId.startsWith(KEY_SLOT_PREFIX)) return 'key-slot';
    if (req.enrolment) return 'enrolment';
    const tab = this.#tab(req.tabId);
    if (tab.halt && tab.halt.origin === req.origin) return 'halted';
    // The tab's top document is another site now: it left the halted site (a frame of another site inside the
    // halted page does not end the halt; it is not halted itself, the halt is the site's).
    if (tab.halt && req.topFrame) tab.halt = undefined;
    const key = `${req.pageLoadId}\u0000${req.fieldKey}\u0000${req.accountId}`;
    if (tab.filled.has(key)) return 'already-filled';
    const now = this.now();
    // A clock that went back counts as inside the interval (fails closed): pass a monotonic clock.
    if (tab.lastAt !== undefined && now - tab.lastAt < this.intervalMs) return 'rate-limited';
    tab.filled.add(key);
    tab.lastAt = now;
    return true;
  }

  /** The content script is about to submit an automatic fill of `accountId` in the tab (at most one per fill). */
  submitted(tabId: number, origin: string, accountId: string): void {
    this.#tab(tabId).submit = { origin, accountId, at: this.now() };
  }

  /**
   * The tab shows a code step of `origin` again (a new field was reported, or an error next to the submitted one).
   * Within {@link CAME_BACK_MS} of an automatic submit to the same site, the site refused it: the tab halts, and the
   * halt is returned (once: the submit it was about is spent). Otherwise undefined, and nothing changes.
   */
  stepCameBack(tabId: number, origin: string): Halt | undefined {
    const tab = this.#tabs.get(tabId);
    const last = tab?.submit;
    if (!tab || !last || last.origin !== origin) return undefined;
    const now = this.now();
    // A clock set back counts as inside the window (fails closed, as the interval does).
    if (now - last.at > CAME_BACK_MS) return undefined;
    tab.submit = undefined;
    tab.halt = { origin, accountId: last.accountId, at: now };
    return tab.halt;
  }

  /** The tab's halt on `origin`, if any (a read: it changes nothing). */
  haltOf(tabId: number, origin: string): Halt | undefined {
    const halt = this.#tabs.get(tabId)?.halt;
    return halt?.origin === origin ? halt : undefined;
  }

  /** The person filled a code by hand in the tab (a pick, the shortcut, the context menu): automatic fills resume. */
  filledByHand(tabId: number): void {
    const tab = this.#tabs.get(tabId);
    if (!tab) return;
    tab.halt = undefined;
    tab.submit = undefined;
  }

  /**
   * The tab loaded a new page: its fields and accounts may be filled once again (the interval still holds). With
   * `origin`, the new top-level page's origin (the browser's tab record): another site than the halted one ends the
   * halt, so a halt never outlives the visit. Without it (the browser did not say) the halt stays: fails closed.
   * true when the halt ended (the caller persists the change).
   */
  pageLoaded(tabId: number, origin?: string): boolean {
    const tab = this.#tabs.get(tabId);
    if (!tab) return false;
    tab.filled.clear();
    if (origin === undefined || !tab.halt || tab.halt.origin === origin) return false;
    tab.halt = undefined;
    return true;
  }

  /** The tab closed: nothing to remember about it. */
  forget(tabId: number): void {
    this.#tabs.delete(tabId);
  }

  #tab(tabId: number): TabRecord {
    let tab = this.#tabs.get(tabId);
    if (!tab) {
      tab = { filled: new Set(), lastAt: undefined, submit: undefined, halt: undefined };
      this.#tabs.set(tabId, tab);
    }
    return tab;
  }
}
