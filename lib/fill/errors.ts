import en from '../../locales/en/content.json';
import { TwofoldError } from '../errors';
import { type Text, textsOf } from '../i18n/text';

/** The fill texts, from the content area's catalog (the inline offer is what shows them). */
export const text = textsOf(en);

export type FillErrorCode =
  /** No field was given. */
  | 'no-fields'
  /** The code is the empty string. */
  | 'empty-code'
  /** A field is not in a document with a window (removed from the page, or in a detached document). */
  | 'field-detached'
  /** A field is type=hidden, has a hidden ancestor, or is not rendered (display:none, visibility:hidden). */
  | 'field-hidden'
  /** A field is disabled (its own attribute, a disabled fieldset, or an inert subtree). */
  | 'field-disabled'
  /** A field is readonly. */
  | 'field-readonly'
  /** A field is an input that does not take text (checkbox, file, date…). */
  | 'field-not-text'
  /** The same element appears twice among segmented boxes. */
  | 'duplicate-field'
  /** The code (or, in append mode, the existing value plus the code) exceeds the field's maxlength. */
  | 'too-long'
  /** Segmented boxes: fewer boxes than characters in the code. */
  | 'too-few-boxes'
  /** Segmented boxes: more boxes than characters in the code (the page wants a longer code). */
  | 'too-many-boxes'
  /** mode 'append' with more than one field: only a single combined password+code field appends. */
  | 'append-needs-one-field'
  /** The field's window has no HTMLInputElement value setter to call (a hostile or broken page). */
  | 'no-native-setter';

/**
 * Why a code was not filled. Messages (localisable Texts) never contain the code itself (a live second
 * factor); they name the field by its position and, where there is one, its id or name.
 */
export class FillError extends TwofoldError<FillErrorCode> {
  /** 0-based index into the `fields` argument of the field the error is about, when there is one. */
  readonly fieldIndex: number | undefined;
  constructor(code: FillErrorCode, message: Text, fieldIndex?: number) {
    super(code, message);
    this.fieldIndex = fieldIndex;
  }
}
