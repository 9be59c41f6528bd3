import { base64 } from '@scure/base';
import type { SenderInfo } from '../../lib/messaging/protocol';
import { PAGE_TOTAL } from '../../lib/qr/page-candidates';
import { isOtpLink, summarizePageQr } from '../../lib/qr/page-found';
import { type ReadBarcodes, readQrTexts } from '../../lib/qr/read';
import type { TabStatus } from './tab-status';

/**
 * The background's half of the QR notice (docs/qr-notice.md): decodes the pictures a setup page's frame read, with
 * the decoder the scans already use (zxing-wasm, in the worker), and records per tab and frame, from the browser's
 * sender record, how many carry a two-factor link. The links stay in the worker's memory (TabStatus) until the tab
 * navigates or closes; only the count and a label reach the popup and the offer menu.
 */
export class PageQr {
  constructor(
    private readonly status: TabStatus,
    private readonly read: ReadBarcodes,
    /** The tab's page (title and address), for the review's suggested site. */
    private readonly tabPage: (tabId: number) => Promise<{ url: string | undefined; title: string | undefined }>,
  ) {}

  async seen(images: readonly string[], sender: SenderInfo): Promise<{ count: number }> {
    const tabId = sender.tabId as number;
    const frameId = sender.frameId ?? 0;
    // Capped per frame and per tab before anything is decoded (docs/qr-notice.md "What is kept").
    if (images.length === 0) {
      // Nothing shown any more (the frame's page went away or dropped its pictures): forget the frame's codes.
      this.status.forgetFrame(tabId, frameId);
      return { count: 0 };
    }
    if (!this.status.takeQrReport(tabId, frameId, sender.url ?? '')) return { count: 0 };
    const texts: string[] = [];
    let total = 0;
    for (const image of images) {
      total += image.length;
      if (total > PAGE_TOTAL) break;
      // A picture that does not decode (not a PNG after all, damaged) is simply no QR code.
      const bytes = decodeOrEmpty(image);
      if (bytes.byteLength === 0) continue;
      texts.push(...(await readQrTexts(this.read, bytes, (t) => t.some(isOtpLink)).catch(() => [])));
    }
    const summary = summarizePageQr(texts);
    const tab = summary.links.length > 0 ? await this.tabPage(tabId).catch(() => undefined) : undefined;
    // The frame's own address, from the browser's sender record: a third-party frame is not the tab's site.
    const url = sender.url ?? '';
    const origin = originOf(url);
    const top = frameId === 0 ? url : (tab?.url ?? '');
    const title = frameId === 0 || sameOrigin(url, top) ? (tab?.title ?? '') : '';
    this.status.recordQr(tabId, frameId, { ...summary, origin, top, page: { url, title } });
    return { count: summary.links.length };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

const sameOrigin = (a: string, b: string) => originOf(a) !== '' && originOf(a) === originOf(b);

function decodeOrEmpty(encoded: string): Uint8Array {
  try {
    return base64.decode(encoded);
  } catch {
    return new Uint8Array();
  }
}
