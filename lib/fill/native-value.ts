import { FillError, text } from './errors';

/**
 * Sets an input's value through HTMLInputElement.prototype's own `value` setter, from the element's
 * own window (an iframe has its own prototypes).
 *
 * Why not `field.value = v`: React installs an own `value` accessor on each controlled <input>
 * (react-dom inputValueTracking.js, `trackValueOnNode`) that records the value and then calls the
 * prototype setter. Assigning through it tells React's tracker the new value is already known, so
 * its input-event handler sees "no change" and the next render restores the old state. Calling the
 * prototype setter leaves the tracker behind, exactly as a user's keystroke does, so the input event
 * that follows is seen as a change. Vue, Angular, Preact and Lit read `event.target.value` in their
 * input listeners, which this path satisfies as well.
 */
export function setNativeValue(field: HTMLInputElement, value: string, index: number): void {
  const setter = nativeValueSetter(field);
  if (setter === undefined) {
    throw new FillError('no-native-setter', text('content_fill_no_native_setter'), index);
  }
  setter.call(field, value);
}

function nativeValueSetter(field: HTMLInputElement): ((this: HTMLInputElement, v: string) => void) | undefined {
  const view = field.ownerDocument.defaultView;
  return view === null ? undefined : Object.getOwnPropertyDescriptor(view.HTMLInputElement.prototype, 'value')?.set;
}
