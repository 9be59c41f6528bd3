import { describe, expect, it } from 'vitest';
import { OfferAsks, RETRY_MS } from '../../../entrypoints/content/offer-asks';

describe('which fields ask for an offer (review finding 18)', () => {
  it('a field whose offer was made never asks again', () => {
    const asks = new OfferAsks<object>();
    const field = {};
    expect(asks.begin(field, 0)).toBe(true);
    expect(asks.begin(field, 1)).toBe(false);
    expect(asks.begin(field, 10 * RETRY_MS)).toBe(false);
    expect(asks.mayRetry(field, 10 * RETRY_MS)).toBe(false);
  });
  it('a refused field asks again on a later scan, not at once', () => {
    const asks = new OfferAsks<object>();
    const field = {};
    expect(asks.begin(field, 0)).toBe(true);
    asks.refused(field, 100);
    expect(asks.begin(field, 100 + RETRY_MS - 1)).toBe(false);
    expect(asks.mayRetry(field, 100 + RETRY_MS - 1)).toBe(false);
    expect(asks.mayRetry(field, 100 + RETRY_MS)).toBe(true);
    expect(asks.begin(field, 100 + RETRY_MS)).toBe(true);
    // Asking again: no second ask while that one is on its way.
    expect(asks.begin(field, 100 + RETRY_MS)).toBe(false);
  });
  it('fields are independent', () => {
    const asks = new OfferAsks<object>();
    const a = {};
    const b = {};
    expect(asks.begin(a, 0)).toBe(true);
    expect(asks.begin(b, 0)).toBe(true);
  });
});
