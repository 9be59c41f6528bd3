import { sendRequest } from '../../platform/content-runtime';
import { loadPageScan } from './load-autofill';

/*
 * The two enrolment commands (`select-region`, `read-image`): the page's part of a scan the person asked for. The
 * background captures, decodes and shows the result in a window of its own, failures included
 * (entrypoints/background/enrol.ts). What it refuses (it no longer expects this box or image: another scan took its
 * place, or two minutes passed) or cannot take on never reaches that window: the page says it instead
 * (failure-notice.ts), since the person acted here and would otherwise see nothing happen.
 */

/** The region overlay; the box the person drags, and the pictures under it, go to the background. */
export async function selectRegionHere(doc: Document): Promise<void> {
  const scan = await loadPageScan();
  const picked = await scan.selectRegion(doc);
  // Escape, or the overlay gave up waiting: the person closed it or walked away, nothing failed.
  if (!picked) return;
  // The pictures under the box at their own resolution, when the page lets them be read; the screen pixels are
  // captured in any case, so one that cannot be read is no failure.
  const images = await scan.readPicturesIn(doc, picked.rect).catch(() => []);
  await sendRequest({ type: 'region-selected', ...picked, ...(images.length > 0 ? { images } : {}) }).catch((e) =>
    scan.showFailure(doc, 'region', e),
  );
}

/** The image the person chose "Add to Twofold" on, read at its own resolution (or its box on the screen). */
export async function readImageHere(doc: Document, srcUrl: string, clicked: Element | undefined): Promise<void> {
  const scan = await loadPageScan();
  const img = scan.findImage(doc, srcUrl, clicked);
  // Not found (a CSS background, a picture element that changed): the background scans the visible tab instead.
  const picked = img ? await scan.readImage(img) : {};
  await sendRequest({ type: 'image-picked', ...picked }).catch((e) => scan.showFailure(doc, 'image', e));
}
