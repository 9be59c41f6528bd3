// Public types of the test site, kept apart so pages/handlers can share them
// without importing the server module (which would be circular).

import type { LateShownVariant } from './late-shown';

export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** A second-factor page shape; each mimics a pattern seen on real sites. */
export type Variant =
  | 'plain'
  | 'autocomplete'
  | 'segmented'
  | 'late'
  | 'shadow'
  | 'iframe'
  | 'xorigin'
  | 'recovery'
  | 'sms'
  | 'react'
  | 'vue'
  | 'model'
  | LateShownVariant
  | 'dual';

export interface SiteUser {
  username: string;
  password: string;
  /** base32 TOTP secret. */
  secret: string;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  recoveryCodes?: string[];
}

export type SiteEventType =
  | 'login'
  | 'otp-ok'
  | 'otp-fail'
  | 'recovery-ok'
  | 'recovery-fail'
  | 'enrol-ok'
  | 'enrol-fail';

export interface SiteEvent {
  type: SiteEventType;
  /** The 2FA variant the event happened on; 'enrol' for the enrolment page. */
  variant: Variant | 'enrol';
  username: string;
  /** Site clock (the `now` option) in ms. */
  at: number;
}
