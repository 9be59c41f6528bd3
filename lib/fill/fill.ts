import { FillError, text } from './errors';
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
  if (fields.length === 0) throw new FillError('no-fields', text('content_fill_no_fields'));
  if (code === '') throw new FillError('empty-code', text('content_fill_empty_code'));
  fields.forEach(assertFillable);
  const chars = [...code];

  if (fields.length === 1) {
    const field = fields[0] as HTMLInputElement;
    const value = mode === 'append' ? field.value + code : code;
    // maxlength counts UTF-16 code units (WHATWG HTML §4.10.18.3 "length of the value").
    const max = maxLengthOf(field);
    if (value.length > max) {
      const which = describeField(field, 0);
      const message =
        mode === 'append'
          ? text('content_fill_too_long_append', max, which)
          : text('content_fill_too_long', chars.length, max, which);
      throw new FillError('too-long', message, 0);
    }
    typeInto(field, { value, data: code, index: 0 });
    return { filled: [field], valueAfter: field.value };
  }

  if (mode === 'append') {
    throw new FillError('append-needs-one-field', text('content_fill_append_needs_one_field', fields.length));
  }
  if (fields.length < chars.length) {
    throw new FillError('too-few-boxes', text('content_fill_too_few_boxes', chars.length, fields.length));
  }
  if (fields.length > chars.length) {
    throw new FillError('too-many-boxes', text('content_fill_too_many_boxes', fields.length, chars.length));
  }
  fields.forEach((field, i) => {
    if (fields.indexOf(field) !== i) {
      throw new FillError('duplicate-field', text('content_fill_duplicate_field', describeField(field, i)), i);
    }
    if (maxLengthOf(field) < 1) {
      throw new FillError('too-long', text('content_fill_accepts_nothing', describeField(field, i)), i);
    }
  });
  chars.forEach((ch, i) => {
    const field = fields[i] as HTMLInputElement;
    // A page may re-render between keystrokes; typing into a box it removed would be lost silently.
    if (!field.isConnected) {
      throw new FillError('field-detached', text('content_fill_left_page', describeField(field, i)), i);
    }
    typeInto(field, { value: ch, data: ch, index: i });
  });
  return { filled: [...fields], valueAfter: fields.map((f) => f.value).join('') };
}
