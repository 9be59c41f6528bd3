import type { OtpParams } from './types';

/** How an account's codes are made, in one line: "TOTP · SHA1 · 6 digits · every 30 s". */
export function describeParams(p: OtpParams): string {
  switch (p.kind) {
    case 'steam':
      return 'Steam Guard · 5 characters · every 30 s';
    case 'totp':
      return `TOTP · ${p.algorithm} · ${p.digits} digits · every ${p.period} s`;
    case 'hotp':
      return `HOTP · ${p.algorithm} · ${p.digits} digits · counter ${p.counter}`;
  }
}
