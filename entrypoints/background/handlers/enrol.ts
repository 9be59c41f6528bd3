import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { enrolRequests } from '../../../lib/messaging/requests/enrol';
import type { Enrolment } from '../enrol';

/** Adding accounts from QR codes, links and other apps' exports: entrypoints/background/enrol.ts does the work. */
export function enrolHandlers(enrolment: Enrolment): HandlersFor<typeof enrolRequests> {
  return {
    'scan-tab': (req) => enrolment.scanTab(req.tabId, req.fromPage === true),
    'scan-image': (req) => enrolment.scanImage(req.image),
    'scan-text': (req) => enrolment.scanText(req.text),
    'scan-pending': () => enrolment.pending(),
    'scan-dismiss': async () => {
      await enrolment.dismissPending();
      return ok;
    },
    'scan-region-start': async (req) => {
      await enrolment.startRegion(req.tabId);
      return ok;
    },
    'region-selected': async (req, sender) => {
      await enrolment.regionSelected(req, sender);
      return ok;
    },
    'image-picked': async (req, sender) => {
      await enrolment.imagePicked(req, sender);
      return ok;
    },
    enrol: (req) => enrolment.enrol(req),
    'import-review': (req) => enrolment.importReview(req),
  };
}
