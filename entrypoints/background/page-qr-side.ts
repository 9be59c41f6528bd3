import { PageQrError, text } from '../../lib/qr/page-errors';
import { tabPage } from '../../platform/capture';
import { extensionQrReader } from '../../platform/qr-decoder';
import type { Enrolment } from './enrol';
import type { QrSide } from './handlers/qr';
import type { OfferService } from './offer-service';
import { PageQr } from './page-qr';
import type { TabStatus } from './tab-status';

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
      // Only the codes of frames on the site of the field the menu is for.
      if (!status.qrLinks(rec.tabId, rec.origin))
        throw new PageQrError('none-found', text('qrfix_error_none_found'));
      await enrolment.scanTabToWindow(rec.tabId, true);
    },
  };
}
