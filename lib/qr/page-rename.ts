import { formatOtpauthUri, parseOtpauthUri } from '../otp/uri';

/** Longest issuer or account name the review takes (the vault's own limit is larger; a name is a line, not a text). */
export const NAME_MAX = 200;

/**
 * A scanned account's link with the issuer and account name the person typed in the scan review
 * (components/ScanReview.tsx): the same key and parameters, written again (lib/otp/uri.ts `formatOtpauthUri`), so
 * the background stores exactly what it would have stored for a link carrying those names. Names are trimmed; the
 * link is returned unchanged when both are what it already says.
 */
export function renamedUri(uri: string, issuer: string, account: string): string {
  const { params } = parseOtpauthUri(uri);
  const nextIssuer = issuer.trim().slice(0, NAME_MAX);
  const nextAccount = account.trim().slice(0, NAME_MAX);
  if (nextIssuer === params.issuer && nextAccount === params.account) return uri;
  return formatOtpauthUri({ ...params, issuer: nextIssuer, account: nextAccount });
}
