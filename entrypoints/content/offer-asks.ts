/*
 * Which detected fields may ask the background for an offer (`offer-open`). A field whose offer was made asks
 * no more: the page cannot mint offers by re-adding it. A refused ask (no vault yet, locked out, a worker that
 * did not answer) is not final: the same field asks again on a later scan once RETRY_MS have passed, so a vault
 * made after the page loaded still gets its offer there.
 */

/** How long a refused field waits before it asks again. */
export const RETRY_MS = 3000;

export class OfferAsks<F extends object> {
  /** Fields whose offer was made or is being asked for. */
  readonly #settled = new WeakSet<F>();
  /** When a field's last ask was refused. */
  readonly #refusedAt = new WeakMap<F, number>();

  /** Whether `field` may ask now; if so, it counts as asking until `made` or `refused`. */
  begin(field: F, now: number): boolean {
    if (this.#settled.has(field)) return false;
    const at = this.#refusedAt.get(field);
    if (at !== undefined && now - at < RETRY_MS) return false;
    this.#settled.add(field);
    return true;
  }

  refused(field: F, now: number): void {
    this.#settled.delete(field);
    this.#refusedAt.set(field, now);
  }

  /** Whether `field` was refused and may ask again now (a scan is worth running for it). */
  mayRetry(field: F, now: number): boolean {
    const at = this.#refusedAt.get(field);
    return !this.#settled.has(field) && at !== undefined && now - at >= RETRY_MS;
  }
}
