/*
 * The cheap first look of the QR notice (docs/qr-notice.md "When Twofold looks"): does this page's text read like a
 * two-factor setup page? Run by the script injected into every page, so it is one regular expression over the page's
 * title and text, no DOM walk; the QR look-up (entrypoints/page-qr.ts) loads only when it says yes.
 *
 * A page must name two-factor (an authenticator app, "two-factor", "2FA", "TOTP") AND ask to scan or set something up
 * (or say "QR"), in one of the languages Twofold speaks. The words are the setup wording of the same languages as the
 * detector's lists (lib/detect/keywords.ts), reduced to stems so one expression covers the inflections. Latin-script
 * words start at a word boundary and the short ones end at one too, so that a hash ("a2fa9c"), a file name
 * ("2fa3b1.js") or a property ("mfaEnabled") is no two-factor word.
 */

/** Words that name a second factor or the app that holds it. */
const SECOND_FACTOR = new RegExp(
  [
    '\\b(?:2fa|mfa|totp)\\b',
    '\\btwo[- ]?(?:factor|step)',
    '\\bauthenticat(?:or|ion app)',
    // de, nl, fr, es, pt, it, pl
    '\\bzwei[- ]?(?:faktor|schritt)',
    '\\btwee[- ]?(?:factor|staps)',
    '\\bauthentifi(?:cator|cateur|zierung)',
    '\\bdeux (?:facteurs|étapes)',
    '\\b(?:dos|dois) (?:factores|fatores|pasos|etapas)',
    '\\bautentica(?:dor|tore|zione a due)',
    '\\bdue fattori',
    '\\b(?:dwuskładnikow|dwuetapow|uwierzytelniając)',
    // ja, zh-CN
    '二段階|二要素|認証アプリ|双重验证|两步验证|双因素|身份验证器|验证器',
  ].join('|'),
  'iu',
);

/** Words that ask to scan a code or set a factor up. */
const SET_UP = new RegExp(
  [
    '\\bqr\\b',
    '\\bqr-?code',
    '\\bscan',
    '\\bset ?up\\b',
    '\\beinrichten',
    '\\binstellen',
    '\\bconfigur',
    '\\bescane',
    '\\bdigitaliz',
    '\\bscansiona',
    '\\bzeskanuj',
    '\\bskonfiguruj',
    'スキャン',
    '設定',
    '扫描',
    '扫码',
    '设置',
  ].join('|'),
  'iu',
);

/** How much of the page's text is looked at: setup wording sits near the top, and a long article costs nothing more. */
export const PAGE_TEXT_CHARS = 20_000;

/** Whether `text` (a page's title and the start of its text) reads like a two-factor setup page. */
export function looksLikeSetup(text: string): boolean {
  const head = text.slice(0, PAGE_TEXT_CHARS);
  return SECOND_FACTOR.test(head) && SET_UP.test(head);
}
