import { base64 } from '@scure/base';

/** Largest side an image is read at: a QR code needs far less, and huge canvases fail. */
const MAX_SIDE = 4096;

export type PickedImage =
  | { image: string }
  /** The image could not be read (another site's image without CORS): where it is on screen instead. */
  | { rect: { x: number; y: number; width: number; height: number }; viewport: { width: number; height: number } };

/** The image element the user right-clicked, or the first one on the page with that address. */
export function findImage(doc: Document, srcUrl: string, clicked: Element | undefined): HTMLImageElement | undefined {
  if (clicked instanceof HTMLImageElement && (clicked.currentSrc === srcUrl || clicked.src === srcUrl)) return clicked;
  return [...doc.images].find((img) => img.currentSrc === srcUrl || img.src === srcUrl);
}

/**
 * Reads an image at its own resolution (not as scaled on screen) by drawing it on a canvas; the
 * browser refuses that for another site's image, and then its box on the screen is given instead.
 */
export async function readImage(img: HTMLImageElement): Promise<PickedImage> {
  const doc = img.ownerDocument;
  const win = doc.defaultView as Window;
  const shown = img.getBoundingClientRect();
  const where = {
    rect: { x: shown.x, y: shown.y, width: shown.width, height: shown.height },
    viewport: { width: win.innerWidth, height: win.innerHeight },
  };
  try {
    await img.decode();
    // An SVG without its own size is drawn at four times its size on screen.
    let width = img.naturalWidth || Math.round(shown.width * 4);
    let height = img.naturalHeight || Math.round(shown.height * 4);
    const shrink = Math.min(1, MAX_SIDE / Math.max(width, height));
    width = Math.max(1, Math.round(width * shrink));
    height = Math.max(1, Math.round(height * shrink));
    const canvas = doc.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return where;
    // A white ground: transparent QR images otherwise read as black on black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) return where;
    return { image: base64.encode(new Uint8Array(await blob.arrayBuffer())) };
  } catch {
    // SecurityError (tainted canvas) or an image that cannot be decoded: fall back to the screen.
    return where;
  }
}
