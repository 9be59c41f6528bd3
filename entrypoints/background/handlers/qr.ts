import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { qrRequests } from '../../../lib/messaging/requests/qr';
import { PageQrError, text } from '../../../lib/qr/page-errors';
import type { PageQr } from '../page-qr';

/** What the QR notice's requests need: the decoder's side, and the scan window for the offer frame's entry. */
export interface QrSide {
  pageQr: PageQr;
  /** Opens the scan review of what the offer's tab shows (the scan shortcut's window). */
  scanForOffer(offer: string, sender: Parameters<PageQr['seen']>[1]): Promise<void>;
}

/** The QR notice (docs/qr-notice.md); without its side (handler tests about something else) both are refused. */
export function qrHandlers(side?: QrSide): HandlersFor<typeof qrRequests> {
  return {
    'page-qr-seen': async (req, sender) => {
      if (!side) throw new PageQrError('unavailable', text('qrnotice_error_unavailable'));
      return side.pageQr.seen(req.images, sender);
    },
    'offer-scan-qr': async (req, sender) => {
      if (!side) throw new PageQrError('unavailable', text('qrnotice_error_unavailable'));
      await side.scanForOffer(req.offer, sender);
      return ok;
    },
  };
}
