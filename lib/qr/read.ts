import en from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

const text = textsOf(en);

/*
 * Reading every QR code in one image. The decoder itself (zxing-wasm) is injected: the extension
 * loads it from its own package files (platform/qr-decoder.ts) and Node tools from node_modules
 * (scripts/node-qr-decoder.ts), so both run exactly this code with the same options.
 */

/** One symbol as the decoder reports it (the subset of zxing-wasm's ReadResult we use). */
export interface DecodedSymbol {
  isValid: boolean;
  text: string;
  /** Corner points in image pixels; used to order codes top-to-bottom, left-to-right. */
  position: { topLeft: { x: number; y: number } };
}

/** What an image can be handed to the decoder as: encoded PNG/JPEG/WebP/GIF/BMP bytes or raw RGBA pixels. */
export type QrImage = Uint8Array | { data: Uint8ClampedArray; width: number; height: number };

/** zxing-wasm's `readBarcodes`, narrowed to what we pass and read. */
export type ReadBarcodes = (image: QrImage, options: typeof QR_READER_OPTIONS) => Promise<DecodedSymbol[]>;

/** Whether the texts found so far are all the caller needs (enrolment: a two-factor code among them). */
export type Enough = (texts: readonly string[]) => boolean;

/**
 * Decoder options. Enrolment pages draw QR codes small, inverted (light on dark themes), inside
 * modals and next to app-store decoys, so: QR only (no false reads of other symbologies), try
 * harder, inverted and rotated symbols, downscaling for 4K/5K captures, and several symbols per image.
 */
export const QR_READER_OPTIONS = {
  formats: ['QRCode'] as ['QRCode'],
  tryHarder: true,
  tryInvert: true,
  tryRotate: true,
  tryDownscale: true,
  maxNumberOfSymbols: 16,
};

/**
 * A cheaper first pass: no "try harder" search, no inverted or rotated pass. It reads the ordinary
 * dark-on-light code of most enrolment pages in about two thirds of the time; when it finds nothing the
 * caller is satisfied with, the full options run (docs/enrolment.md "Decoder").
 */
export const QR_FAST_OPTIONS = { ...QR_READER_OPTIONS, tryHarder: false, tryInvert: false, tryRotate: false };

export type QrReadErrorCode = 'unreadable-image' | 'decoder-unavailable';
export class QrReadError extends TwofoldError<QrReadErrorCode> {}

/** Largest image we decode (a 5K screen at 2x is 10240 × 5760 ≈ 59 Mpx; beyond that it is not a capture). */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;

/**
 * The texts of every valid QR code in the image, in reading order (top to bottom, then left to
 * right), each text once. An image with no QR code gives []: that is a result, not an error.
 */
export async function readQrTexts(read: ReadBarcodes, image: QrImage, enough?: Enough): Promise<string[]> {
  if (image instanceof Uint8Array && image.byteLength === 0)
    throw new QrReadError('unreadable-image', text('core_qr_image_empty'));
  if (image instanceof Uint8Array && image.byteLength > MAX_IMAGE_BYTES) {
    throw new QrReadError('unreadable-image', text('core_qr_image_too_large', Math.round(image.byteLength / 1048576)));
  }
  const pass = async (options: typeof QR_READER_OPTIONS) => {
    try {
      return inReadingOrder(await read(image, options));
    } catch (cause) {
      throw new QrReadError('unreadable-image', text('core_qr_image_unreadable'), { cause });
    }
  };
  if (enough) {
    const quick = await pass(QR_FAST_OPTIONS);
    if (enough(quick)) return quick;
  }
  return pass(QR_READER_OPTIONS);
}

function inReadingOrder(symbols: DecodedSymbol[]): string[] {
  const valid = symbols.filter((s) => s.isValid && s.text !== '');
  // Rows are compared with a tolerance so codes side by side with slightly different tops stay left-to-right.
  valid.sort((a, b) => {
    const dy = a.position.topLeft.y - b.position.topLeft.y;
    return Math.abs(dy) > 40 ? dy : a.position.topLeft.x - b.position.topLeft.x;
  });
  return [...new Set(valid.map((s) => s.text))];
}
