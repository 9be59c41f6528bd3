import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { QrReadError } from './read';

const text = textsOf(en);

/**
 * Width and height of a PNG (IHDR, W3C PNG specification §11.2.2) or JPEG (SOFn frame header, ITU T.81 §B.2.2)
 * from its header, without decoding the pixels: the capture's size maps a page region to pixels.
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) break;
      const marker = bytes[i + 1] as number;
      // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      i += 2 + view.getUint16(i + 2);
    }
  }
  throw new QrReadError('unreadable-image', text('core_qr_capture_size_unknown'));
}
