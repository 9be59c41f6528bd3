import { keyPropsFor } from './keys';
import { setNativeValue } from './native-value';

/** One insertion into one field, as a user's typing or pasting would produce it. */
export interface Insertion {
  /** The field's whole value afterwards. */
  value: string;
  /** The text inserted (InputEvent.data): the code, or one character of it for a segmented box. */
  data: string;
  /** 0-based position in the caller's `fields`, for error messages. */
  index: number;
}

/**
 * Focuses `field` and inserts text with the events a keyboard would fire, in the order UI Events
 * gives for a key that inserts a character ("Keyboard Event Order": keydown, keypress, beforeinput,
 * [DOM update], input, keyup), then `change`:
 *
 * 1. focus (focus/focusin, native) unless it already has focus;
 * 2. keydown then keypress for each character (keypress skipped when keydown was cancelled, as a
 *    browser does). Synthetic key events never insert text (UI Events "Trusted events": untrusted
 *    events trigger no default action), so this cannot type anything twice;
 * 3. unless the page's own key handlers already wrote the value (widgets that cancel keydown and
 *    insert themselves): a cancelable `beforeinput` (inputType insertText, Input Events Level 2);
 *    if the page cancels it the browser would not insert, so neither do we; otherwise the native
 *    value setter and an `input` InputEvent with the same inputType and data;
 * 4. keyup for each character, on this field (not on whichever box a handler moved focus to:
 *    keyup handlers that auto-advance expect the box that now has the character);
 * 5. `change` (bubbles, not composed, as HTML fires it): listeners that validate on commit.
 *
 * Events are built from the field's own window so frames and `instanceof` checks in the page agree.
 * They are untrusted (isTrusted false); a page that insists on trusted events cannot be filled from
 * script at all.
 */
export function typeInto(field: HTMLInputElement, insertion: Insertion): void {
  const view = field.ownerDocument.defaultView;
  if (view === null) return;
  const root = field.getRootNode() as Document | ShadowRoot;
  if (root.activeElement !== field) field.focus();

  const chars = [...insertion.data];
  const before = field.value;
  for (const ch of chars) {
    if (key(view, field, 'keydown', ch)) key(view, field, 'keypress', ch);
  }
  const pageTypedIt = field.value !== before && field.value === insertion.value;
  if (!pageTypedIt) {
    const init = { inputType: 'insertText', data: insertion.data, bubbles: true, composed: true };
    const proceed = field.dispatchEvent(new view.InputEvent('beforeinput', { ...init, cancelable: true }));
    if (proceed) {
      setNativeValue(field, insertion.value, insertion.index);
      field.dispatchEvent(new view.InputEvent('input', { ...init, cancelable: false }));
    }
  }
  for (const ch of chars) key(view, field, 'keyup', ch);
  field.dispatchEvent(new view.Event('change', { bubbles: true }));
}

/** Dispatches one key event; returns false if a listener cancelled it. */
function key(
  view: Window & typeof globalThis,
  field: HTMLInputElement,
  type: 'keydown' | 'keypress' | 'keyup',
  ch: string,
): boolean {
  const p = keyPropsFor(ch);
  // keypress carries the character code in keyCode, charCode and which; keydown/keyup carry the
  // virtual key code and charCode 0 (UI Events, "Legacy key models").
  const keyCode = type === 'keypress' ? p.charCode : p.keyCode;
  const charCode = type === 'keypress' ? p.charCode : 0;
  const init = {
    key: p.key,
    code: p.code,
    keyCode,
    charCode,
    which: keyCode,
    view,
    bubbles: true,
    cancelable: true,
    composed: true,
  };
  const event = new view.KeyboardEvent(type, init);
  // Some DOMs ignore the legacy init members; pin them on the event so page code reading them agrees.
  for (const [name, wanted] of [
    ['keyCode', keyCode],
    ['charCode', charCode],
    ['which', keyCode],
  ] as const) {
    if (event[name] !== wanted) Object.defineProperty(event, name, { value: wanted });
  }
  return field.dispatchEvent(event);
}
