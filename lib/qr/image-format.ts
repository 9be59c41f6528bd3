import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { QrReadError } from './read';

const text = textsOf(en);

/** Picture formats the decoder reads straight from their bytes (zxing-wasm's stb_image). */
export type DirectFormat = 'png' | 'jpeg' | 'gif' | 'bmp';
/** Formats a browser can open but the decoder cannot: the platform turns them into pixels first. */
export type BrowserFormat = 'webp' | 'avif' | 'svg';

/**
 * Which picture format some bytes hold, by their signature (W3C PNG specification §5.2 "PNG signature", JPEG SOI
 * marker, GIF87a/89a, BMP "BM", RIFF/WEBP, ISO-BMFF "ftypavif", SVG markup). Anything else gets a clear error up front
 * rather than "no QR code found" in an unreadable file.
 */
export function imageFormat(bytes: Uint8Array): DirectFormat | BrowserFormat {
  const b = bytes;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 14 && ascii(0, 2) === 'BM') return 'bmp';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'avif';
  const head = new TextDecoder().decode(b.subarray(0, 1024)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  throw new QrReadError('unreadable-image', text('core_qr_not_a_picture'));
}

export function isDirectFormat(f: DirectFormat | BrowserFormat): f is DirectFormat {
  return f === 'png' || f === 'jpeg' || f === 'gif' || f === 'bmp';
}
