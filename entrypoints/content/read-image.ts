import { base64 } from '@scure/base';

/** Largest side an image is read at: a QR code needs far less, and huge canvases fail. */
const MAX_SIDE = 4096;

export type PickedImage =
  | { image: string }
  /** The image could not be read (another site's image without CORS): where it is on screen instead. */
  | { rect: { x: number; y: number; width: number; height: number }; viewport: { width: number; height: number } };

type Box = { x: number; y: number; width: number; height: number };

const intersects = (a: DOMRect, b: Box) =>
  a.width > 0 &&
  a.height > 0 &&
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

/**
 * Pictures under a box the user dragged (images, canvases, inline SVG), read at their own resolution:
 * a code drawn at 50 screen pixels may be a sharp 400-pixel image underneath. At most `max`, largest overlap first.
 */
export async function readPicturesIn(doc: Document, box: Box, max = 4): Promise<string[]> {
  const overlap = (r: DOMRect) =>
    Math.max(0, Math.min(r.x + r.width, box.x + box.width) - Math.max(r.x, box.x)) *
    Math.max(0, Math.min(r.y + r.height, box.y + box.height) - Math.max(r.y, box.y));
  const found = [...doc.querySelectorAll('img, canvas, svg')]
    .map((el) => ({ el, rect: el.getBoundingClientRect() }))
    .filter(({ rect }) => intersects(rect, box))
    .sort((a, b) => overlap(b.rect) - overlap(a.rect))
    .map(({ el }) => el);
  const out: string[] = [];
  for (const el of found.slice(0, max)) {
    const read = await readElement(el);
    if (read) out.push(read);
  }
  return out;
}

/** One picture element as PNG base64, or undefined when the browser will not let it be read. */
async function readElement(el: Element): Promise<string | undefined> {
  if (el instanceof HTMLImageElement) {
    const r = await readImage(el);
    return 'image' in r ? r.image : undefined;
  }
  if (el instanceof HTMLCanvasElement) return encodeCanvas(el).catch(() => undefined);
  if (el instanceof SVGSVGElement) {
    const shown = el.getBoundingClientRect();
    const markup = new XMLSerializer().serializeToString(el);
    const img = new Image(Math.round(shown.width * 4), Math.round(shown.height * 4));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
    const r = await readImage(img, { width: shown.width * 4, height: shown.height * 4 });
    return 'image' in r ? r.image : undefined;
  }
  return undefined;
}

async function encodeCanvas(canvas: HTMLCanvasElement): Promise<string | undefined> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  return blob ? base64.encode(new Uint8Array(await blob.arrayBuffer())) : undefined;
}

/** The image element the user right-clicked, or the first one on the page with that address. */
export function findImage(doc: Document, srcUrl: string, clicked: Element | undefined): HTMLImageElement | undefined {
  if (clicked instanceof HTMLImageElement && (clicked.currentSrc === srcUrl || clicked.src === srcUrl)) return clicked;
  return [...doc.images].find((img) => img.currentSrc === srcUrl || img.src === srcUrl);
}

/**
 * Reads an image at its own resolution (not as scaled on screen) by drawing it on a canvas; the
 * browser refuses that for another site's image, and then its box on the screen is given instead.
 */
export async function readImage(img: HTMLImageElement, size?: { width: number; height: number }): Promise<PickedImage> {
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
    let width = Math.round(size?.width ?? (img.naturalWidth || shown.width * 4));
    let height = Math.round(size?.height ?? (img.naturalHeight || shown.height * 4));
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
    const image = await encodeCanvas(canvas);
    return image ? { image } : where;
  } catch {
    // SecurityError (tainted canvas) or an image that cannot be decoded: fall back to the screen.
    return where;
  }
}
