import type { PageQrSummary } from '../../lib/qr/page-found';

/** The two-factor QR codes one frame showed (docs/qr-notice.md "What is kept"), and the page they were on. */
interface FrameQr extends PageQrSummary {
  page: { url: string; title: string };
}

/**
 * Per-tab facts the background learns from content scripts; lives only as long as the worker. Counts
 * are kept per frame, so a frame that reports again replaces its own count instead of adding to it.
 */
export class TabStatus {
  readonly #frames = new Map<number, Map<number, number>>();
  /** Two-factor QR codes found on the tab's pages, per frame; their links stay here, in the worker's memory. */
  readonly #qr = new Map<number, Map<number, FrameQr>>();

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

  /** Records what one frame's QR look-up found (replacing its last report); none found forgets the frame. */
  recordQr(tabId: number, frameId: number, found: FrameQr): void {
    let frames = this.#qr.get(tabId);
    if (!frames) {
      frames = new Map();
      this.#qr.set(tabId, frames);
    }
    if (found.links.length > 0) frames.set(frameId, found);
    else frames.delete(frameId);
  }

  /** What the popup and the offer menu may say: how many codes and a label, never a link (`tab-status`). */
  qr(tabId: number): { count: number; label?: string } | undefined {
    const found = [...(this.#qr.get(tabId)?.values() ?? [])];
    const count = found.reduce((n, f) => n + f.links.length, 0);
    if (count === 0) return undefined;
    const label = found.find((f) => f.label !== undefined)?.label;
    return label === undefined ? { count } : { count, label };
  }

  /** The links themselves, for the scan review the person opened; the top frame's first, with its page. */
  qrLinks(tabId: number): { links: string[]; page: { url: string; title: string } } | undefined {
    const frames = [...(this.#qr.get(tabId)?.entries() ?? [])].sort(([a], [b]) => a - b).map(([, f]) => f);
    const first = frames[0];
    if (!first) return undefined;
    return { links: [...new Set(frames.flatMap((f) => f.links))], page: first.page };
  }

  forget(tabId: number): void {
    this.#frames.delete(tabId);
    this.#qr.delete(tabId);
  }
}
