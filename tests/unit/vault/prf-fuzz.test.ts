import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlnopad } from '@scure/base';
import { VaultError } from '../../../lib/vault/errors';
import { prfSlots } from '../../../lib/vault/header';
import { checkPrfSlot, readPrfSlots } from '../../../lib/vault/prf-slot';

/** Values a header edited on disk could hold: any JSON-like value, byte strings included. */
const anything = fc.anything({
  withTypedArray: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
});

/** A PRF slot with any field replaced by anything, or dropped. */
const nearlySlot = fc.record(
  {
    id: fc.oneof(fc.uuid(), anything),
    type: fc.oneof(fc.constant('prf'), anything),
    credentialId: fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 1100 }), anything),
    prfSalt: fc.oneof(fc.uint8Array({ minLength: 30, maxLength: 34 }), anything),
    label: fc.oneof(fc.string({ maxLength: 80 }), anything),
    nonce: fc.oneof(fc.uint8Array({ minLength: 11, maxLength: 13 }), anything),
    wrappedKey: fc.oneof(fc.uint8Array({ minLength: 47, maxLength: 49 }), anything),
    createdAt: fc.oneof(fc.integer(), anything),
  },
  { requiredKeys: [] },
);

describe('checkPrfSlot on random headers (docs/vault-format.md "PRF key slot")', () => {
  it('accepts or throws a VaultError, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(nearlySlot, anything), (raw) => {
        try {
          const slot = checkPrfSlot(raw);
          expect(slot.type).toBe('prf');
          expect(slot.prfSalt).toHaveLength(32);
        } catch (e) {
          expect(e).toBeInstanceOf(VaultError);
          expect((e as VaultError).code).toBe('bad-header');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reading the PRF slots of any slot list never throws, and a bad slot is named rather than used', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(nearlySlot, anything), { maxLength: 8 }), (slots) => {
        const { slots: good, problems } = readPrfSlots({ slots });
        const prfTyped = slots.filter((s) => (s as { type?: unknown } | null)?.type === 'prf').length;
        expect(good.length + problems.length).toBe(prfTyped);
        expect(prfSlots({ slots })).toEqual(good);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('base64url as the PRF messages carry bytes (@scure/base base64urlnopad, relied on to be strict)', () => {
  it('round-trips any bytes, and decodes only what it would itself have written', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 60 }), (bytes, text) => {
        const encoded = base64urlnopad.encode(bytes);
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64urlnopad.decode(encoded)).toEqual(bytes);
        let decoded: Uint8Array | undefined;
        try {
          decoded = base64urlnopad.decode(text);
        } catch {
          decoded = undefined; // refused: not the one spelling of any byte string
        }
        if (decoded !== undefined) expect(base64urlnopad.encode(decoded)).toBe(text);
      }),
      { numRuns: 1000 },
    );
    // Node's own codec agrees.
    const sample = new Uint8Array([251, 255, 191, 0, 1, 62, 63]);
    expect(base64urlnopad.encode(sample)).toBe(Buffer.from(sample).toString('base64url'));
  });
});
