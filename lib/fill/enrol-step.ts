/*
 * Whether a code field is an enrolment (verify) step: the page that turns two-factor sign-in ON and asks for a first
 * code of a key it has just shown. A code filled there is of the OLD key (or another account), so an automatic fill can
 * only fail, and a loop of them once produced hundreds of failed enrolments
 * (docs/auto-fill.md "What "fill by itself" does"). Such a page shows the new key, as a QR code or as text, next to
 * setup wording (RFC 6238 §5.1 provisioning; the otpauth URI of
 * https://github.com/google/google-authenticator/wiki/Key-Uri-Format). The background refuses automatic fills on these
 * steps; a person can still fill by hand.
 */

/** "QR" in an image's name, alt text or label. */
const QR = /\bqr\b|qr[-_ ]?code|qrcode/i;
/** A base32 key as sites print it (16+ characters, grouped by spaces or not), alone in its element. */
const BASE32_KEY = /^(?:[A-Z2-7]{4}\s?){4,}[A-Z2-7]*=*$/;
/** Setup wording of the step, in the detector's languages (en, de, fr, es). */
const SETUP_WORDS =
  /\bset ?up\b|\bscan\b|enter this key|setup key|secret key|enable two|turn on two|activate two|einrichten|scannen|schlüssel eingeben|configurer|scanne[rz]|clé secrète|configurar|escanea|clave secreta/i;

/** Images, canvases and drawings a QR code is shown in, named or labelled as one. */
function hasQrImage(root: ParentNode): boolean {
  for (const el of root.querySelectorAll('img, canvas, svg, [role=img]')) {
    const names = [
      el.getAttribute('alt'),
      el.getAttribute('aria-label'),
      el.getAttribute('title'),
      el.getAttribute('class'),
      el.id,
      // A file name ("/2fa/qr.png"), never a data: URL's base64, where the letters can fall together by chance.
      el.tagName === 'IMG' && !(el.getAttribute('src') ?? '').startsWith('data:') ? el.getAttribute('src') : '',
    ];
    if (names.some((n) => n && QR.test(n))) return true;
  }
  return false;
}

/** A key printed as text (code, kbd, samp, pre, or a small span). */
function hasPrintedKey(root: ParentNode): boolean {
  for (const el of root.querySelectorAll('code, kbd, samp, pre, tt, span, strong, b')) {
    const t = (el.textContent ?? '').trim().toUpperCase();
    if (t.length >= 16 && t.length <= 160 && BASE32_KEY.test(t)) return true;
  }
  return false;
}

/**
 * true when the field's page (the document or shadow root it is in) shows a QR code or a printed key, or the field's
 * form or section says it is setting two-factor sign-in up. Plain sign-in steps show neither.
 */
export function isEnrolmentStep(field: HTMLInputElement): boolean {
  const root = field.getRootNode() as Document | ShadowRoot;
  if (hasQrImage(root) || hasPrintedKey(root)) return true;
  // Wording only near the field (its form, or a few ancestors): a sign-in page's footer may mention setup.
  let scope: Element | null = field.form ?? field.parentElement;
  for (let i = 0; i < 2 && scope?.parentElement; i++) scope = scope.parentElement;
  const near = [scope?.textContent ?? '', root.querySelector('h1')?.textContent ?? ''].join(' ');
  return SETUP_WORDS.test(near);
}
