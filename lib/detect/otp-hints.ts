/*
 * Compatibility entry point for the content script, which asks "how many authenticator-code fields does
 * this frame have". The detection itself lives in detect.ts.
 */
import type { DetectRoot } from './candidates';
import { defaultIsVisible, findTotpInputs } from './detect';

/** Inputs that take an authenticator (TOTP) code, segmented boxes as one entry per box, best detection first. */
export function findOtpInputs(root: ParentNode): HTMLInputElement[] {
  return findTotpInputs(root as DetectRoot, { isVisible: defaultIsVisible });
}
