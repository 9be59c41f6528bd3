/*
 * Filled recovery codes whose fate is not known yet (docs/vault-format.md "Account record"). A recovery code works
 * once; filling one does not mean the site took it (the person may never submit, the site may refuse it), so it is not
 * marked used when it is handed out but kept here as pending, and never offered again while pending:
 * - the tab then loads a page (the form was submitted), and that page has no recovery or dual code field of the
 *   same site before the tab moves on again or SETTLE_MS pass: the step succeeded, the code is used;
 * - that first page shows the code step again (same tab, same site): Twofold cannot tell (a refusal or an error
 *   page that looks the same), so the offer frame asks "Did <site> accept recovery code …?" the next time;
 * - the tab closes before any page loaded after the fill: asked too;
 * - a page that does not navigate (a single-page app): the content script says when the field the code was filled
 *   into and its form left the page (`recovery-step-left`, carrying no code): that counts as the first page after
 *   the fill. The code step shown again then (a new recovery or dual field of the same site) means ask; else, once
 *   SETTLE_MS have passed, used.
 * Pure: the caller keeps the list (storage.session) and passes the clock.
 */

export interface PendingRecovery {
  accountId: string;
  /** The code as stored in the account. */
  code: string;
  tabId: number;
  /** The page frame's origin the code was filled into (sender record). */
  origin: string;
  /** The frame the code was filled into (sender record; absent in records from before it was kept). */
  frameId?: number;
  /** When the content script said the field and its form left the page without a page load (unix ms). */
  stepLeftAt?: number;
  filledAt: number;
  /** When the tab first loaded a page after the fill (unix ms). */
  leftAt?: number;
  /** Pages the tab loaded since the fill. */
  loads: number;
  /** The code step came back on the first page after the fill, or the tab closed first: ask. */
  unsure?: boolean;
}

/** The first page after a fill decides within this time; no code step by then means the site took the code. */
export const SETTLE_MS = 10_000;
/** At most this many codes wait for a verdict at once (the oldest give way: they are asked about, not lost). */
export const MAX_PENDING = 16;

export type Verdict = 'pending' | 'used' | 'ask';

export function verdictOf(p: PendingRecovery, now: number): Verdict {
  if (p.unsure) return 'ask';
  if (p.leftAt === undefined) {
    return p.stepLeftAt !== undefined && now - p.stepLeftAt >= SETTLE_MS ? 'used' : 'pending';
  }
  if (p.loads >= 2 || now - p.leftAt >= SETTLE_MS) return 'used';
  return 'pending';
}

/** A code was filled into a frame of `tabId` at `origin`. */
export function filled(list: readonly PendingRecovery[], p: Omit<PendingRecovery, 'loads'>): PendingRecovery[] {
  const next = [...list.filter((q) => !(q.accountId === p.accountId && q.code === p.code)), { ...p, loads: 0 }];
  // Past the cap the oldest becomes a question rather than being forgotten or guessed.
  return next.map((q, i) => (i < next.length - MAX_PENDING ? { ...q, unsure: true } : q)).slice(-MAX_PENDING * 2);
}

/** The tab loaded another page (`closed` false) or closed. */
export function tabChanged(
  list: readonly PendingRecovery[],
  tabId: number,
  closed: boolean,
  now: number,
): PendingRecovery[] {
  return list.map((p) => {
    if (p.tabId !== tabId || p.unsure) return p;
    if (closed) return p.leftAt === undefined ? { ...p, unsure: true } : p;
    return { ...p, leftAt: p.leftAt ?? now, loads: p.loads + 1 };
  });
}

/** A recovery or dual code field of `origin` appeared in `tabId`: on the first page after the fill, that is the step back. */
export function stepShown(
  list: readonly PendingRecovery[],
  tabId: number,
  origin: string,
  now: number,
): PendingRecovery[] {
  return list.map((p) =>
    p.tabId === tabId &&
    p.origin === origin &&
    (p.loads === 1 || (p.loads === 0 && p.stepLeftAt !== undefined)) &&
    verdictOf(p, now) === 'pending'
      ? { ...p, unsure: true }
      : p,
  );
}

/**
 * The field a code was filled into in frame `frameId` of `tabId` at `origin`, and its form, left the page without a
 * page load (the content script's word, which carries no code: which codes it concerns comes from this list).
 * `cameBack`: a recovery or dual field of that site was offered in that tab since the fill (the step shown again
 * before the old one was reported gone): ask.
 */
export function stepLeft(
  list: readonly PendingRecovery[],
  at: { tabId: number; frameId: number; origin: string },
  now: number,
  cameBack: (filledAt: number) => boolean,
): PendingRecovery[] {
  return list.map((p) => {
    if (p.tabId !== at.tabId || p.origin !== at.origin || p.loads !== 0 || p.unsure) return p;
    if (p.frameId !== undefined && p.frameId !== at.frameId) return p;
    if (p.stepLeftAt !== undefined) return p;
    return cameBack(p.filledAt) ? { ...p, stepLeftAt: now, unsure: true } : { ...p, stepLeftAt: now };
  });
}
