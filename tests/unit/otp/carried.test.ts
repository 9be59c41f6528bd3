import { describe, expect, it } from 'vitest';
import { CARRIES_ALL, codesWouldChange, withUnknownsKept } from '../../../lib/otp/carried';
import type { OtpParams } from '../../../lib/otp/types';

const secret = new Uint8Array(20).map((_, i) => i + 3);
const names = { secret, issuer: 'Example', account: 'alice' };
const totp = (over: Partial<Extract<OtpParams, { kind: 'totp' }>> = {}): OtpParams => ({
  kind: 'totp',
  ...names,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  ...over,
});
const hotp = (counter: bigint, digits = 6): OtpParams => ({
  kind: 'hotp',
  ...names,
  algorithm: 'SHA1',
  digits,
  counter,
});
const steam: OtpParams = { kind: 'steam', ...names, issuer: 'Steam' };

describe('withUnknownsKept', () => {
  it('takes each parameter the source cannot carry from the stored account, and the names from the source', () => {
    const stored = totp({ period: 60, algorithm: 'SHA256', digits: 8 });
    const incoming = totp({ account: 'alice@work' });
    expect(withUnknownsKept(stored, incoming, ['algorithm', 'digits', 'counter'])).toEqual({
      ...incoming,
      period: 60,
    });
    expect(withUnknownsKept(stored, incoming, [])).toEqual({ ...stored, account: 'alice@work' });
    expect(withUnknownsKept(stored, incoming, ['digits', 'period'])).toEqual({
      ...incoming,
      algorithm: 'SHA256',
    });
    expect(withUnknownsKept(stored, incoming, CARRIES_ALL)).toEqual(incoming);
  });

  it('keeps an HOTP counter and digits the source cannot say', () => {
    expect(withUnknownsKept(hotp(42n, 8), hotp(0n), ['algorithm'])).toEqual(hotp(42n, 8));
    expect(withUnknownsKept(hotp(42n), hotp(7n), CARRIES_ALL)).toEqual(hotp(7n));
  });

  it('reads a TOTP from a source with no Steam type as the stored Steam account when it fits Steam', () => {
    const asTotp = totp({ issuer: 'Valve' });
    expect(withUnknownsKept(steam, asTotp, ['algorithm', 'digits', 'period', 'counter'])).toEqual({
      kind: 'steam',
      ...names,
      issuer: 'Valve',
    });
    // A source that can say Steam and did not, or settings Steam never has, is a real change.
    expect(withUnknownsKept(steam, asTotp, CARRIES_ALL)).toEqual(asTotp);
    const sixty = totp({ period: 60 });
    expect(withUnknownsKept(steam, sixty, ['algorithm', 'digits', 'period'])).toEqual(sixty);
    // …unless the period is unknown too (Google Authenticator's export).
    expect(withUnknownsKept(steam, totp(), ['algorithm', 'digits', 'counter']).kind).toBe('steam');
  });

  it('never turns one kind into another otherwise', () => {
    expect(withUnknownsKept(totp(), hotp(1n), [])).toEqual(hotp(1n));
    expect(withUnknownsKept(totp(), steam, [])).toEqual(steam);
  });
});

describe('codesWouldChange', () => {
  it('is true for other settings, false for other names only', () => {
    expect(codesWouldChange(totp(), totp({ period: 60 }))).toBe(true);
    expect(codesWouldChange(totp(), totp({ digits: 8 }))).toBe(true);
    expect(codesWouldChange(totp(), steam)).toBe(true);
    expect(codesWouldChange(totp(), totp({ issuer: 'Other', account: 'bob' }))).toBe(false);
  });
});
