import type { Rect } from '../lib/enrol/region';
import { textsOf } from '../lib/i18n/text';
import { QrReadError } from '../lib/qr/read';
import en from '../locales/en/core.json';

const text = textsOf(en);

/** RGBA pixels, the shape zxing-wasm reads directly. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * Decodes a picture with the browser's own decoders (`createImageBitmap`, which also reads WebP and
 * AVIF) and returns its pixels, optionally cropped to `region` and enlarged `scale` times with
 * high-quality smoothing. Works in the service worker (OffscreenCanvas).
 */
export async function toPixels(bytes: Uint8Array, region?: Rect, scale = 1): Promise<Pixels> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const whole = await createImageBitmap(blob);
  const r = region ?? { x: 0, y: 0, width: whole.width, height: whole.height };
  const width = Math.round(r.width * scale);
  const height = Math.round(r.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new QrReadError('unreadable-image', text('core_qr_no_canvas'));
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(whole, r.x, r.y, r.width, r.height, 0, 0, width, height);
  whole.close();
  const { data } = ctx.getImageData(0, 0, width, height);
  return { data, width, height };
}
