/** At most one automatic fill per tab in this window (issue 14, finding 7: a page that keeps asking). */
export const AUTO_FILL_SPACING_MS = 30_000;

/**
 * Automatic fills per tab: at most one per page load (reset when the tab starts loading) and at most one per
 * {@link AUTO_FILL_SPACING_MS}, whatever the page does to its fields.
 */
export class AutoFillLimit {
  readonly #filledThisLoad = new Set<number>();
  readonly #last = new Map<number, number>();

  /** Whether tab `tabId` may be filled by itself now (Unix ms); if so, it is counted. */
  take(tabId: number, now: number): boolean {
    if (this.#filledThisLoad.has(tabId)) return false;
    const last = this.#last.get(tabId);
    if (last !== undefined && now - last < AUTO_FILL_SPACING_MS) return false;
    this.#filledThisLoad.add(tabId);
    this.#last.set(tabId, now);
    return true;
  }

  /** The tab loads a new page: one more automatic fill is allowed (still spaced by the window). */
  pageLoaded(tabId: number): void {
    this.#filledThisLoad.delete(tabId);
  }

  forget(tabId: number): void {
    this.#filledThisLoad.delete(tabId);
    this.#last.delete(tabId);
  }
}
