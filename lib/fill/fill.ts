import { FillError } from './errors';
import { assertFillable, describeField, maxLengthOf } from './fillable';
import { typeInto } from './type-text';

export interface FillOptions {
  /**
   * 'replace' (default): the field(s) end up holding exactly the code.
   * 'append': keep the single field's current value and add the code after it, for VPN and firewall
   * portals that take "password followed by code" in one field.
   */
  mode?: 'replace' | 'append';
}

export interface FillResult {
  /** The fields written, in order. */
  filled: HTMLInputElement[];
  /**
   * The fields' values read back after filling, concatenated. A page may reformat or reject what it
   * is given (an input mask, a handler that clears the box), so callers compare this with what they
   * expect instead of assuming the fill stuck.
   */
  valueAfter: string;
}

/**
 * Fills a one-time code into a login page so that the page, and the framework rendering it, accept
 * it as typed. `fields` is one input, or segmented boxes in character order (one box per character).
 *
 * Every field is checked before any is touched, so a refusal never leaves a half-filled form:
 * FillError 'no-fields', 'empty-code', 'field-detached', 'field-hidden', 'field-not-text',
 * 'field-disabled', 'field-readonly', 'duplicate-field', 'too-long' (maxlength), 'too-few-boxes',
 * 'too-many-boxes', 'append-needs-one-field'; and 'no-native-setter' from a page with no value setter.
 *
 * One field gets the whole code in one insertion; segmented boxes get one character each, focusing
 * box after box as a user would, so pages that move focus themselves or spread a value across
 * boxes end with each character once. See {@link typeInto} for the events.
 */
export function fillCode(fields: HTMLInputElement[], code: string, opts: FillOptions = {}): FillResult {
  const mode = opts.mode ?? 'replace';
  if (fields.length === 0) throw new FillError('no-fields', 'There is no field to fill the code into.');
  if (code === '') throw new FillError('empty-code', 'There is no code to fill.');
  fields.forEach(assertFillable);
  const chars = [...code];

  if (fields.length === 1) {
    const field = fields[0] as HTMLInputElement;
    const value = mode === 'append' ? field.value + code : code;
    // maxlength counts UTF-16 code units (WHATWG HTML §4.10.18.3 "length of the value").
    const max = maxLengthOf(field);
    if (value.length > max) {
      const what = mode === 'append' ? 'The current value plus the code is' : `The ${chars.length}-character code is`;
      throw new FillError(
        'too-long',
        `${what} longer than the ${max} characters the ${describeField(field, 0)} accepts (maxlength).`,
        0,
      );
    }
    typeInto(field, { value, data: code, index: 0 });
    return { filled: [field], valueAfter: field.value };
  }

  if (mode === 'append') {
    throw new FillError(
      'append-needs-one-field',
      `Appending a code needs one combined password-and-code field, not ${fields.length} boxes.`,
    );
  }
  if (fields.length < chars.length) {
    throw new FillError(
      'too-few-boxes',
      `The code has ${chars.length} characters but the page shows only ${fields.length} boxes.`,
    );
  }
  if (fields.length > chars.length) {
    throw new FillError(
      'too-many-boxes',
      `The page shows ${fields.length} boxes but the code has only ${chars.length} characters: this account's code does not fit this form.`,
    );
  }
  fields.forEach((field, i) => {
    if (fields.indexOf(field) !== i) {
      throw new FillError('duplicate-field', `The ${describeField(field, i)} is listed twice among the code boxes.`, i);
    }
    if (maxLengthOf(field) < 1) {
      throw new FillError('too-long', `The ${describeField(field, i)} accepts no characters (maxlength 0).`, i);
    }
  });
  chars.forEach((ch, i) => {
    const field = fields[i] as HTMLInputElement;
    // A page may re-render between keystrokes; typing into a box it removed would be lost silently.
    if (!field.isConnected) {
      const what = describeField(field, i);
      throw new FillError('field-detached', `The ${what} left the page while the code was being filled.`, i);
    }
    typeInto(field, { value: ch, data: ch, index: i });
  });
  return { filled: [...fields], valueAfter: fields.map((f) => f.value).join('') };
}
