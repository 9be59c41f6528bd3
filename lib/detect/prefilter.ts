/*
 * A cheap first look, run by the always-injected content script before it loads the detector
 * (entrypoints/autofill.ts): could this page hold a code field at all? Only inputs that take typed
 * text count; custom elements with an open shadow root count too, since their inputs are invisible
 * to a light-DOM query. Pages without either (most of the web's articles, feeds and media) never
 * load the detector.
 */

const TEXTLIKE =
  'input:not([type]),input[type=text],input[type=tel],input[type=number],input[type=password],input[type=search],input[type=email],input[type=url]';

/** Types that can never take a code; anything else (including invalid types like "code") might. */
export const NEVER = new Set([
  'hidden',
  'checkbox',
  'radio',
  'submit',
  'button',
  'reset',
  'file',
  'image',
  'range',
  'color',
  'date',
  'datetime-local',
  'month',
  'week',
  'time',
]);

export function mayHaveCodeField(root: Document | ShadowRoot): boolean {
  if (root.querySelector(TEXTLIKE)) return true;
  const inputs = root.querySelectorAll('input');
  for (const input of inputs) if (!NEVER.has(input.type)) return true;
  const all = root.querySelectorAll('*');
  for (const el of all) if (el.shadowRoot) return true;
  return false;
}
