import en from '../../locales/en/core.json';
import exportsEn from '../../locales/en/exports.json';
import { type Text, textsOf } from '../i18n/text';

const text = textsOf(en);
const exportsText = textsOf(exportsEn);

/**
 * Text that may be a key: an unbroken run of 16 or more characters (80 bits of base32, RFC 4226 §4 asks for at
 * least 128) even with a typo in it, or groups of four as authenticator apps show keys ("jbsw y3dp ehpk 3pxp").
 */
const SECRET_LIKE = /\S{16,}|^(?:\S{4}[\s-]+){3,}\S{1,4}$/;

/**
 * Says in a few words what a QR code that is not a two-factor code holds, so "this is not an OTP
 * code" comes with the evidence: "a web link: https://apps.apple.com/…". Long contents are cut to
 * `max` characters (code points) so a page cannot fill the confirmation with text.
 */
export function describeContent(content: string, max = 80): Text {
  const shown = shorten(content.replace(/\s+/g, ' ').trim(), max);
  if (content.trim() === '') return text('core_content_empty');
  if (/^https?:\/\//i.test(content)) return text('core_content_web_link', shown);
  if (/^WIFI:/i.test(content)) return text('core_content_wifi');
  if (/^BEGIN:VCARD/i.test(content) || /^MECARD:/i.test(content)) return text('core_content_contact');
  if (/^BEGIN:VEVENT|^BEGIN:VCALENDAR/i.test(content)) return text('core_content_event');
  if (/^mailto:/i.test(content)) return text('core_content_email', shown);
  if (/^(tel|sms|smsto):/i.test(content)) return text('core_content_phone', shown);
  if (/^bitcoin:|^ethereum:|^lightning:/i.test(content)) return text('core_content_payment');
  if (/^[a-z][a-z0-9+.-]*:/i.test(content)) return text('core_content_link', shown);
  // Text that may be a bare key is named, never quoted: error texts never carry a secret
  // (docs/architecture.md "Attacks and their defences", 13).
  if (SECRET_LIKE.test(content.trim())) return exportsText('exports_content_secret');
  return text('core_content_text', shown);
}

function shorten(content: string, max: number): string {
  const points = [...content];
  return points.length <= max ? content : `${points.slice(0, max - 1).join('')}…`;
}
