import { hotp } from './hotp';
import { steamCode } from './steam';
import { secondsLeft, totp } from './totp';
import { type OtpParams, STEAM_PERIOD } from './types';

export interface CurrentCode {
  code: string;
  /** Seconds the code stays valid, or undefined for HOTP (valid until used). */
  secondsLeft: number | undefined;
  /** The code's lifetime, for progress indicators; undefined for HOTP. */
  period: number | undefined;
}

/**
 * The code an account shows at `unixSeconds`. For HOTP this is the code for the stored counter;
 * advancing the counter is the vault's job (it must persist the new counter before showing a code).
 */
export function currentCode(params: OtpParams, unixSeconds: number): CurrentCode {
  switch (params.kind) {
    case 'totp':
      return {
        code: totp(params.secret, unixSeconds, params),
        secondsLeft: secondsLeft(unixSeconds, params.period),
        period: params.period,
      };
    case 'steam':
      return {
        code: steamCode(params.secret, unixSeconds),
        secondsLeft: secondsLeft(unixSeconds, STEAM_PERIOD),
        period: STEAM_PERIOD,
      };
    case 'hotp':
      return { code: hotp(params.secret, params.counter, params), secondsLeft: undefined, period: undefined };
  }
}
