/**
 * Says in a few words what a QR code that is not a two-factor code holds, so "this is not an OTP
 * code" comes with the evidence: "a web link: https://apps.apple.com/…". Long contents are cut to
 * `max` characters (code points) so a page cannot fill the confirmation with text.
 */
export function describeContent(text: string, max = 80): string {
  const shown = shorten(text.replace(/\s+/g, ' ').trim(), max);
  if (text.trim() === '') return 'an empty QR code';
  if (/^https?:\/\//i.test(text)) return `a web link: ${shown}`;
  if (/^WIFI:/i.test(text)) return 'Wi-Fi network settings';
  if (/^BEGIN:VCARD/i.test(text) || /^MECARD:/i.test(text)) return 'a contact card';
  if (/^BEGIN:VEVENT|^BEGIN:VCALENDAR/i.test(text)) return 'a calendar event';
  if (/^mailto:/i.test(text)) return `an e-mail address: ${shown}`;
  if (/^(tel|sms|smsto):/i.test(text)) return `a phone number: ${shown}`;
  if (/^bitcoin:|^ethereum:|^lightning:/i.test(text)) return 'a payment request';
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return `a link: ${shown}`;
  return `text: “${shown}”`;
}

function shorten(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}
