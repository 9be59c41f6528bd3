/** Hash functions an OTP account may use (RFC 6238 §1.2 allows SHA-1, SHA-256, SHA-512). */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** Code lengths we generate. RFC 4226 §5.3 needs at least 6; real sites use 4 to 10. */
export const MIN_DIGITS = 4;
export const MAX_DIGITS = 10;

interface OtpCommon {
  /** The shared secret K as raw bytes (RFC 4226 §5.1). Never a string inside the core. */
  secret: Uint8Array;
  /** Who runs the account ("GitHub"); may be empty. */
  issuer: string;
  /** Which account at the issuer ("alice@example.com"); may be empty. */
  account: string;
}

/** Time-based, RFC 6238. */
export interface TotpParams extends OtpCommon {
  kind: 'totp';
  algorithm: Algorithm;
  digits: number;
  /** Time step X in seconds (RFC 6238 §4.1), integer >= 1. */
  period: number;
}

/** Counter-based, RFC 4226. The counter is the value the NEXT code is computed from. */
export interface HotpParams extends OtpCommon {
  kind: 'hotp';
  algorithm: Algorithm;
  digits: number;
  /** 64-bit moving factor C (RFC 4226 §5.1), 0 <= counter < 2^64. */
  counter: bigint;
}

/** Steam Guard: TOTP SHA-1 / 30 s, rendered as 5 characters of Steam's alphabet. */
export interface SteamParams extends OtpCommon {
  kind: 'steam';
}

export type OtpParams = TotpParams | HotpParams | SteamParams;
export type OtpKind = OtpParams['kind'];

/** Steam's fixed parameters (Aegis SteamInfo; Valve's mobile app). */
export const STEAM_PERIOD = 30;
export const STEAM_DIGITS = 5;
