import { describe, expect, it } from 'vitest';
import { TabStatus } from '../../../entrypoints/background/tab-status';
import { decodeBase32 } from '../../../lib/encoding/base32';
import { hotp } from '../../../lib/otp/hotp';
import { parseKeyInput } from '../../../lib/otp/key-input';
import { decodeMigrationUri, encodeMigrationUris } from '../../../lib/otp/migration';
import { formatOtpauthUri, parseOtpauthUri } from '../../../lib/otp/uri';
import { loadVectors } from '../vectors';

const ascii = (s: string) => new TextEncoder().encode(s);
const sha1x6 = { algorithm: 'SHA1' as const, digits: 6 };

describe('HMAC keys', () => {
  it('follows a secret changed in place instead of reusing the old key', () => {
    const secret = ascii('12345678901234567890');
    expect(hotp(secret, 0, sha1x6)).toBe('755224'); // RFC 4226 App. D
    secret.set(ascii('abcdefghijabcdefghij'));
    expect(hotp(secret, 0, sha1x6)).toBe(hotp(ascii('abcdefghijabcdefghij'), 0, sha1x6));
    secret.fill(0);
    expect(hotp(secret, 0, sha1x6)).toBe(hotp(new Uint8Array(20), 0, sha1x6));
  });
});

describe('base32 accepts ASCII only and counts characters as the user sees them', () => {
  for (const [input, character, position] of [
    ['JBſWY3DP', 'ſ', 3],
    ['JBıWY3DP', 'ı', 3],
    ['JBﬆWY3DP', 'ﬆ', 3],
    ['😀JBSW', '😀', 1],
    ['JB😀', '😀', 3],
  ] as const) {
    it(`rejects ${input}`, () => {
      expect(() => decodeBase32(input)).toThrow(
        expect.objectContaining({ code: 'invalid-character', character, position }),
      );
    });
  }
  it('counts the characters before an emoji as one each', () => {
    expect(() => decodeBase32('😀😀JBSW0')).toThrow(expect.objectContaining({ character: '😀', position: 1 }));
  });
  it('reports positions in a pasted secret including leading spaces', () => {
    expect(() => parseKeyInput('   JBSW0')).toThrow(expect.objectContaining({ position: 8 }));
  });
});

describe('migration decoding', () => {
  it('gives every account its own secret buffer, not a view of the whole payload', () => {
    const { cases } = loadVectors<{ cases: Array<{ uri: string }> }>('migration.json');
    const { accounts } = decodeMigrationUri((cases[0] as { uri: string }).uri);
    for (const a of accounts) {
      expect(a.secret.byteOffset).toBe(0);
      expect(a.secret.buffer.byteLength).toBe(a.secret.length);
    }
  });
  it('refuses a batch size that is not a whole number >= 1', () => {
    const account = {
      kind: 'totp' as const,
      secret: ascii('x'),
      issuer: '',
      account: 'a',
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
    };
    expect(() => encodeMigrationUris([account], { batchId: 1, perQr: 0 })).toThrow(RangeError);
    expect(() => encodeMigrationUris([account], { batchId: 1, perQr: 2.5 })).toThrow(RangeError);
  });
});

describe('otpauth limits agree with the OTP core', () => {
  it('accepts any period the core accepts, well past 10 digits', () => {
    expect(parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DP&period=10000000000').params).toMatchObject({
      period: 10_000_000_000,
    });
  });
  it('writes names with lone surrogates instead of throwing', () => {
    const uri = formatOtpauthUri({ kind: 'steam', secret: ascii('x'), issuer: 'a\uD800b', account: '' });
    expect(parseOtpauthUri(uri).params.issuer).toBe('a\uFFFDb');
  });
});

describe('per-tab code field counts', () => {
  it('counts per frame, so a frame reporting again does not add up', () => {
    const status = new TabStatus();
    status.record(1, 0, 1);
    status.record(1, 0, 1);
    expect(status.otpFields(1)).toBe(1);
    expect(status.record(1, 5, 2)).toBe(3);
    status.forget(1);
    expect(status.otpFields(1)).toBe(0);
  });
});
