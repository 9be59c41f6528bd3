import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
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

  it('Key URIs with random parameter values: read exactly as docs/otpauth-policy.md says, or refused with a UriError', () => {
    // Well-formed URIs (scheme, type, label, query) whose parameters are random, in and out of range, so the
    // parser's own policy checks (5-9, 11) decide, not its URI splitting. The secrets are written by the
    // independent otpauth package.
    const opt = <T>(values: fc.Arbitrary<T>) => fc.option(values, { nil: undefined });
    const num = (min: number, max: number) => fc.integer({ min, max }).map(String);
    const shaped = fc.record({
      type: fc.constantFrom('totp', 'hotp', 'TOTP'),
      label: fc.string({ maxLength: 12 }),
      issuer: opt(fc.string({ maxLength: 12 }).filter((i) => !/steam/i.test(i))),
      secret: fc.oneof(
        fc
          .uint8Array({ minLength: 1, maxLength: 40 })
          .map((b) => ({ bytes: b, text: new OTPAuth.Secret({ buffer: b.slice().buffer }).base32 })),
        fc.constantFrom('', '0189', 'AB=CD', 'ſA').map((text) => ({ bytes: undefined, text })),
        fc.constant(undefined),
      ),
      algorithm: opt(
        fc.constantFrom('', 'SHA1', 'sha256', 'SHA-512', 'HmacSHA256', 'hmac-sha1', 'MD5', 'SHA224', 'SHA3-256'),
      ),
      digits: opt(fc.oneof(num(-1, 12), fc.constantFrom('', 'six', '6.5', '-6'))),
      period: opt(fc.oneof(num(-1, 100_000), fc.constantFrom('', '1.5', 'x'))),
      counter: opt(
        fc.oneof(
          fc.bigInt({ min: 0n, max: (1n << 64n) + 1n }).map(String),
          fc.constantFrom('', '-1', 'x', String((1n << 64n) - 1n), String(1n << 64n)),
        ),
      ),
      extra: opt(fc.constantFrom('image=x.png', 'foo=bar', 'icon=')),
    });
    const validAlgorithms: Record<string, string> = {
      '': 'SHA1',
      SHA1: 'SHA1',
      sha256: 'SHA256',
      'SHA-512': 'SHA512',
      HmacSHA256: 'SHA256',
      'hmac-sha1': 'SHA1',
    };
    const refusals = new Set<string>();
    let read = 0;
    fc.assert(
      fc.property(shaped, fc.infiniteStream(fc.nat()), (u, order) => {
        const query = [
          u.secret && `secret=${encodeURIComponent(u.secret.text)}`,
          u.issuer !== undefined && `issuer=${encodeURIComponent(u.issuer)}`,
          ...(['algorithm', 'digits', 'period', 'counter'] as const).map(
            (name) => u[name] !== undefined && `${name}=${encodeURIComponent(u[name] as string)}`,
          ),
          u.extra,
        ].filter((p): p is string => typeof p === 'string');
        const draw = order[Symbol.iterator]();
        query.sort(() => ((draw.next().value as number) % 3) - 1);
        const uri = `otpauth://${u.type}/${encodeURIComponent(u.label)}?${query.join('&')}`;
        const hotp = u.type === 'hotp';
        const algorithm = u.algorithm === undefined ? 'SHA1' : validAlgorithms[u.algorithm];
        const digits = u.digits === undefined || u.digits === '' ? 6 : /^\d+$/.test(u.digits) ? Number(u.digits) : NaN;
        const period = u.period === undefined || u.period === '' ? 30 : /^\d+$/.test(u.period) ? Number(u.period) : NaN;
        const counter =
          u.counter === undefined || u.counter === '' ? 0n : /^\d+$/.test(u.counter) ? BigInt(u.counter) : -1n;
        const valid =
          u.secret?.bytes !== undefined &&
          algorithm !== undefined &&
          digits >= 4 &&
          digits <= 10 &&
          (hotp ? counter >= 0n && counter < 1n << 64n : period >= 1);
        let params: OtpParams;
        try {
          params = parseOtpauthUri(uri).params;
        } catch (e) {
          expect(e, uri).toBeInstanceOf(UriError);
          expect(valid, uri).toBe(false);
          refusals.add((e as UriError).code);
          return;
        }
        read++;
        expect(valid, uri).toBe(true);
        expect(params, uri).toEqual(
          expect.objectContaining({
            kind: hotp ? 'hotp' : 'totp',
            secret: u.secret?.bytes,
            algorithm,
            digits,
            ...(hotp ? { counter } : { period }),
          }),
        );
      }),
      { numRuns: 2000 },
    );
    // Every policy check was reached, and URIs were read too.
    expect(read).toBeGreaterThan(0);
    expect([...refusals].sort()).toEqual([
      'bad-counter',
      'bad-digits',
      'bad-period',
      'bad-secret',
      'missing-secret',
      'unsupported-algorithm',
      'unsupported-digits',
    ]);
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
