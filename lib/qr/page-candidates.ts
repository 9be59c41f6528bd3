/*
 * Which pictures of a page the QR look-up reads (docs/qr-notice.md "Which pictures"): QR codes on setup pages are
 * shown square, between a thumbnail and half a screen. Everything else (logos, banners, photos, icons) is left
 * alone, so a setup page with many pictures costs a handful of reads, not one per picture.
 */

export type PictureKind = 'img' | 'canvas' | 'svg';

/** One picture as the page shows it. */
export interface PictureBox {
  kind: PictureKind;
  /** Its box on the screen, in CSS pixels. */
  width: number;
  height: number;
  /** An <img>'s address (`currentSrc`), to tell whether the page lets it be read. */
  src?: string;
}

/** Smallest side a phone could scan from the screen; anything smaller is an icon. */
export const MIN_SIDE = 48;
/** Larger than this is a hero picture or a background, not a code to scan. */
export const MAX_SIDE = 1600;
/** A QR code is square; a caption or a quiet zone drawn into the picture may stretch it a little. */
export const MAX_ASPECT = 1.4;
/** At most this many pictures are read per look. */
export const MAX_PICTURES = 6;
/** Characters of pictures (PNG base64) in one report, in all: the page sends no more, the background decodes no more. */
export const PAGE_TOTAL = 2_000_000;

/**
 * Whether the page lets an <img> at `src` be read into a canvas: data: and blob: URLs, and its own origin. Another
 * origin's image taints the canvas (HTML "origin-clean" flag), and CORS-enabled ones are rare on setup pages: they
 * are left to the capture the person can ask for.
 */
export function readableSource(src: string, pageOrigin: string): boolean {
  if (/^data:image\//i.test(src)) return true;
  let url: URL;
  try {
    url = new URL(src, pageOrigin);
  } catch {
    return false;
  }
  // A blob: URL's origin is the page's that made it (URL standard: "origin" of a blob URL).
  return url.origin === pageOrigin;
}

/** Whether a picture is of a size and shape a QR code on a setup page has. */
export function plausibleQr(box: PictureBox): boolean {
  const { width, height } = box;
  if (!(width >= MIN_SIDE && height >= MIN_SIDE && width <= MAX_SIDE && height <= MAX_SIDE)) return false;
  return Math.max(width, height) / Math.min(width, height) <= MAX_ASPECT;
}

/**
 * The indexes of the pictures worth reading, most square first (a QR code is exactly square), then largest, at most
 * `max`. Images the page does not let be read are left out.
 */
export function pickCandidates(boxes: readonly PictureBox[], pageOrigin: string, max = MAX_PICTURES): number[] {
  return boxes
    .map((box, i) => ({ box, i }))
    .filter(({ box }) => plausibleQr(box) && (box.kind !== 'img' || readableSource(box.src ?? '', pageOrigin)))
    .sort((a, b) => squareness(b.box) - squareness(a.box) || area(b.box) - area(a.box) || a.i - b.i)
    .slice(0, max)
    .map(({ i }) => i);
}

/** 1 for a square, less the longer one side is (rounded, so a pixel of layout does not reorder). */
const squareness = (b: PictureBox) => Math.round((Math.min(b.width, b.height) / Math.max(b.width, b.height)) * 20);
const area = (b: PictureBox) => b.width * b.height;
