/**
 * Per-tab facts the background learns from content scripts; lives only as long as the worker. Counts
 * are kept per frame, so a frame that reports again replaces its own count instead of adding to it.
 */
export class TabStatus {
  readonly #frames = new Map<number, Map<number, number>>();

  /** Records `count` code fields in one frame of a tab; returns the tab's total. */
  record(tabId: number, frameId: number, count: number): number {
    let frames = this.#frames.get(tabId);
    if (!frames) {
      frames = new Map();
      this.#frames.set(tabId, frames);
    }
    frames.set(frameId, count);
    return this.otpFields(tabId);
  }

  otpFields(tabId: number): number {
    let total = 0;
    for (const n of this.#frames.get(tabId)?.values() ?? []) total += n;
    return total;
  }

  forget(tabId: number): void {
    this.#frames.delete(tabId);
  }
}
