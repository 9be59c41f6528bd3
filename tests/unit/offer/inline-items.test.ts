import { describe, expect, it } from 'vitest';
import { inlineItems } from '../../../entrypoints/offer-frame/inline-items';

const ITEMS = [
  { id: 'here', related: false },
  { id: 'sibling', related: true },
];

describe('related accounts inline only where visibility can be checked (review finding 4)', () => {
  it('without IntersectionObserver v2 (Firefox) lists this site’s accounts only and counts the others', () => {
    expect(inlineItems(ITEMS, false)).toEqual({ items: [{ id: 'here', related: false }], held: 1 });
  });
  it('with IOv2 lists them all', () => {
    expect(inlineItems(ITEMS, true)).toEqual({ items: ITEMS, held: 0 });
  });
});
