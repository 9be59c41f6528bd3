import en from '../../locales/en/core.json';
import { type Text, textsOf } from '../i18n/text';
import type { OtpParams } from './types';

const text = textsOf(en);

/** How an account's codes are made, in one line: "TOTP · SHA1 · 6 digits · every 30 s". */
export function describeParams(p: OtpParams): Text {
  switch (p.kind) {
    case 'steam':
      return text('core_params_steam');
    case 'totp':
      return text('core_params_totp', p.algorithm, p.digits, p.period);
    case 'hotp':
      return text('core_params_hotp', p.algorithm, p.digits, p.counter.toString());
  }
}
