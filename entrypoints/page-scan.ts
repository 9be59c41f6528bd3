import { defineUnlistedScript } from '#imports';
import { setTranslator } from '../lib/i18n/translate';
import { browserTranslator } from '../platform/i18n';
import { showFailure } from './content/failure-notice';
import { findImage, readImage, readPicturesIn } from './content/read-image';
import { selectRegion } from './content/region-overlay';

/** What the content script loads on demand for enrolment: the region overlay and the image reader. */
export interface PageScanModule {
  selectRegion: typeof selectRegion;
  findImage: typeof findImage;
  readImage: typeof readImage;
  readPicturesIn: typeof readPicturesIn;
  showFailure: typeof showFailure;
}

/*
 * Loaded only when the user asks Twofold to select a region or read an image on the page (like
 * autofill.js), so the script injected into every page does not carry it.
 */
export default defineUnlistedScript(() => {
  setTranslator(browserTranslator);
  (globalThis as { twofoldPageScan?: PageScanModule }).twofoldPageScan = {
    selectRegion,
    findImage,
    readImage,
    readPicturesIn,
    showFailure,
  };
});
