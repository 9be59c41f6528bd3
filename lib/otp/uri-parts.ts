import en from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { type Text, textsOf } from '../i18n/text';

const text = textsOf(en);

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
  message: Text;
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
export function splitUri(link: string): SplitUri {
  const trimmed = link.trim();
  if (trimmed.length > MAX_URI_LENGTH) {
    throw new UriError('too-long', text('core_uri_too_long', trimmed.length, MAX_URI_LENGTH));
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?(?:#.*)?$/is.exec(trimmed);
  if (!m) {
    // Never quoted: what was pasted in place of a link is often the bare secret
    // (docs/architecture.md "Attacks and their defences", 13).
    throw new UriError('not-a-uri', text('core_uri_not_a_link'));
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

/** The part of a URI a broken %-escape is in: the label, the secret, a migration's data, or a named parameter. */
export type UriPart = 'label' | 'secret' | 'data' | { parameter: string };

/**
 * The secret and a migration's data (which holds secrets) are never quoted in a message
 * (docs/architecture.md "Attacks and their defences", 13).
 */
function brokenEscape(where: UriPart, raw: string): Text {
  if (where === 'secret' || (typeof where === 'object' && where.parameter.toLowerCase() === 'secret'))
    return text('core_uri_bad_escape_secret');
  if (typeof where === 'object') return text('core_uri_bad_escape_parameter', where.parameter, raw);
  if (where === 'label') return text('core_uri_bad_escape_label', raw);
  return text('core_uri_bad_escape_data');
}

/** Percent-decodes (RFC 3986 §2.1, UTF-8), naming the part of the URI when the encoding is broken. */
export function percentDecode(raw: string, where: UriPart): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw new UriError('bad-percent-encoding', brokenEscape(where, raw), { cause });
  }
}

/**
 * Decodes a query value as HTML forms do (WHATWG URL §5.1): `+` is a space. Key URIs in the wild
 * use `issuer=Air+Canada` (Aegis's sample). Not for `otpauth-migration` data, where `+` is base64.
 */
export function formDecode(raw: string, where: UriPart): string {
  return percentDecode(raw.replace(/\+/g, ' '), where);
}

/** Encodes a label part or parameter value; `:` is encoded too so it can never act as the separator. */
export function encodePart(value: string): string {
  return encodeURIComponent(value);
}
