/** Test helpers for lib/fill in a DOM environment (happy-dom). */

export interface Seen {
  type: string;
  /** The field's value when the listener ran. */
  value: string;
  key?: string;
  code?: string;
  keyCode?: number;
  charCode?: number;
  inputType?: string;
  data?: string | null;
  bubbles: boolean;
  composed: boolean;
  cancelable: boolean;
  isInputEvent?: boolean;
}

export const EVENT_TYPES = ['focus', 'keydown', 'keypress', 'beforeinput', 'input', 'keyup', 'change', 'blur'];

/** Records every event of EVENT_TYPES reaching `target` (listening on `at`, default the target). */
export function record(target: HTMLInputElement, at: EventTarget = target): Seen[] {
  const seen: Seen[] = [];
  const view = target.ownerDocument.defaultView as Window & typeof globalThis;
  for (const type of EVENT_TYPES) {
    at.addEventListener(
      type,
      (e) => {
        if (e.target !== target && at === target) return;
        const s: Seen = {
          type,
          value: target.value,
          bubbles: e.bubbles,
          composed: e.composed,
          cancelable: e.cancelable,
        };
        if (e instanceof view.KeyboardEvent) {
          Object.assign(s, { key: e.key, code: e.code, keyCode: e.keyCode, charCode: e.charCode });
        }
        if (e instanceof view.InputEvent)
          Object.assign(s, { inputType: e.inputType, data: e.data, isInputEvent: true });
        seen.push(s);
      },
      true,
    );
  }
  return seen;
}

export function html(markup: string): void {
  document.body.innerHTML = markup;
}

export function input(selector: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
}

export function inputs(selector: string): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>(selector)];
}

/**
 * Emulates React's value tracking on a controlled <input> (react-dom inputValueTracking.js):
 * an own `value` property on the node whose setter records the value before calling the prototype
 * setter; on `input`, React compares the node's real value with the recorded one and only calls
 * onChange when they differ; after the event, a controlled input is re-rendered to its state.
 */
export function reactLikeControlled(el: HTMLInputElement): { state: () => string; changes: string[] } {
  const desc = Object.getOwnPropertyDescriptor(
    (el.ownerDocument.defaultView as Window & typeof globalThis).HTMLInputElement.prototype,
    'value',
  ) as PropertyDescriptor;
  let tracked = el.value;
  let state = el.value;
  const changes: string[] = [];
  Object.defineProperty(el, 'value', {
    configurable: true,
    enumerable: desc.enumerable ?? false,
    get() {
      return desc.get?.call(this);
    },
    set(v: string) {
      tracked = `${v}`;
      desc.set?.call(this, v);
    },
  });
  el.addEventListener('input', () => {
    const actual = desc.get?.call(el) as string;
    if (actual !== tracked) {
      tracked = actual;
      state = actual; // onChange → setState(e.target.value)
      changes.push(actual);
    }
    // Controlled component re-render: the DOM is put back to the state value (through the tracker).
    if (el.value !== state) el.value = state;
  });
  return { state: () => state, changes };
}
