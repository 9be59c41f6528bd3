// Server-side checks of second factors. TOTP is verified with the independent
// `otpauth` package, never with the extension's own lib/, so a bug there cannot
// hide itself by agreeing with its own output.

import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { logEvent, type Store, type UserRecord } from './state';
import type { Algorithm, Variant } from './types';

/** ±1 period, the usual server tolerance for clock skew. */
const WINDOW = 1;

export function totpMatches(
  secret: string,
  code: string,
  params: { algorithm: Algorithm; digits: number; period: number },
  timestamp: number,
): boolean {
  const token = code.replace(/\s+/g, '');
  if (!/^\d+$/.test(token)) return false;
  const { algorithm, digits, period } = params;
  return (
    TOTP.validate({
      token,
      secret: Secret.fromBase32(secret),
      algorithm,
      digits,
      period,
      timestamp,
      window: WINDOW,
    }) !== null
  );
}

function normaliseRecovery(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Checks a code entered on the 2FA page of `variant` and records the outcome
 * in the event log. Recovery codes and SMS codes are single-use.
 */
export function checkSecondFactor(store: Store, user: UserRecord, variant: Variant, code: string): boolean {
  // The dual field takes an unused recovery code too; anything else is checked as a TOTP code.
  if (variant === 'recovery' || (variant === 'dual' && unusedRecovery(user, code))) {
    const wanted = normaliseRecovery(code);
    const hit = user.recoveryCodes.find((c) => normaliseRecovery(c) === wanted && !user.usedRecoveryCodes.has(c));
    if (wanted && hit) user.usedRecoveryCodes.add(hit);
    logEvent(store, wanted && hit ? 'recovery-ok' : 'recovery-fail', variant, user.username);
    return Boolean(wanted && hit);
  }
  let ok: boolean;
  if (variant === 'sms') {
    ok = user.smsCode !== null && code.trim() === user.smsCode;
    if (ok) user.smsCode = null;
  } else {
    ok = user.secret !== null && totpMatches(user.secret, code, user, store.now());
  }
  logEvent(store, ok ? 'otp-ok' : 'otp-fail', variant, user.username);
  return ok;
}

function unusedRecovery(user: UserRecord, code: string): boolean {
  const wanted = normaliseRecovery(code);
  return (
    wanted !== '' && user.recoveryCodes.some((c) => normaliseRecovery(c) === wanted && !user.usedRecoveryCodes.has(c))
  );
}

/**
 * "Sends" an SMS: a fresh random code that tests read from /__test/last-sms.
 * It is redrawn if it happens to equal a currently valid TOTP code, so a test
 * that fills the TOTP here reliably fails.
 */
export function sendSms(store: Store, user: UserRecord): string {
  let code: string;
  do {
    code = String(randomInt(1_000_000)).padStart(6, '0');
  } while (user.secret !== null && totpMatches(user.secret, code, user, store.now()));
  user.smsCode = code;
  return code;
}
