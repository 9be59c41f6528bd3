import type { Text } from '../i18n/text';
import { FillError, text } from './errors';

/**
 * Input types whose value is free text a code can go into (WHATWG HTML §4.10.5.1: the types to which
 * the `value` IDL attribute applies in mode "value" with text-like sanitization). `number` is
 * included because some sites use it for digit-only codes.
 */
const TEXT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number']);
/** Types to which the maxlength attribute applies (WHATWG HTML §4.10.5.3 summary table). */
const MAXLENGTH_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password']);

/** "field 1 (#otp)", "field 2 ([name=code])" or "field 3": enough to tell the user or a log which field, never its value. */
export function describeField(field: HTMLInputElement, index: number): Text {
  const which = field.id ? `#${field.id}` : field.name ? `[name=${field.name}]` : '';
  return which ? text('content_fill_field_named', index + 1, which) : text('content_fill_field', index + 1);
}

/**
 * Throws a {@link FillError} unless a user could type into `field`: connected to a document with a
 * window, a text-like type, rendered, enabled, not readonly. A user cannot type into such fields, and
 * a page may keep decoy fields like these to catch autofill.
 */
export function assertFillable(field: HTMLInputElement, index: number): void {
  const what = describeField(field, index);
  if (!field.isConnected || field.ownerDocument.defaultView === null) {
    throw new FillError('field-detached', text('content_fill_detached', what), index);
  }
  if (field.type === 'hidden' || isHidden(field)) {
    throw new FillError('field-hidden', text('content_fill_hidden', what), index);
  }
  if (!TEXT_TYPES.has(field.type)) {
    throw new FillError('field-not-text', text('content_fill_not_text', what, field.type), index);
  }
  if (isDisabled(field)) {
    throw new FillError('field-disabled', text('content_fill_disabled', what), index);
  }
  if (field.readOnly) {
    throw new FillError('field-readonly', text('content_fill_readonly', what), index);
  }
}

/** The field's maxlength when it applies to its type, else Infinity. */
export function maxLengthOf(field: HTMLInputElement): number {
  // maxLength reflects the attribute, -1 when absent or invalid (WHATWG HTML §4.10.18.3).
  return MAXLENGTH_TYPES.has(field.type) && field.maxLength >= 0 ? field.maxLength : Number.POSITIVE_INFINITY;
}

/** The parent in the composed tree: across a shadow root to its host. */
function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  // A ShadowRoot is a DocumentFragment (nodeType 11) with a host; checked structurally so a node from
  // another window (frame) is recognised too.
  return parent !== null && parent.nodeType === 11 && 'host' in parent ? (parent as ShadowRoot).host : null;
}

function isHidden(field: HTMLInputElement): boolean {
  const view = field.ownerDocument.defaultView;
  // The hidden attribute maps to display:none in the UA stylesheet (WHATWG HTML §15.3.1); checked
  // directly so environments without a UA stylesheet agree with browsers.
  for (let el: Element | null = field; el; el = composedParent(el)) {
    if (el.hasAttribute('hidden')) return true;
  }
  if (view === null) return true;
  // visibility:hidden on the field itself (inherited, so its computed value covers ancestors too).
  if (view.getComputedStyle(field).visibility === 'hidden') return true;
  if (typeof field.checkVisibility === 'function') {
    // CSSOM View checkVisibility(): false when the element or a flat-tree ancestor has display:none or
    // content-visibility:hidden. Opacity is deliberately not checked: segmented-code widgets often
    // type into a transparent input laid over drawn boxes.
    return !field.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
  }
  for (let el: Element | null = field; el; el = composedParent(el)) {
    if (view.getComputedStyle(el).display === 'none') return true;
  }
  return false;
}

function isDisabled(field: HTMLInputElement): boolean {
  if (field.disabled) return true;
  // WHATWG HTML §4.10.18.5: a control is disabled inside a disabled fieldset unless it is inside that
  // fieldset's first legend child. Checked by hand as not every DOM implements :disabled for it.
  for (
    let f = field.parentElement?.closest('fieldset[disabled]');
    f;
    f = f.parentElement?.closest('fieldset[disabled]')
  ) {
    const legend = [...f.children].find((c) => c.localName === 'legend');
    if (!legend?.contains(field)) return true;
  }
  // Inert subtrees (WHATWG HTML §6.3 "inert" attribute) cannot be focused or edited by the user.
  for (let el: Element | null = field; el; el = composedParent(el)) {
    if (el.hasAttribute('inert')) return true;
  }
  return false;
}
