import en from '../../locales/en/submit.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

/** The automatic-submit texts (docs/auto-fill.md), from the submit area's catalog. */
export const text = textsOf(en);

export type SubmitErrorCode =
  /** After the page settled, the field(s) did not hold the code: the page changed or dropped it. */
  | 'not-stuck'
  /** The field left the page while it settled (the page re-rendered it). */
  | 'field-gone'
  /** The form's submit control is disabled: a person could not press it either. */
  | 'control-disabled'
  /** No form and no button that says it submits. */
  | 'no-control';

/** Why a filled code was not submitted; the code stays in the field for the person to check and send. */
export class SubmitError extends TwofoldError<SubmitErrorCode> {}
