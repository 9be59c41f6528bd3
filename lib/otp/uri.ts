import en from '../../locales/en/core.json';
import { Base32Error, decodeBase32, encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import { ALGORITHMS, type Algorithm, MAX_DIGITS, MIN_DIGITS, type OtpParams } from './types';
import { encodePart, formDecode, percentDecode, splitUri, UriError, type UriWarning } from './uri-parts';

export { UriError, type UriWarning } from './uri-parts';

export interface ParsedUri {
  params: OtpParams;
  /** What was accepted but deserves a look (see docs/otpauth-policy.md). */
  warnings: UriWarning[];
}

/** Parameters we know and deliberately drop (docs/otpauth-policy.md §11). */
const IGNORED = new Set(['icon', 'image', 'codedisplay', 'pin', 'color', 'tags', 'lock']);
const KNOWN = new Set(['secret', 'issuer', 'algorithm', 'digits', 'period', 'counter', 'encoder']);
const COUNTER_LIMIT = 1n << 64n;
const text = textsOf(en);

/**
 * Parses a Key URI (google-authenticator wiki "Key-Uri-Format") and the Steam spellings others write:
 * `otpauth://steam/…`, `encoder=steam`, `steam://SECRET`. Every policy choice for the format's grey
 * areas is written down, numbered, in docs/otpauth-policy.md; comments below cite those numbers.
 *
 * @throws {UriError} with a specific code and a message that names the offending part.
 */
export function parseOtpauthUri(link: string): ParsedUri {
  const uri = splitUri(link);
  const warnings: UriWarning[] = [];

  if (uri.scheme === 'steam') return parseSteamScheme(uri.authority); // policy 10
  if (uri.scheme === 'otpauth-migration') {
    throw new UriError('is-migration', text('core_uri_is_migration'));
  }
  if (uri.scheme !== 'otpauth') {
    throw new UriError('wrong-scheme', text('core_uri_wrong_scheme', uri.scheme));
  }

  const q = readQuery(uri.query, warnings);
  const type = uri.authority.toLowerCase();
  if (type !== 'totp' && type !== 'hotp' && type !== 'steam') {
    throw new UriError(
      'unsupported-type',
      text('core_uri_unsupported_type', uri.authority || text('core_uri_empty_type')),
    );
  }
  const secret = readSecret(q.get('secret'));
  const { issuer, account } = splitLabel(percentDecode(uri.rawPath, 'label'), q.get('issuer'), warnings);

  // Policy 10: Steam by host, by KeePassXC's encoder=steam, or by issuer "Steam" on a plain totp URI
  // (what Valve's own app exports) unless the URI states a code length other than Steam's 5: Valve's never
  // states one, and OTPClient writes Steam as issuer=Steam&digits=5 (docs/otpauth-policy.md, policy 10).
  const digitsParam = q.get('digits');
  const steamByIssuer =
    type === 'totp' && issuer.toLowerCase() === 'steam' && (digitsParam === undefined || digitsParam.trim() === '5');
  if (type === 'steam' || q.get('encoder')?.toLowerCase() === 'steam' || steamByIssuer) {
    if (steamByIssuer && q.get('encoder') === undefined) {
      warnings.push({
        code: 'steam-by-issuer',
        message: text('core_uri_steam_by_issuer'),
      });
    }
    const steamValues: Record<string, string> = { algorithm: 'SHA1', digits: '5', period: '30' };
    for (const name of ['algorithm', 'digits', 'period', 'counter']) {
      const value = q.get(name);
      if (value !== undefined && value.toUpperCase() !== steamValues[name]) {
        warnings.push({
          code: 'ignored-parameter',
          message: text('core_uri_steam_ignored', name, value),
        });
      }
    }
    return { params: { kind: 'steam', secret, issuer, account }, warnings };
  }

  const algorithm = readAlgorithm(q.get('algorithm'));
  const digits = readDigits(digitsParam);
  if (type === 'totp') {
    if (q.has('counter'))
      warnings.push({
        code: 'ignored-parameter',
        message: text('core_uri_totp_counter_ignored'),
      });
    const period = readPeriod(q.get('period'));
    return { params: { kind: 'totp', secret, issuer, account, algorithm, digits, period }, warnings };
  }
  if (q.has('period'))
    warnings.push({
      code: 'ignored-parameter',
      message: text('core_uri_hotp_period_ignored'),
    });
  const counter = readCounter(q.get('counter'), warnings);
  return { params: { kind: 'hotp', secret, issuer, account, algorithm, digits, counter }, warnings };
}

/** Options for {@link formatOtpauthUri}. */
export interface FormatOptions {
  /**
   * How to write Steam accounts: `host` = `otpauth://steam/…` (Aegis, 2FAS, Ente read it), `encoder`
   * = `otpauth://totp/…&encoder=steam` (KeePassXC). Default `host`.
   */
  steam?: 'host' | 'encoder';
}

/**
 * Writes a Key URI that {@link parseOtpauthUri} reads back to the same account, and that other apps
 * read: label `Issuer:Account`, `issuer` repeated as a parameter, secret unpadded, and every
 * parameter explicit (Key-Uri-Format: defaults differ between apps).
 */
export function formatOtpauthUri(params: OtpParams, options: FormatOptions = {}): string {
  // Lone UTF-16 surrogates cannot be percent-encoded; they become U+FFFD (WHATWG Encoding §4.3).
  const issuer = params.issuer.toWellFormed();
  const account = params.account.toWellFormed();
  // Policy 3: with an issuer the label is `Issuer:Account`; without one, an account holding ':' gets
  // an empty issuer part so the parser cannot mistake its first segment for an issuer.
  const label = issuer
    ? `${encodePart(issuer)}:${encodePart(account)}`
    : account.includes(':')
      ? `:${encodePart(account)}`
      : encodePart(account);
  const query = [`secret=${encodeBase32(params.secret)}`];
  if (issuer) query.push(`issuer=${encodePart(issuer)}`);
  switch (params.kind) {
    case 'steam':
      if (options.steam === 'encoder')
        return `otpauth://totp/${label}?${query.join('&')}&digits=5&period=30&encoder=steam`;
      return `otpauth://steam/${label}?${query.join('&')}`;
    case 'totp':
      query.push(`algorithm=${params.algorithm}`, `digits=${params.digits}`, `period=${params.period}`);
      return `otpauth://totp/${label}?${query.join('&')}`;
    case 'hotp':
      query.push(`algorithm=${params.algorithm}`, `digits=${params.digits}`, `counter=${params.counter}`);
      return `otpauth://hotp/${label}?${query.join('&')}`;
  }
}

/** Decoded parameters, first occurrence of each name wins (policy 13). */
function readQuery(raw: Array<[string, string]>, warnings: UriWarning[]): Map<string, string> {
  const q = new Map<string, string>();
  const unknown: string[] = [];
  for (const [name, value] of raw) {
    if (q.has(name)) {
      warnings.push({
        code: 'duplicate-parameter',
        message: text('core_uri_duplicate_parameter', name),
      });
      continue;
    }
    if (!KNOWN.has(name)) {
      if (!IGNORED.has(name)) unknown.push(name);
      continue;
    }
    q.set(name, formDecode(value, { parameter: name }).trim());
  }
  if (unknown.length > 0) {
    warnings.push({
      code: 'unknown-parameter',
      message: text.counted('core_uri_unknown_parameters', unknown.length, unknown.join(', ')),
    });
  }
  return q;
}

/**
 * Label rules (policies 1–3, 12): the issuer parameter wins over the label prefix; a label without
 * ':' is the account; with several ':' the first one separates, unless the issuer parameter itself
 * contains ':' and prefixes the label.
 */
function splitLabel(
  label: string,
  issuerParam: string | undefined,
  warnings: UriWarning[],
): { issuer: string; account: string } {
  const param = issuerParam ?? '';
  if (param && label.startsWith(`${param}:`)) return { issuer: param, account: label.slice(param.length + 1).trim() };
  const colon = label.indexOf(':');
  if (colon < 0) return { issuer: param, account: label.trim() };
  const prefix = label.slice(0, colon).trim();
  const account = label.slice(colon + 1).trim();
  if (param && prefix && prefix !== param) {
    warnings.push({
      code: 'issuer-mismatch',
      message: text('core_uri_issuer_mismatch', prefix, param),
    });
  }
  return { issuer: param || prefix, account };
}

function readSecret(value: string | undefined): Uint8Array {
  if (value === undefined || value === '') throw new UriError('missing-secret', text('core_uri_missing_secret'));
  try {
    return decodeBase32(value);
  } catch (cause) {
    if (cause instanceof Base32Error)
      throw new UriError('bad-secret', text('core_uri_bad_secret', cause.text ?? cause.message), { cause });
    throw cause;
  }
}

/** Policy 6: case and common spellings (sha-256, HmacSHA256) accepted; anything else refused, never guessed. */
function readAlgorithm(value: string | undefined): Algorithm {
  if (value === undefined || value === '') return 'SHA1';
  const norm = value
    .toUpperCase()
    .replace(/^HMAC-?/, '')
    .replace(/-/g, '');
  const found = ALGORITHMS.find((a) => a === norm);
  if (!found) throw new UriError('unsupported-algorithm', text('core_uri_unsupported_algorithm', value));
  return found;
}

/** Policy 7: 4 to 10 digits. */
function readDigits(value: string | undefined): number {
  if (value === undefined || value === '') return 6;
  if (!/^\d{1,3}$/.test(value)) throw new UriError('bad-digits', text('core_uri_bad_digits', value));
  const digits = Number(value);
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new UriError('unsupported-digits', text('core_uri_unsupported_digits', digits, MIN_DIGITS, MAX_DIGITS));
  }
  return digits;
}

/** Policy 8: any whole number of seconds >= 1 (the clock math has no upper limit). */
function readPeriod(value: string | undefined): number {
  if (value === undefined || value === '') return 30;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) {
    throw new UriError('bad-period', text('core_uri_bad_period', value));
  }
  return Number(value);
}

/** Policy 9: a missing counter means 0 (FreeOTP, Stratum) with a warning. */
function readCounter(value: string | undefined, warnings: UriWarning[]): bigint {
  if (value === undefined || value === '') {
    warnings.push({
      code: 'counter-missing',
      message: text('core_uri_counter_missing'),
    });
    return 0n;
  }
  if (!/^\d{1,20}$/.test(value) || BigInt(value) >= COUNTER_LIMIT) {
    throw new UriError('bad-counter', text('core_uri_bad_counter', value));
  }
  return BigInt(value);
}

/** `steam://SECRET` as Bitwarden and Proton Authenticator write it (policy 10). */
function parseSteamScheme(authority: string): ParsedUri {
  const secret = readSecret(percentDecode(authority, 'secret'));
  return { params: { kind: 'steam', secret, issuer: 'Steam', account: '' }, warnings: [] }; // i18n-ignore: brand name
}
