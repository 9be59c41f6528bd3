import { type PageQrSummary, sameSite } from '../../lib/qr/page-found';

/**
 * The two-factor QR codes one frame showed (docs/qr-notice.md "What is kept"), the page they were on, and the
 * frame's own origin (from the browser's sender record) and the tab's address then, to tell another site's frame.
 */
interface FrameQr extends PageQrSummary {
  page: { url: string; title: string };
  origin: string;
  top: string;
}

/** Frames per tab whose QR reports are read: a page that makes many frames gets no more decoding. */
export const QR_FRAMES = 16;
/** Reports read per frame until it navigates: the look-up sends at most about 20 (qr-watch.ts). */
export const QR_REPORTS = 24;

/**
 * Per-tab facts the background learns from content scripts; lives only as long as the worker. Counts
 * are kept per frame, so a frame that reports again replaces its own count instead of adding to it.
 */
export class TabStatus {
  readonly #frames = new Map<number, Map<number, number>>();
  /** Two-factor QR codes found on the tab's pages, per frame; their links stay here, in the worker's memory. */
  readonly #qr = new Map<number, Map<number, FrameQr>>();
  /** How many QR reports each frame of a tab sent, to cap the decoding a page can ask for. */
  readonly #qrReports = new Map<number, Map<number, { url: string; n: number }>>();

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

  /**
   * Counts a QR report of a frame, before its pictures are decoded: false (decode nothing) past QR_REPORTS reports
   * of that frame at that address or for a frame past the tab's first QR_FRAMES.
   */
  takeQrReport(tabId: number, frameId: number, url: string): boolean {
    let frames = this.#qrReports.get(tabId);
    if (!frames) {
      frames = new Map();
      this.#qrReports.set(tabId, frames);
    }
    const seen = frames.get(frameId);
    if (seen === undefined && frames.size >= QR_FRAMES) return false;
    // A frame at a new address (it navigated) starts over.
    const n = seen?.url === url ? seen.n : 0;
    if (n >= QR_REPORTS) return false;
    frames.set(frameId, { url, n: n + 1 });
    return true;
  }

  /** A frame navigated or went away, or shows no picture any more: what it showed is no longer on the page. */
  forgetFrame(tabId: number, frameId: number): void {
    this.#qr.get(tabId)?.delete(frameId);
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
  qr(tabId: number, site?: string): { count: number; label?: string } | undefined {
    const found = this.#onSite(tabId, site);
    // Counted as the review lists them: each link once, across frames.
    const count = new Set(found.flatMap((f) => f.links)).size;
    if (count === 0) return undefined;
    const label = found.find((f) => f.label !== undefined)?.label;
    return label === undefined ? { count } : { count, label };
  }

  /**
   * The links themselves, for the scan review the person opened; the top frame's first, with its page. Only frames
   * on the site of `site` (the offer's origin) or, without it, of the tab's top frame.
   */
  qrLinks(tabId: number, site?: string): { links: string[]; page: { url: string; title: string } } | undefined {
    const frames = this.#onSite(tabId, site);
    const first = frames[0];
    if (!first) return undefined;
    return { links: [...new Set(frames.flatMap((f) => f.links))], page: first.page };
  }

  #onSite(tabId: number, site: string | undefined): FrameQr[] {
    return [...(this.#qr.get(tabId)?.entries() ?? [])]
      .sort(([a], [b]) => a - b)
      .map(([, f]) => f)
      .filter((f) => sameSite(f.origin, site ?? f.top));
  }

  forget(tabId: number): void {
    this.#frames.delete(tabId);
    this.#qr.delete(tabId);
    this.#qrReports.delete(tabId);
  }
}
