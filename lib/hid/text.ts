import en from '../../locales/en/keys.json';
import { textsOf } from '../i18n/text';

/** What the hardware-key core says to users: Texts over the `keys` catalog (docs/i18n.md). */
export const text = textsOf(en);

/** A message key of the `keys` area. */
export type KeysMessageKey = keyof typeof en & string;
