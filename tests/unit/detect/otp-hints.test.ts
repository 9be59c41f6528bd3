// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findOtpInputs } from '../../../lib/detect/otp-hints';

function names(html: string): string[] {
  document.body.innerHTML = html;
  return findOtpInputs(document).map((i) => i.name || i.id);
}

describe('first-pass code field hints', () => {
  it('finds autocomplete=one-time-code, whatever the type', () => {
    expect(names('<input name="a" autocomplete="one-time-code"><input name="b" type="password" autocomplete="One-Time-Code">')).toEqual(['a', 'b']);
  });
  it('finds inputs named like code fields', () => {
    expect(names('<input name="otp"><input id="totp_code"><input name="verification-code"><input name="two_factor_token">')).toEqual([
      'otp',
      'totp_code',
      'verification-code',
      'two_factor_token',
    ]);
  });
  it('ignores login, hidden, disabled and unrelated inputs', () => {
    expect(
      names(
        '<input name="username"><input type="password" name="password"><input type="hidden" name="otp"><input name="otp" disabled><input name="coupon_code"><input type="search" name="q">',
      ),
    ).toEqual([]);
  });
});
