import { base64 } from '@scure/base';
import type { SenderInfo } from '../../lib/messaging/protocol';
import { isOtpLink, summarizePageQr } from '../../lib/qr/page-found';
import { type ReadBarcodes, readQrTexts } from '../../lib/qr/read';
import { PageQrError, text } from '../../lib/qr/page-errors';
import { tabPage } from '../../platform/capture';
import { extensionQrReader } from '../../platform/qr-decoder';
import type { Enrolment } from './enrol';
import type { QrSide } from './handlers/qr';
import type { OfferService } from './offer-service';
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
    const texts: string[] = [];
    for (const image of images) {
      // A picture that does not decode (not a PNG after all, damaged) is simply no QR code.
      const bytes = decodeOrEmpty(image);
      if (bytes.byteLength === 0) continue;
      texts.push(...(await readQrTexts(this.read, bytes, (t) => t.some(isOtpLink)).catch(() => [])));
    }
    const summary = summarizePageQr(texts);
    const tab = summary.links.length > 0 ? await this.tabPage(tabId).catch(() => undefined) : undefined;
    const url = tab?.url ?? sender.url ?? '';
    this.status.recordQr(tabId, frameId, { ...summary, page: { url, title: tab?.title ?? '' } });
    return { count: summary.links.length };
  }
}

function decodeOrEmpty(encoded: string): Uint8Array {
  try {
    return base64.decode(encoded);
  } catch {
    return new Uint8Array();
  }
}

/**
 * The QR notice's side of the background (entrypoints/background/handlers/qr.ts), wired to the tab facts, the
 * enrolment (whose scan of a tab then reviews the codes the page read: `Enrolment.pageCodes`) and the offers (whose
 * frame names the tab its "Scan the QR code on this page" is for).
 */
export function qrSide(
  status: TabStatus,
  enrolment: Pick<Enrolment, 'pageCodes' | 'scanTabToWindow'>,
  offers: Pick<OfferService, 'frameOffer'>,
): QrSide {
  enrolment.pageCodes = (tabId) => status.qrLinks(tabId);
  return {
    pageQr: new PageQr(status, extensionQrReader(), tabPage),
    async scanForOffer(offer, sender) {
      // The tab comes from the offer record bound to this frame, never from the message.
      const rec = await offers.frameOffer(offer, sender);
      if (!status.qrLinks(rec.tabId)) throw new PageQrError('none-found', text('qrnotice_error_unavailable'));
      await enrolment.scanTabToWindow(rec.tabId);
    },
  };
}
