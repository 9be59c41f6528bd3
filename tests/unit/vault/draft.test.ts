import { describe, expect, it } from 'vitest';
import { DraftError, draftToParams } from '../../../lib/vault/draft';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DraftError) return `${e.field}: ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('add-by-hand validation names the field and the problem', () => {
  const base = { issuer: 'GitHub', account: 'alice', secret: 'JBSWY3DPEHPK3PXP' };
  it('accepts a valid TOTP, HOTP and Steam draft', () => {
    expect(draftToParams(base).params).toMatchObject({ kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(
      draftToParams({ ...base, kind: 'hotp', counter: '42', digits: 8, algorithm: 'SHA512' }).params,
    ).toMatchObject({ kind: 'hotp', counter: 42n, digits: 8 });
    expect(draftToParams({ ...base, kind: 'steam' }).params.kind).toBe('steam');
  });
  it('points at a bad base32 character', () => {
    expect(fieldOf(() => draftToParams({ ...base, secret: 'JBSW0Y3D' }))).toMatch(
      /^secret: Invalid character at position 5/,
    );
  });
  it('points at unsupported digits, a bad period and a bad counter', () => {
    expect(fieldOf(() => draftToParams({ ...base, digits: 12 }))).toMatch(/^digits: Codes must have 4 to 10 digits/);
    expect(fieldOf(() => draftToParams({ ...base, period: 0 }))).toMatch(/^period:/);
    expect(fieldOf(() => draftToParams({ ...base, kind: 'hotp', counter: '-1' }))).toMatch(/^counter:/);
    expect(fieldOf(() => draftToParams({ ...base, kind: 'hotp', counter: '18446744073709551616' }))).toMatch(
      /^counter:/,
    );
  });
  it('asks for a name, and for a secret', () => {
    expect(fieldOf(() => draftToParams({ secret: 'JBSWY3DP' }))).toMatch(/^name:/);
    expect(fieldOf(() => draftToParams({ issuer: 'x' }))).toMatch(/^secret: The secret is empty/);
  });
  it('reads a pasted link, with typed names winning, and reports link errors as the uri field', () => {
    const { params } = draftToParams({ uri: 'otpauth://totp/Old:bob?secret=JBSWY3DP&issuer=Old', issuer: 'New' });
    expect(params).toMatchObject({ issuer: 'New', account: 'bob' });
    expect(fieldOf(() => draftToParams({ uri: 'otpauth://totp/a?secret=JBSWY3DP&digits=11' }))).toMatch(
      /^uri: Codes of 11 digits/,
    );
  });
});
