import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { hotp, OtpInputError } from './hotp';
import type { Algorithm } from './types';

const text = textsOf(en);

export function assertPeriod(period: number): void {
  if (!Number.isSafeInteger(period) || period < 1) {
    throw new OtpInputError('bad-period', text('core_otp_bad_period', String(period)));
  }
}

/**
 * The time step counter T = floor((now - T0) / X) of RFC 6238 §4.2, with T0 = 0. Computed as a
 * bigint so times past 2038 (and RFC 6238 App. B's 20000000000) need no special care.
 */
export function timeStep(unixSeconds: number, period: number): bigint {
  assertPeriod(period);
  if (!Number.isFinite(unixSeconds) || unixSeconds < 0) {
    throw new OtpInputError('bad-time', text('core_otp_bad_time', String(unixSeconds)));
  }
  return BigInt(Math.floor(unixSeconds / period));
}

/** Seconds until the code for `unixSeconds` changes; always in (0, period]. */
export function secondsLeft(unixSeconds: number, period: number): number {
  assertPeriod(period);
  return period - (unixSeconds % period);
}

/**
 * TOTP value (RFC 6238 §4): HOTP over the time step. The clock is a parameter, never read here.
 *
 * @example totp(seed20, 59, { algorithm: 'SHA1', digits: 8, period: 30 }) // '94287082'
 */
export function totp(
  secret: Uint8Array,
  unixSeconds: number,
  opts: { algorithm: Algorithm; digits: number; period: number },
): string {
  return hotp(secret, timeStep(unixSeconds, opts.period), opts);
}
