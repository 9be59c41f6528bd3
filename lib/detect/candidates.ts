/*
 * Which inputs can be code fields at all: every <input> under the root, in open shadow roots too, minus
 * the ones nobody can type into. Only attribute checks here; visibility (which may force layout) is asked
 * later, and only for inputs that scored as code fields.
 */

export type DetectRoot = Document | ShadowRoot | Element;

/**
 * Types a code field is rendered with (docs/detection.md "What a code field looks like": mostly text; also tel, number,
 * password, an invalid type="code" and no type at all -- the browser reports both of the last as "text").
 */
const CODE_TYPES = new Set(['text', 'tel', 'number', 'password']);

/** Guards against pathological nesting of shadow roots. */
const MAX_SHADOW_DEPTH = 32;

/**
 * Every <input> under `root` in tree order, descending into the open shadow root of every element
 * (web components, docs/detection.md "What a code field looks like"). Shadow contents are listed where their host is.
 */
export function collectInputs(root: DetectRoot): HTMLInputElement[] {
  const out: HTMLInputElement[] = [];
  if (isElement(root)) {
    if (root.localName === 'input') out.push(root as HTMLInputElement);
    if (root.shadowRoot) visit(root.shadowRoot, out, 1);
  }
  visit(root, out, 0);
  return out;
}

function visit(root: DetectRoot, out: HTMLInputElement[], depth: number): void {
  // One pass over the subtree's elements (a live collection: nothing is copied up front); the
  // per-element cost is a tag compare and a shadowRoot read.
  const all: ArrayLike<Element> =
    'getElementsByTagName' in root ? root.getElementsByTagName('*') : root.querySelectorAll('*');
  for (let i = 0, n = all.length; i < n; i++) {
    const el = all[i] as Element;
    if (el.localName === 'input') out.push(el as HTMLInputElement);
    const shadow = el.shadowRoot;
    if (shadow && depth < MAX_SHADOW_DEPTH) visit(shadow, out, depth + 1);
  }
}

export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

/**
 * Whether the input could take typed text at all: a code-shaped type, enabled, writable, and not hidden
 * from users by an attribute (type=hidden mirrors, aria-hidden validation inputs, inert or disabled
 * fieldsets). These are the "hidden state carriers" of docs/detection.md "Traps".
 */
export function isEligible(input: HTMLInputElement): boolean {
  if (!CODE_TYPES.has(input.type)) return false;
  if (input.disabled || input.readOnly || input.hidden) return false;
  if (input.getAttribute('aria-hidden') === 'true') return false;
  if (input.getAttribute('aria-disabled') === 'true') return false;
  if (input.closest('[aria-hidden="true"],[inert],fieldset[disabled]')) return false;
  return true;
}
