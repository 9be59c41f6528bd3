import en from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

const text = textsOf(en);

/** A rectangle in some pixel space. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class RegionError extends TwofoldError<'too-small' | 'outside'> {}

/**
 * Maps a rectangle the user dragged on the page (CSS pixels of the viewport) to pixels of the
 * capture. The capture is the viewport at device pixels, so the scale is capture width ÷ viewport
 * width: that one ratio covers the device pixel ratio and the page zoom together (the two things
 * that break other extensions' region scans). The result is clamped to the image and whole pixels.
 */
export function regionInCapture(
  rect: Rect,
  viewport: { width: number; height: number },
  image: { width: number; height: number },
): Rect {
  if (!(viewport.width > 0 && viewport.height > 0)) throw new RegionError('outside', text('core_region_no_viewport'));
  const scale = image.width / viewport.width;
  const x0 = Math.max(0, Math.floor(Math.min(rect.x, rect.x + rect.width) * scale));
  const y0 = Math.max(0, Math.floor(Math.min(rect.y, rect.y + rect.height) * scale));
  const x1 = Math.min(image.width, Math.ceil(Math.max(rect.x, rect.x + rect.width) * scale));
  const y1 = Math.min(image.height, Math.ceil(Math.max(rect.y, rect.y + rect.height) * scale));
  if (x1 <= x0 || y1 <= y0) throw new RegionError('outside', text('core_region_outside'));
  if (x1 - x0 < 16 || y1 - y0 < 16) throw new RegionError('too-small', text('core_region_too_small'));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * How much to enlarge a cropped region before decoding: small on-screen codes (a module of one or two
 * pixels) decode far better at 2–4× with smoothing. Capped so the crop stays under ~2400 px a side.
 */
export function upscaleFor(region: Rect): number {
  const side = Math.max(region.width, region.height);
  return Math.max(1, Math.min(4, Math.floor(2400 / side)));
}
