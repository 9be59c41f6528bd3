import type { Text } from '../../i18n/text';
import { entryFrom, invalid, isObject, nameLabel } from '../entry';
import { text } from '../text';
import type { ImportedEntry } from '../types';

/*
 * The token JSON FreeOTP 1.x, FreeOTP+ and FreeOTP 2.x share (docs/import-formats.md "FreeOTP"): {algo, counter,
 * digits, issuerExt, issuerInt, issuerAlt?, label, labelAlt?, period, type "TOTP"|"HOTP"}. FreeOTP+ adds the secret as
 * a Java byte[] (signed bytes); FreeOTP 2.x keeps the secret in a separate encrypted key.
 */

/**
 * A Java byte[] as Gson writes it: numbers −128…127 (0…255 accepted too). The problem is a sentence ("Its “secret”
 * is not a list of bytes."), or a clause to follow "…is damaged:" when `form` says so.
 */
export function signedBytes(value: unknown, field: string, form: 'sentence' | 'clause' = 'sentence'): Uint8Array {
  const clause = form === 'clause';
  if (!Array.isArray(value))
    throw invalid(text(clause ? 'import_token_not_bytes_clause' : 'import_token_not_bytes', field));
  const out = new Uint8Array(value.length);
  value.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255)
      throw invalid(text(clause ? 'import_token_not_byte_clause' : 'import_token_not_byte', field, JSON.stringify(b)));
    out[i] = b & 0xff;
  });
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Issuer and account as FreeOTP shows them: a renamed issuer/label (issuerAlt/labelAlt, FreeOTP ≤ 1.5
 * and FreeOTP+) wins; then the label prefix (issuerExt), then the URI's issuer parameter (issuerInt),
 * which FreeOTP 2 (Token.getIssuer) falls back to and FreeOTP+ keeps for the token id.
 */
export function tokenNames(token: Record<string, unknown>): { issuer: string; account: string } {
  return {
    issuer: str(token.issuerAlt) || str(token.issuerExt) || str(token.issuerInt),
    account: str(token.labelAlt) || str(token.label),
  };
}

/** The label shown for a token in problems: "Issuer (label)"; undefined when it has no name. */
export function tokenLabel(token: unknown): Text | undefined {
  if (!isObject(token)) return undefined;
  const { issuer, account } = tokenNames(token);
  return nameLabel(issuer, account);
}

/**
 * One token as an entry. `counter` is the HOTP counter Twofold should compute the next code from (the
 * callers decide, because FreeOTP+ and FreeOTP 2 store it with different meanings).
 * Steam: FreeOTP and FreeOTP+ switch to Steam's alphabet when issuerExt is exactly "Steam"
 * (FreeOTP Code.Factory.fromIssuer; FreeOTP+ legacy Token.getHOTP); Aegis's FreeOTP importer does the same.
 */
export function tokenEntry(
  token: Record<string, unknown>,
  secret: Uint8Array,
  extras: { counter?: unknown; groups?: string[]; warnings?: Text[] } = {},
): ImportedEntry {
  const { issuer, account } = tokenNames(token);
  if (typeof token.type !== 'string') throw invalid(text('import_token_no_type'));
  const type = token.type.toLowerCase();
  if (type !== 'totp' && type !== 'hotp') throw invalid(text('import_token_bad_type', String(token.type)));
  const kind = type === 'totp' && str(token.issuerExt) === 'Steam' ? 'steam' : type; // i18n-ignore: the issuer FreeOTP matches
  return entryFrom({
    kind,
    secret,
    issuer,
    account,
    algorithm: token.algo,
    digits: token.digits,
    period: token.period,
    counter: extras.counter,
    groups: extras.groups ?? [],
    warnings: extras.warnings ?? [],
  });
}
