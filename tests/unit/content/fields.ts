import type { Detection } from '../../../lib/detect/types';

/** A text input appended to the test document, with the given value. */
export function input(value = ''): HTMLInputElement {
  const el = document.createElement('input');
  el.value = value;
  document.body.append(el);
  return el;
}

/** A detection of the given kind over the given fields, as the detector reports a sure one. */
export const detection = (kind: Detection['kind'], ...fields: HTMLInputElement[]): Detection => ({
  kind,
  fields,
  confidence: 1,
  reasons: [],
});
