import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../lib/encoding/base32';
import { currentCode } from '../../../lib/otp/code';
import { hotp, OtpInputError } from '../../../lib/otp/hotp';
import { steamCode } from '../../../lib/otp/steam';
import { secondsLeft, timeStep, totp } from '../../../lib/otp/totp';
import type { Algorithm } from '../../../lib/otp/types';
import { parseOtpauthUri } from '../../../lib/otp/uri';
import { fromHex, loadVectors } from '../vectors';

interface Vectors<C> {
  cases: C[];
}

describe('HOTP, RFC 4226 Appendix D', () => {
  const v =
    loadVectors<Vectors<{ secretHex: string; counter: number; code: string; digits: number }>>('rfc4226-hotp.json');
  it('has the ten RFC cases', () => expect(v.cases).toHaveLength(10));
  for (const c of v.cases) {
    it(`counter ${c.counter} -> ${c.code}`, () => {
      expect(hotp(fromHex(c.secretHex), c.counter, { algorithm: 'SHA1', digits: c.digits })).toBe(c.code);
    });
  }
});

describe('TOTP, RFC 6238 Appendix B', () => {
  const v =
    loadVectors<
      Vectors<{
        time: number;
        counterHex: string;
        algorithm: Algorithm;
        secretHex: string;
        period: number;
        digits: number;
        code: string;
      }>
    >('rfc6238-totp.json');
  it('covers all three hashes at six times', () => expect(v.cases).toHaveLength(18));
  for (const c of v.cases) {
    it(`${c.algorithm} at ${c.time} -> ${c.code}`, () => {
      expect(timeStep(c.time, c.period)).toBe(BigInt(`0x${c.counterHex}`));
      expect(totp(fromHex(c.secretHex), c.time, c)).toBe(c.code);
      // The 6-digit code is the last six digits (KeePassXC TestTotp).
      expect(totp(fromHex(c.secretHex), c.time, { ...c, digits: 6 })).toBe(c.code.slice(-6));
    });
  }
});

describe('TOTP, Bitwarden totp.rs vectors', () => {
  const v =
    loadVectors<
      Vectors<{
        name: string;
        key: string;
        algorithm: Algorithm;
        digits: number;
        period: number;
        time: number;
        code: string;
      }>
    >('bitwarden-totp.json');
  for (const c of v.cases) {
    it(c.name, () => {
      // `key` is what the user stored: a bare base32 secret or a whole otpauth URI.
      if (c.key.startsWith('otpauth://')) {
        const { params } = parseOtpauthUri(c.key);
        expect(params).toMatchObject({ kind: 'totp', algorithm: c.algorithm, digits: c.digits, period: c.period });
        expect(currentCode(params, c.time).code).toBe(c.code);
      } else {
        expect(totp(decodeBase32(c.key), c.time, c)).toBe(c.code);
      }
    });
  }
});

describe('Steam Guard vectors', () => {
  const v = loadVectors<Vectors<{ source: string; secretHex: string; time: number; code: string }>>('steam.json');
  for (const c of v.cases) {
    it(`${c.code} (${c.source})`, () => expect(steamCode(fromHex(c.secretHex), c.time)).toBe(c.code));
  }
});

describe('OTP inputs', () => {
  const key = new TextEncoder().encode('12345678901234567890');
  it('renders 4 to 10 digits, zero-padded', () => {
    // RFC 4226 App. D counter 0: truncated value 1284755224.
    expect(hotp(key, 0, { algorithm: 'SHA1', digits: 10 })).toBe('1284755224');
    expect(hotp(key, 0, { algorithm: 'SHA1', digits: 4 })).toBe('5224');
  });
  it('refuses digits outside 4..10 with a specific error', () => {
    for (const digits of [3, 11, 6.5]) {
      expect(() => hotp(key, 0, { algorithm: 'SHA1', digits })).toThrow(
        expect.objectContaining({ code: 'bad-digits' }),
      );
    }
  });
  it('accepts the full 64-bit counter range and no more', () => {
    const max = (1n << 64n) - 1n;
    expect(hotp(key, max, { algorithm: 'SHA1', digits: 6 })).toMatch(/^\d{6}$/);
    expect(() => hotp(key, max + 1n, { algorithm: 'SHA1', digits: 6 })).toThrow(OtpInputError);
    expect(() => hotp(key, -1, { algorithm: 'SHA1', digits: 6 })).toThrow(OtpInputError);
  });
  it('refuses an empty secret, a zero period and a negative time', () => {
    expect(() => hotp(new Uint8Array(), 0, { algorithm: 'SHA1', digits: 6 })).toThrow(
      expect.objectContaining({ code: 'empty-secret' }),
    );
    expect(() => totp(key, 59, { algorithm: 'SHA1', digits: 6, period: 0 })).toThrow(
      expect.objectContaining({ code: 'bad-period' }),
    );
    expect(() => totp(key, -1, { algorithm: 'SHA1', digits: 6, period: 30 })).toThrow(
      expect.objectContaining({ code: 'bad-time' }),
    );
  });
  it('works with a 1-second period and counts the seconds left', () => {
    expect(timeStep(1234.9, 1)).toBe(1234n);
    expect(secondsLeft(59, 30)).toBe(1);
    expect(secondsLeft(60, 30)).toBe(30);
    expect(secondsLeft(61.5, 30)).toBeCloseTo(28.5);
  });
});
