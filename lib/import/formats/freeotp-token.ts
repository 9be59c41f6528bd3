import { entryFrom, invalid, isObject } from '../entry';
import type { ImportedEntry } from '../types';

/*
 * The token JSON FreeOTP 1.x, FreeOTP+ and FreeOTP 2.x share (spec §11): {algo, counter, digits,
 * issuerExt, issuerInt, issuerAlt?, label, labelAlt?, period, type "TOTP"|"HOTP"}. FreeOTP+ adds the
 * secret as a Java byte[] (signed bytes); FreeOTP 2.x keeps the secret in a separate encrypted key.
 */

/** A Java byte[] as Gson writes it: numbers −128…127 (0…255 accepted too). */
export function signedBytes(value: unknown, field: string): Uint8Array {
  if (!Array.isArray(value)) throw invalid(`Its “${field}” is not a list of bytes.`);
  const out = new Uint8Array(value.length);
  value.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255)
      throw invalid(`Its “${field}” holds ${JSON.stringify(b)}, which is not a byte.`);
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

/** The label shown for a token in problems: "Issuer (label)". */
export function tokenLabel(token: unknown): string {
  if (!isObject(token)) return '';
  const { issuer, account } = tokenNames(token);
  return issuer && account ? `${issuer} (${account})` : issuer || account;
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
  extras: { counter?: unknown; groups?: string[]; warnings?: string[] } = {},
): ImportedEntry {
  const { issuer, account } = tokenNames(token);
  if (typeof token.type !== 'string') throw invalid('It does not say whether it is TOTP or HOTP (no “type”).');
  const type = token.type.toLowerCase();
  if (type !== 'totp' && type !== 'hotp') throw invalid(`Its type “${String(token.type)}” is not TOTP or HOTP.`);
  const kind = type === 'totp' && str(token.issuerExt) === 'Steam' ? 'steam' : type;
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
