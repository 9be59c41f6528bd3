import { base64 } from '@scure/base';
import type { ContentScriptContext } from '#imports';
import { PAGE_TOTAL, type PictureBox, pickCandidates } from '../../lib/qr/page-candidates';
import { sendRequest } from '../../platform/content-runtime';
import { readImage } from './read-image';

/** Looks after the first, when the page changes (a code rendered late): at most this many, then the watch stops. */
const MAX_LOOKS = 20;
/** Changes are gathered this long before a look (a page renders a step in many mutations). */
const SETTLE_MS = 400;
/** An SVG is drawn at this many pixels per CSS pixel: its modules must be several pixels wide for the decoder. */
const SVG_SCALE = 4;
/** Largest side a picture is drawn at: a QR code's modules need a few pixels each, a 177-module code fits in 1024. */
const MAX_SIDE = 1024;
/** A PNG larger than this (base64, 512 KB of bytes) is no QR code worth sending: it is dropped, not sent. */
const MAX_IMAGE = 699_052;

/** A size scaled down to at most MAX_SIDE a side. */
const capped = (width: number, height: number) => {
  const k = Math.min(1, MAX_SIDE / Math.max(width, height, 1));
  return { width: Math.max(1, width * k), height: Math.max(1, height * k) };
};

/**
 * The QR look-up (docs/qr-notice.md), loaded on demand in a frame whose text reads like a two-factor setup page
 * (qr-look.ts): reads the pictures of a QR code's size and shape that the page lets it read (its own and data:
 * images, canvases, inline SVG) and hands them to the background, which decodes them and keeps only how many carry a
 * two-factor link. Looks again when the page adds or changes pictures, a bounded number of times.
 */
export function startPageQr(ctx: ContentScriptContext): void {
  const doc = document;
  let looks = 0;
  let last = '';
  let running = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const look = async () => {
    const elements = [...doc.querySelectorAll<HTMLImageElement | HTMLCanvasElement | SVGSVGElement>('img,canvas,svg')];
    const boxes: PictureBox[] = elements.map((el) => {
      const r = el.getBoundingClientRect();
      return el instanceof HTMLImageElement
        ? { kind: 'img', width: r.width, height: r.height, src: el.currentSrc || el.src }
        : { kind: el instanceof HTMLCanvasElement ? 'canvas' : 'svg', width: r.width, height: r.height };
    });
    const picked = pickCandidates(boxes, location.origin).map((i) => elements[i] as Element);
    const images: string[] = [];
    let total = 0;
    for (const el of picked) {
      const image = await readPicture(el).catch(() => undefined);
      if (!image || image.length > MAX_IMAGE || total + image.length > PAGE_TOTAL) continue;
      total += image.length;
      images.push(image);
    }
    // The same pictures as last time: nothing new to say (a page that re-renders often sends once).
    const key = images.map((i) => `${i.length}:${i.slice(-64)}`).join('|');
    if (key === last) return;
    last = key;
    await sendRequest({ type: 'page-qr-seen', images }).catch(() => {});
  };
  const queue = () => {
    running = running.then(look, look);
  };
  queue();

  const observer = new MutationObserver(() => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (++looks >= MAX_LOOKS) observer.disconnect();
      queue();
    }, SETTLE_MS);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
  // A frame that navigates away no longer shows its codes: the background forgets them now, not at the tab's next load.
  const hide = () => void sendRequest({ type: 'page-qr-seen', images: [] }).catch(() => {});
  ctx.addEventListener(window, 'pagehide', hide);
  ctx.onInvalidated(() => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  });
}

/** One picture as PNG base64, or undefined when the browser does not let it be read. */
async function readPicture(el: Element): Promise<string | undefined> {
  if (el instanceof HTMLImageElement) {
    await el.decode();
    const shown = el.getBoundingClientRect();
    const r = await readImage(
      el,
      capped(el.naturalWidth || shown.width * SVG_SCALE, el.naturalHeight || shown.height * SVG_SCALE),
    );
    return 'image' in r ? r.image : undefined;
  }
  if (el instanceof HTMLCanvasElement) return canvasPng(el);
  if (el instanceof SVGSVGElement) {
    // Drawn through an image of its own markup (a data: URL, so the canvas stays readable), on a white ground.
    const shown = el.getBoundingClientRect();
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(el))}`;
    const r = await readImage(img, capped(shown.width * SVG_SCALE, shown.height * SVG_SCALE));
    return 'image' in r ? r.image : undefined;
  }
  return undefined;
}

async function canvasPng(source: HTMLCanvasElement): Promise<string | undefined> {
  // Copied at most MAX_SIDE a side, so that a page's huge canvas costs no huge PNG.
  const { width, height } = capped(source.width, source.height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width);
  canvas.height = Math.round(height);
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  // A canvas another origin's picture was drawn on refuses (SecurityError): that is a read the page does not allow.
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  return blob ? base64.encode(new Uint8Array(await blob.arrayBuffer())) : undefined;
}
