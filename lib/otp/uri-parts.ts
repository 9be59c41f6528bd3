import { TwofoldError } from '../errors';

export type UriErrorCode =
  | 'not-a-uri'
  | 'too-long'
  | 'wrong-scheme'
  | 'is-migration'
  | 'unsupported-type'
  | 'bad-percent-encoding'
  | 'missing-secret'
  | 'bad-secret'
  | 'unsupported-algorithm'
  | 'bad-digits'
  | 'unsupported-digits'
  | 'bad-period'
  | 'bad-counter'
  | 'bad-migration-data'
  | 'bad-migration-payload';

export class UriError extends TwofoldError<UriErrorCode> {}

/** Something the parser accepted but the user may want to know about before saving. */
export interface UriWarning {
  code:
    | 'issuer-mismatch'
    | 'counter-missing'
    | 'ignored-parameter'
    | 'unknown-parameter'
    | 'duplicate-parameter'
    | 'steam-by-issuer';
  message: string;
}

/** A QR code holds at most ~4.3 KB; anything far larger is not a key URI and is refused early. */
export const MAX_URI_LENGTH = 16 * 1024;

export interface SplitUri {
  scheme: string;
  /** The part after `//` up to `/`, `?` or `#` (the OTP type for otpauth). */
  authority: string;
  /** The raw (still percent-encoded) path after the authority's `/`, or '' when absent. */
  rawPath: string;
  /** Query parameters with lower-cased names, in order; values are raw (still encoded). */
  query: Array<[string, string]>;
}

/** Splits `scheme://authority/path?query#fragment` without interpreting any part (RFC 3986 §3). */
export function splitUri(text: string): SplitUri {
  const trimmed = text.trim();
  if (trimmed.length > MAX_URI_LENGTH) {
    throw new UriError(
      'too-long',
      `This text is ${trimmed.length} characters long; a key URI is at most ${MAX_URI_LENGTH}.`,
    );
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?(?:#.*)?$/is.exec(trimmed);
  if (!m) {
    const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
    throw new UriError('not-a-uri', `“${shown}” is not an otpauth:// link.`);
  }
  const query: Array<[string, string]> = [];
  for (const part of (m[4] ?? '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    query.push([name.toLowerCase(), eq < 0 ? '' : part.slice(eq + 1)]);
  }
  return {
    scheme: (m[1] as string).toLowerCase(),
    authority: m[2] as string,
    rawPath: m[3] ?? '',
    query,
  };
}

/** Percent-decodes (RFC 3986 §2.1, UTF-8), naming the part of the URI when the encoding is broken. */
export function percentDecode(raw: string, where: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw new UriError('bad-percent-encoding', `The ${where} has a broken %-escape: “${raw}”.`, { cause });
  }
}

/**
 * Decodes a query value as HTML forms do (WHATWG URL §5.1): `+` is a space. Key URIs in the wild
 * use `issuer=Air+Canada` (Aegis's sample). Not for `otpauth-migration` data, where `+` is base64.
 */
export function formDecode(raw: string, where: string): string {
  return percentDecode(raw.replace(/\+/g, ' '), where);
}

/** Encodes a label part or parameter value; `:` is encoded too so it can never act as the separator. */
export function encodePart(value: string): string {
  return encodeURIComponent(value);
}
