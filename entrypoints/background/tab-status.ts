/** Per-tab facts the background learns from content scripts; lives only as long as the worker. */
export class TabStatus {
  readonly #fields = new Map<number, number>();

  record(tabId: number, count: number): number {
    const total = Math.max(this.#fields.get(tabId) ?? 0, count);
    this.#fields.set(tabId, total);
    return total;
  }

  otpFields(tabId: number): number {
    return this.#fields.get(tabId) ?? 0;
  }

  forget(tabId: number): void {
    this.#fields.delete(tabId);
  }
}
