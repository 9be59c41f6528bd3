import en from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';
import { dynamicTruncate, hmacCounter } from './hmac';
import { type Algorithm, MAX_DIGITS, MIN_DIGITS } from './types';

export type OtpInputErrorCode = 'bad-digits' | 'bad-counter' | 'bad-period' | 'bad-time' | 'empty-secret';
export class OtpInputError extends TwofoldError<OtpInputErrorCode> {}

const text = textsOf(en);
const COUNTER_LIMIT = 1n << 64n;

/** Checks a code length against what we support (4 to 10; RFC 4226 §5.3 itself asks for >= 6). */
export function assertDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new OtpInputError('bad-digits', text('core_otp_bad_digits', MIN_DIGITS, MAX_DIGITS, String(digits)));
  }
}

/** Accepts a counter as a safe integer or bigint and checks it fits the 8-byte field of RFC 4226 §5.1. */
export function toCounter(counter: bigint | number): bigint {
  if (typeof counter === 'number' && !Number.isSafeInteger(counter)) {
    throw new OtpInputError('bad-counter', text('core_otp_counter_not_whole', String(counter)));
  }
  const c = BigInt(counter);
  if (c < 0n || c >= COUNTER_LIMIT) {
    throw new OtpInputError('bad-counter', text('core_otp_counter_out_of_range', c.toString()));
  }
  return c;
}

/**
 * HOTP value (RFC 4226 §5.3): HMAC, dynamic truncation, then the last `digits` decimal digits,
 * zero-padded. With 10 digits the 31-bit value is shown whole.
 *
 * @example hotp(ascii('12345678901234567890'), 0n, { algorithm: 'SHA1', digits: 6 }) // '755224'
 */
export function hotp(
  secret: Uint8Array,
  counter: bigint | number,
  opts: { algorithm: Algorithm; digits: number },
): string {
  if (secret.length === 0) throw new OtpInputError('empty-secret', text('core_otp_empty_secret'));
  assertDigits(opts.digits);
  const value = dynamicTruncate(hmacCounter(opts.algorithm, secret, toCounter(counter)));
  return (value % 10 ** opts.digits).toString().padStart(opts.digits, '0');
}
