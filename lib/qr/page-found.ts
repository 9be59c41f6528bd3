import { siteOf } from '../match/site-of';
import { parseOtpauthUri } from '../otp/uri';

/*
 * What the background keeps of the QR codes found on a page (docs/qr-notice.md "What is kept"): how many carry a
 * two-factor link, and a label to show ("Example: alice"), never the key. The texts themselves stay in the worker's
 * memory for the scan review the person may open.
 */

const OTP_LINK = /^otpauth(?:-migration)?:\/\//i;

/** Only codes carrying an `otpauth://` or `otpauth-migration://` link count (not web links, not Wi-Fi codes). */
export const isOtpLink = (text: string): boolean => OTP_LINK.test(text.trim());

export interface PageQrSummary {
  /** The two-factor links among the decoded texts, each once, in reading order. */
  links: string[];
  /** What to show for them: the first account's issuer and name, when its link names them. */
  label?: string;
}

/** The two-factor links among a page's decoded QR texts, and a label for the first. */
export function summarizePageQr(texts: readonly string[]): PageQrSummary {
  const links = [...new Set(texts.map((t) => t.trim()).filter(isOtpLink))];
  const label = links.map(labelOf).find((l) => l !== undefined);
  return label === undefined ? { links } : { links, label };
}

/** A label is the page's own free text (the link's issuer and name): shown at most this long, with an ellipsis. */
export const LABEL_CHARS = 60;

/**
 * Whether two addresses are on the same site (scheme and registrable domain, or host where there is none), as the
 * accounts of a page are matched (lib/match/site-of.ts): a frame of another site (an ad, a widget) shows its codes
 * to no notice of this page. Any address that is not an http(s) page is on no site.
 */
export function sameSite(a: string, b: string): boolean {
  try {
    const x = siteOf(a);
    const y = siteOf(b);
    return x.scheme === y.scheme && (x.registrable ?? x.host) === (y.registrable ?? y.host);
  } catch {
    return false;
  }
}

/** "Issuer: account", or either alone; undefined for an export batch or a link that does not parse. */
function labelOf(link: string): string | undefined {
  if (!/^otpauth:/i.test(link)) return undefined;
  try {
    const { issuer, account } = parseOtpauthUri(link).params;
    const label = issuer && account ? `${issuer}: ${account}` : issuer || account;
    return label ? (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label) : undefined;
  } catch {
    return undefined;
  }
}
