/** What a detected code field asks for (docs/detection.md "Traps"). */
export type FieldKind =
  /** A code from an authenticator app (TOTP/HOTP): the only kind a vault code is offered to by default. */
  | 'totp'
  /** A code the site sent by SMS or e-mail. */
  | 'sms'
  /** A recovery / backup / scratch code. */
  | 'recovery'
  /**
   * Either an authenticator code or a recovery code ("Two-factor token or recovery code"; docs/detection.md "Traps").
   */
  | 'dual'
  /** A YubiKey OTP ("touch your key"): 44 modhex characters. */
  | 'yubico'
  /** One field that takes the password with the code appended (VPN and firewall portals). */
  | 'password-otp';

/** One place on the page that takes a code: a single input, or segmented boxes in digit order. */
export interface Detection {
  kind: FieldKind;
  /** The input(s) to fill: one element, or one per character in digit order for segmented boxes. */
  fields: HTMLInputElement[];
  /** 0..1; the content script offers a code only above its threshold. */
  confidence: number;
  /** Short words explaining the decision, for debugging and the eval output ("autocomplete", "label:verification code"). */
  reasons: string[];
}

/** Things the detector cannot compute from the DOM alone in every environment. */
export interface DetectOptions {
  /** Whether an element is rendered and visible (the content script uses Element.checkVisibility()). */
  isVisible(el: Element): boolean;
}
