import { base64 } from '@scure/base';
import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { QrReadError } from './read';

const text = textsOf(en);

/**
 * The bytes of a `data:` URL (RFC 2397): pages often show the QR code as one, and reading it needs no
 * request at all. Base64 payloads may be percent-encoded or wrapped; others are percent-encoded text.
 */
export function dataUrlBytes(url: string): Uint8Array {
  const m = /^data:([^,]*),(.*)$/is.exec(url);
  if (!m) throw new QrReadError('unreadable-image', text('core_qr_not_data_url'));
  const meta = (m[1] ?? '').toLowerCase();
  const payload = m[2] ?? '';
  try {
    if (meta.split(';').includes('base64')) {
      const clean = decodeURIComponent(payload).replace(/\s+/g, '');
      return base64.decode(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='));
    }
    return new TextEncoder().encode(decodeURIComponent(payload));
  } catch (cause) {
    throw new QrReadError('unreadable-image', text('core_qr_data_url_damaged'), { cause });
  }
}
