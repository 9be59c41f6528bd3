// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findOtpInputs } from '../../../lib/detect/otp-hints';

function names(html: string): string[] {
  document.body.innerHTML = html;
  return findOtpInputs(document).map((i) => i.name || i.id);
}

describe('findOtpInputs (content-script compatibility entry)', () => {
  it('finds autocomplete=one-time-code, whatever the type', () => {
    expect(
      names(
        '<input name="a" autocomplete="one-time-code"><input name="b" type="password" autocomplete="One-Time-Code">',
      ).sort(),
    ).toEqual(['a', 'b']);
  });
  it('finds inputs named like code fields', () => {
    expect(
      names(
        '<input name="otp"><input id="totp_code"><input name="verification-code"><input name="two_factor_token">',
      ).sort(),
    ).toEqual(['otp', 'totp_code', 'two_factor_token', 'verification-code']);
  });
  it('ignores login, hidden, disabled and unrelated inputs', () => {
    expect(
      names(
        '<input name="username"><input type="password" name="password"><input type="hidden" name="otp"><input name="otp" disabled><input name="coupon_code"><input type="search" name="q">',
      ),
    ).toEqual([]);
  });
  it('ignores fields hidden by attribute or inline style (default visibility check)', () => {
    expect(
      names(
        '<div hidden><input name="otp"></div><input name="totp" style="display:none"><div style="visibility: hidden"><input name="mfa"></div>',
      ),
    ).toEqual([]);
  });
  it('returns only authenticator-code fields, not SMS or recovery ones', () => {
    expect(
      names(
        '<form><label for="r">Recovery code</label><input id="r"></form><form><p>We sent a code by SMS.</p><input name="sms_code"></form>',
      ),
    ).toEqual([]);
  });
  it('returns every box of a segmented group, in digit order', () => {
    const boxes = Array.from({ length: 6 }, (_, i) => `<input name="otp${i + 1}" maxlength="1">`).join('');
    expect(names(`<div>${boxes}</div>`)).toEqual(['otp1', 'otp2', 'otp3', 'otp4', 'otp5', 'otp6']);
  });
});
