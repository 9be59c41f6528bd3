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

/** "Issuer: account", or either alone; undefined for an export batch or a link that does not parse. */
function labelOf(link: string): string | undefined {
  if (!/^otpauth:/i.test(link)) return undefined;
  try {
    const { issuer, account } = parseOtpauthUri(link).params;
    const label = issuer && account ? `${issuer}: ${account}` : issuer || account;
    return label ? label.slice(0, 120) : undefined;
  } catch {
    return undefined;
  }
}
