/*
 * First-pass recognition of one-time-code inputs, enough for the content script to tell the
 * background "this frame has a code field". The full detector (segmented boxes, shadow roots,
 * languages, recovery/SMS classification) comes with the Autofill work (issue 4).
 */

const NAME_HINT = /(^|[^a-z])(otp|totp|mfa|2fa|two.?factor|one.?time|verification.?code|auth(entication)?.?code|security.?code|token)([^a-z]|$)/i;
const SKIP_TYPES = new Set(['hidden', 'password', 'email', 'checkbox', 'radio', 'submit', 'button', 'file', 'image', 'range', 'color', 'date', 'search']);

/** Whether an input looks like it takes a one-time code (WHATWG autocomplete "one-time-code" §4.10.18.7.1). */
export function looksLikeOtpInput(input: HTMLInputElement): boolean {
  if (input.disabled || input.type === 'hidden') return false;
  if ((input.getAttribute('autocomplete') ?? '').trim().toLowerCase() === 'one-time-code') return true;
  if (SKIP_TYPES.has(input.type)) return false;
  const names = [input.name, input.id, input.getAttribute('aria-label') ?? '', input.placeholder].join(' ');
  return NAME_HINT.test(names);
}

/** Code-like inputs directly under `root` (light DOM only in this first pass). */
export function findOtpInputs(root: ParentNode): HTMLInputElement[] {
  return [...root.querySelectorAll('input')].filter(looksLikeOtpInput);
}
