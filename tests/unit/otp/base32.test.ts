import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base32Error, decodeBase32, encodeBase32 } from '../../../lib/encoding/base32';
import { fromHex, hex, loadVectors } from '../vectors';

interface Base32File {
  cases: Array<{ decodedHex: string; encoded: string }>;
  normalisation: Array<{ input: string; hex: string; note: string }>;
  invalid: Array<{ input: string; reason: 'character' | 'empty'; position?: number; character?: string; note: string }>;
}
const v = loadVectors<Base32File>('base32.json');

describe('base32 (RFC 4648 §10 vectors)', () => {
  for (const c of v.cases.filter((c) => c.decodedHex !== '')) {
    it(`decodes ${c.encoded}`, () => {
      expect(hex(decodeBase32(c.encoded))).toBe(c.decodedHex);
    });
    it(`encodes ${c.decodedHex} unpadded`, () => {
      expect(encodeBase32(fromHex(c.decodedHex))).toBe(c.encoded.replace(/=+$/, ''));
    });
  }
});

describe('base32 normalisation', () => {
  for (const c of v.normalisation) {
    it(`accepts ${JSON.stringify(c.input)} (${c.note})`, () => {
      expect(hex(decodeBase32(c.input))).toBe(c.hex);
    });
  }
});

describe('base32 errors name the problem', () => {
  for (const c of v.invalid) {
    it(`rejects ${JSON.stringify(c.input)} (${c.note})`, () => {
      let caught: unknown;
      try {
        decodeBase32(c.input);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Base32Error);
      const err = caught as Base32Error;
      if (c.reason === 'empty') {
        expect(err.code).toBe('empty');
      } else {
        expect(err.code).toBe('invalid-character');
        expect(err.position).toBe(c.position);
        expect(err.character).toBe(c.character);
        // The error object keeps the character for the form; the message never shows it (a secret's
        // characters in an error end up in logs and screenshots; docs/architecture.md attack 13).
        expect(err.message).not.toContain(`'${c.character}'`);
        expect(err.message).toContain(`position ${c.position}`);
      }
    });
  }

  it('suggests the letter a mistyped digit stands for', () => {
    expect(() => decodeBase32('JBSW0Y3D')).toThrow(/did you mean O/);
  });

  it('rejects padding in the middle', () => {
    expect(() => decodeBase32('JBSW==Y3DP')).toThrow(
      expect.objectContaining({ code: 'misplaced-padding', position: 5 }),
    );
  });
});

describe('base32 properties', () => {
  it('decode(encode(bytes)) is the identity', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 128 }), (bytes) => {
        expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
      }),
    );
  });

  it('formatting noise (case, groups, dashes, padding) never changes the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(4), (bytes, pad) => {
        const canonical = encodeBase32(bytes);
        const noisy = `${canonical
          .toLowerCase()
          .replace(/(.{4})/g, '$1 ')
          .replace(/ (?=.{0,3}$)/, '-')}${'='.repeat(pad)}`;
        expect(decodeBase32(noisy)).toEqual(bytes);
      }),
    );
  });

  it('arbitrary text either decodes or throws a Base32Error, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          decodeBase32(text);
        } catch (e) {
          expect(e).toBeInstanceOf(Base32Error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
