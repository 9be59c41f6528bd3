import en from '../../locales/en/lifecycle.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

export const text = textsOf(en);

/** 'cannot-clear': this browser gives Twofold no way to clear the clipboard once the popup has closed. */
export class ClipboardError extends TwofoldError<'cannot-clear'> {}
