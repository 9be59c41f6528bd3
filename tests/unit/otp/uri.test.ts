import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OtpParams } from '../../../lib/otp/types';
import { formatOtpauthUri, parseOtpauthUri, UriError } from '../../../lib/otp/uri';
import { hex, loadVectors } from '../vectors';

interface EdgeCase {
  policy: number;
  note: string;
  uri: string;
  expect?: Record<string, string | number>;
  warnings?: string[];
  error?: string;
}

/** The parsed account in the flat shape the vector files use. */
function flat(p: OtpParams): Record<string, string | number> {
  const { secret, ...rest } = p;
  const out: Record<string, string | number> = { secretHex: hex(secret) };
  for (const [k, v] of Object.entries(rest)) out[k] = typeof v === 'bigint' ? v.toString() : (v as string | number);
  return out;
}

describe('otpauth edge cases (docs/otpauth-policy.md)', () => {
  const { cases } = loadVectors<{ cases: EdgeCase[] }>('otpauth-edge-cases.json');
  for (const c of cases) {
    it(`policy ${c.policy}: ${c.note}`, () => {
      if (c.error) {
        expect(() => parseOtpauthUri(c.uri)).toThrow(expect.objectContaining({ code: c.error }));
        return;
      }
      const { params, warnings } = parseOtpauthUri(c.uri);
      expect(flat(params)).toEqual(c.expect);
      expect(warnings.map((w) => w.code).sort()).toEqual([...(c.warnings ?? [])].sort());
    });
  }
});

describe('Google Key-Uri-Format examples', () => {
  const { cases } = loadVectors<{
    cases: Array<{
      name: string;
      uri: string;
      type: string;
      issuer: string;
      account: string;
      secretHex: string;
      algorithm: string;
      digits: number;
      period: number;
    }>;
  }>('google-key-uri.json');
  for (const c of cases) {
    it(c.name, () => {
      const { params } = parseOtpauthUri(c.uri);
      expect(flat(params)).toEqual({
        kind: c.type,
        issuer: c.issuer,
        account: c.account,
        secretHex: c.secretHex,
        algorithm: c.algorithm,
        digits: c.digits,
        period: c.period,
      });
    });
  }
});

describe('error messages name the problem', () => {
  it('bad secret says where, never which character', () => {
    expect(() => parseOtpauthUri('otpauth://totp/a?secret=JBSW0Y3D')).toThrow(/^[^0]*at position 5[^0]*$/);
  });
  it('unsupported digits says the count and the range', () => {
    expect(() => parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DP&digits=12')).toThrow(/12 digits.*4 to 10/);
  });
  it('a wrong scheme names the scheme', () => {
    expect(() => parseOtpauthUri('https://example.com')).toThrow(/“https:\/\/”/);
  });
});

const text = fc.string({ unit: 'grapheme', maxLength: 24 }).map((s) => s.trim());
const common = { secret: fc.uint8Array({ minLength: 1, maxLength: 64 }), issuer: text, account: text };
const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const);
const account: fc.Arbitrary<OtpParams> = fc.oneof(
  fc.record({
    kind: fc.constant('totp' as const),
    ...common,
    algorithm,
    digits: fc.integer({ min: 4, max: 10 }),
    period: fc.integer({ min: 1, max: 86400 }),
  }),
  fc.record({
    kind: fc.constant('hotp' as const),
    ...common,
    algorithm,
    digits: fc.integer({ min: 4, max: 10 }),
    counter: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  }),
  fc.record({ kind: fc.constant('steam' as const), ...common }),
);

describe('otpauth properties', () => {
  it('parse(format(account)) gives the same account back, with no warnings', () => {
    fc.assert(
      fc.property(account, fc.constantFrom('host' as const, 'encoder' as const), (p, steam) => {
        const { params, warnings } = parseOtpauthUri(formatOtpauthUri(p, { steam }));
        expect(params).toEqual(p);
        expect(warnings).toEqual([]);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
  });

  it('arbitrary text never crashes the parser: it parses or throws a UriError', () => {
    const uriish = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc
        .tuple(
          fc.constantFrom('otpauth://totp/', 'otpauth://hotp/', 'otpauth://steam/', 'steam://', 'otpauth://'),
          fc.string({ maxLength: 100 }),
        )
        .map(([a, b]) => a + b),
      fc.webUrl().map((u) => u.replace(/^https?/, 'otpauth')),
    );
    fc.assert(
      fc.property(uriish, (t) => {
        try {
          parseOtpauthUri(t);
        } catch (e) {
          expect(e).toBeInstanceOf(UriError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('what the parser says (Texts over locales/*/core.json)', () => {
  it('names one or several unknown parameters, singular or plural', () => {
    const one = parseOtpauthUri('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&foo=1').warnings[0]?.message;
    expect(one).toMatchObject({ key: 'core_uri_unknown_parameters_one', english: 'Ignored unknown parameter: foo.' });
    const two = parseOtpauthUri('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&foo=1&bar=2').warnings[0]?.message;
    expect(two).toMatchObject({
      key: 'core_uri_unknown_parameters_other',
      english: 'Ignored unknown parameters: foo, bar.',
    });
  });

  it('nests the base32 decoder’s own reason in a bad secret’s message', () => {
    let error: UriError | undefined;
    try {
      parseOtpauthUri('otpauth://totp/A:b?secret=JBSW0');
    } catch (e) {
      error = e as UriError;
    }
    expect(error?.text?.key).toBe('core_uri_bad_secret');
    expect(error?.text?.subs[0]).toMatchObject({ key: 'core_base32_invalid_character_hint' });
    expect(error?.message).toBe(
      'The secret parameter is not valid base32. Invalid character at position 5: a base32 secret uses only the letters A–Z and the digits 2–7 (did you mean O?).',
    );
  });
});
