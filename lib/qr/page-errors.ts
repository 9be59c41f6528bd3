import fix from '../../locales/en/qrfix.json';
import en from '../../locales/en/qrnotice.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

export const text = textsOf({ ...en, ...fix });

/** The QR notice's refusals: the background was built without it, or the offer has no page QR code to scan. */
export class PageQrError extends TwofoldError<'unavailable' | 'none-found'> {}
