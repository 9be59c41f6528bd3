import type { SenderInfo } from '../../lib/messaging/protocol';
import type { Presenter } from '../../lib/offer/bindings';
import type { SessionStore } from '../../platform/session-storage';

/** Where the open unlock windows are kept across worker restarts (the person may take a while to type). */
const WAITS_KEY = 'unlock-waits';
/** An unlock window older than this no longer resumes its field (the page has most likely moved on). */
export const UNLOCK_WAIT_MS = 10 * 60_000;
/** At most this many windows wait at once; the oldest is forgotten first. */
const MAX_WAITS = 8;

/** One "Unlock Twofold" window: the offer frame that asked, and the window (and its tab) opened for it. */
interface UnlockWait {
  offer: string;
  /** The offer frame as the browser named it when it asked (tab and extension frame). */
  frame: { tabId: number; frameId: number };
  windowId: number;
  /** The window's tab: the `vault-unlock` that comes from this tab is the one that resumes the field. */
  windowTabId: number;
  openedAt: number;
}

export interface UnlockReturnDeps {
  store: SessionStore;
  offers: {
    frameOffer(offer: string, sender: SenderInfo): Promise<unknown>;
    afterUnlock(offer: string, frame: Presenter): Promise<unknown>;
  };
  openWindow(path: string): Promise<{ windowId: number; tabId: number }>;
  /** Brings an open window to the front; false when it is gone. */
  focusWindow(windowId: number): Promise<boolean>;
  closeWindow(windowId: number): Promise<void>;
  now(): number;
}

/**
 * "Unlock Twofold" from a page (docs/auto-fill.md). The offer frame asks for the unlock window naming its offer;
 * the background checks that the frame is the one bound to that offer and remembers the window it opened. When the
 * vault is unlocked from that window (the browser's sender record names the window's tab), the window closes and
 * the field that asked fills or opens its menu again (OfferService.afterUnlock decides).
 */
export class UnlockReturn {
  readonly #d: UnlockReturnDeps;
  /**
   * Every change of the window list (read, change, write back) runs alone: two fields asking at once, or an unlock
   * landing while another field asks, would otherwise each write the list they read and drop the other's window.
   */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: UnlockReturnDeps) {
    this.#d = deps;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #waits(): Promise<UnlockWait[]> {
    const all = (await this.#d.store.get<UnlockWait[]>(WAITS_KEY)) ?? [];
    return all.filter((w) => this.#d.now() - w.openedAt < UNLOCK_WAIT_MS);
  }

  /** The offer frame `sender` asked to unlock for its field `offer`. */
  async open(offer: string, sender: SenderInfo): Promise<void> {
    // Refused unless the sender is the frame bound to this offer (a page cannot name another field's offer).
    await this.#d.offers.frameOffer(offer, sender);
    await this.#serial(() => this.#open(offer, sender));
  }

  async #open(offer: string, sender: SenderInfo): Promise<void> {
    // A second click on "Unlock Twofold" brings back the window already open for this field, not another one.
    const open = (await this.#waits()).find((w) => w.offer === offer);
    if (open && (await this.#d.focusWindow(open.windowId))) return;
    const { windowId, tabId } = await this.#d.openWindow('popup.html');
    const wait: UnlockWait = {
      offer,
      frame: { tabId: sender.tabId ?? -1, frameId: sender.frameId ?? -1 },
      windowId,
      windowTabId: tabId,
      openedAt: this.#d.now(),
    };
    const kept = (await this.#waits()).filter((w) => w.offer !== offer);
    await this.#d.store.set(WAITS_KEY, [...kept, wait].slice(-MAX_WAITS));
  }

  /**
   * The vault was unlocked by `sender`. If that is an unlock window a field asked for, the window closes and the
   * field is served. An unlock anywhere else (the toolbar popup) leaves the windows alone: closing a window the person
   * is not looking at, or filling a field they walked away from, would surprise them.
   */
  async unlocked(sender: SenderInfo): Promise<void> {
    const mine = await this.#serial(async () => {
      const waits = await this.#waits();
      const found = waits.find((w) => sender.tabId !== undefined && w.windowTabId === sender.tabId);
      if (!found) {
        if (waits.length === 0) await this.#d.store.remove(WAITS_KEY);
        return undefined;
      }
      await this.#d.store.set(
        WAITS_KEY,
        waits.filter((w) => w !== found),
      );
      return found;
    });
    if (!mine) return;
    await this.#d.closeWindow(mine.windowId);
    await this.#d.offers.afterUnlock(mine.offer, mine.frame);
  }
}
