import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { dynamicTruncate, hmacCounter } from './hmac';
import { OtpInputError } from './hotp';
import { timeStep } from './totp';
import { STEAM_DIGITS, STEAM_PERIOD } from './types';

const text = textsOf(en);

/** Steam Guard's output alphabet: digits and consonants that cannot be confused (Aegis OTP.java). */
const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/**
 * Steam Guard code: the RFC 6238 SHA-1 / 30 s value, written least-significant symbol first in base 26
 * of {@link STEAM_ALPHABET}, 5 symbols.
 *
 * @example steamCode(secret, 1511200518) // 'FR8RV' for 63BEDWCQZKTQWPESARIERL5DTTQFCJTK
 */
export function steamCode(secret: Uint8Array, unixSeconds: number): string {
  if (secret.length === 0) throw new OtpInputError('empty-secret', text('core_otp_empty_secret'));
  let value = dynamicTruncate(hmacCounter('SHA1', secret, timeStep(unixSeconds, STEAM_PERIOD)));
  let code = '';
  for (let i = 0; i < STEAM_DIGITS; i++) {
    code += STEAM_ALPHABET.charAt(value % STEAM_ALPHABET.length);
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}
