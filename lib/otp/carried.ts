import { currentCode } from './code';
import { describeParams } from './describe';
import { type OtpParams, STEAM_PERIOD } from './types';

/*
 * What a source of accounts (an import format, a QR code) can say about how codes are made, and what follows when it
 * cannot say something (docs/import-export.md "What each format carries"). A format that has no field for a parameter
 * writes its default there (Google Authenticator's export has no period, so every account reads as 30 s; FreeOTP+ has
 * no Steam type, so a Steam key reads as a 6-digit TOTP). That default is not the account's value: it is "unknown", and
 * an unknown value never replaces what the vault holds.
 */

/**
 * Parameters a source may or may not carry. `steam`: it can mark an account as Steam Guard (a key with
 * no such mark may still be one). Type TOTP/HOTP and the secret are carried by every format.
 */
export type OtpParamName = 'steam' | 'algorithm' | 'digits' | 'period' | 'counter';

export const OTP_PARAM_NAMES: readonly OtpParamName[] = ['steam', 'algorithm', 'digits', 'period', 'counter'];

/** A source that writes every parameter (otpauth:// URIs, Twofold's own files, Aegis…). */
export const CARRIES_ALL: readonly OtpParamName[] = OTP_PARAM_NAMES;

/**
 * `incoming` as the source meant it: each parameter it cannot carry taken from `stored` (same secret).
 * A TOTP from a source with no Steam type, against a stored Steam account, is that Steam account when
 * what the source could say fits Steam (SHA-1, 30 s): its digits are the source's default, not Steam's 5.
 */
export function withUnknownsKept(stored: OtpParams, incoming: OtpParams, carries: readonly OtpParamName[]): OtpParams {
  const has = (p: OtpParamName) => carries.includes(p);
  const names = { secret: incoming.secret, issuer: incoming.issuer, account: incoming.account };
  if (stored.kind === 'steam') {
    if (incoming.kind !== 'totp' || has('steam')) return incoming;
    const hashFits = incoming.algorithm === 'SHA1' || !has('algorithm');
    const stepFits = incoming.period === STEAM_PERIOD || !has('period');
    return hashFits && stepFits ? { kind: 'steam', ...names } : incoming;
  }
  if (incoming.kind === 'totp' && stored.kind === 'totp')
    return {
      ...incoming,
      algorithm: has('algorithm') ? incoming.algorithm : stored.algorithm,
      digits: has('digits') ? incoming.digits : stored.digits,
      period: has('period') ? incoming.period : stored.period,
    };
  if (incoming.kind === 'hotp' && stored.kind === 'hotp')
    return {
      ...incoming,
      algorithm: has('algorithm') ? incoming.algorithm : stored.algorithm,
      digits: has('digits') ? incoming.digits : stored.digits,
      counter: has('counter') ? incoming.counter : stored.counter,
    };
  return incoming;
}

/** True when `next` makes other codes than `current` (type, algorithm, digits, period or counter differ). */
export function codesWouldChange(current: OtpParams, next: OtpParams): boolean {
  return describeParams(current).english !== describeParams(next).english;
}

/** The code each version shows at `unixSeconds`, for the review to put side by side. */
export interface CodesSideBySide {
  before: string;
  after: string;
}

export function codesSideBySide(current: OtpParams, next: OtpParams, unixSeconds: number): CodesSideBySide {
  return { before: currentCode(current, unixSeconds).code, after: currentCode(next, unixSeconds).code };
}
