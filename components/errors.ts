import { failureCode } from '../lib/errors';
import { messageOf } from '../lib/i18n/translate';

/** What a failed callback tells the user: its message (in the user's language), and the field or reason `code` names. */
export interface Failure {
  message: string;
  code: string | undefined;
}

export function failureOf(e: unknown): Failure {
  return { message: messageOf(e), code: failureCode(e) };
}
