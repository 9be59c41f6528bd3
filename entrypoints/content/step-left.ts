import { SETTLE_MS } from '../../lib/offer/recovery-pending';

interface Watched {
  field: HTMLInputElement;
  form: HTMLFormElement | null;
  offer: string;
}

/**
 * Recovery codes on pages that do not navigate (docs/architecture.md "Recovery codes": a filled recovery code followed
 * by a successful step, where the field and its form leave or the page navigates away from the code step, is marked
 * used). After a grant filled a recovery or dual field, this watches that field: once it and its form have left the
 * page (removed, or no longer shown) while the page itself stays, the background hears `recovery-step-left {offer}`,
 * and again SETTLE_MS later (the moment it decides). The message carries no code and nothing of the page: the
 * background looks up which code from its own records of that offer, and asks instead when the code step came back.
 * A page that navigates is the background's to see (tab events): once the page is being left, nothing is sent.
 */
export class RecoveryStepWatch {
  #watched: Watched[] = [];
  #leaving = false;

  constructor(
    private readonly send: (offer: string) => void,
    private readonly later: (fn: () => void, ms: number) => void,
    private readonly shown: (el: Element) => boolean,
  ) {}

  /** A grant filled `field` (a recovery or dual field) of offer `offer`. */
  filled(field: HTMLInputElement, offer: string): void {
    this.#watched = [...this.#watched.filter((w) => w.field !== field), { field, form: field.form, offer }];
  }

  /** The page is being left (pagehide): a navigation, which the background sees by itself. */
  leaving(): void {
    this.#leaving = true;
    this.#watched = [];
  }

  /** Run on every scan (DOM changes): any watched field gone, with its form, is reported once. */
  check(): void {
    if (this.#leaving) return;
    const gone = (el: Element) => !el.isConnected || !this.shown(el);
    for (const w of this.#watched) {
      if (!gone(w.field) || (w.form && !gone(w.form))) continue;
      this.#watched = this.#watched.filter((x) => x !== w);
      this.send(w.offer);
      this.later(() => {
        if (!this.#leaving) this.send(w.offer);
      }, SETTLE_MS);
    }
  }
}
