import { describe, expect, it } from 'vitest';
import { OFFERS_PER_TAB, OfferBindings } from '../../../lib/offer/bindings';

let n = 0;
const random = (len: number) => {
  n++;
  return new Uint8Array(len).map((_, i) => (i < 4 ? (n >> (8 * i)) & 255 : 7));
};
const page = {
  tabId: 1,
  frameId: 0,
  origin: 'https://github.com',
  url: 'https://github.com/login',
  kind: 'totp' as const,
};
const mint = (b: OfferBindings, over: Partial<typeof page> = {}) => b.mint({ ...page, ...over, createdAt: 0 });

describe('offer tokens', () => {
  it('are random, URL-safe and long enough not to be guessed', () => {
    const b = new OfferBindings((len) => crypto.getRandomValues(new Uint8Array(len)));
    const tokens = new Set(Array.from({ length: 50 }, () => mint(b)));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('bind the first extension frame of the same tab that presents them; a second presenter is refused', () => {
    const b = new OfferBindings(random);
    const token = mint(b);
    expect(() => b.hello(token, { tabId: 2, frameId: 5 })).toThrow(expect.objectContaining({ code: 'wrong-sender' }));
    expect(b.hello(token, { tabId: 1, frameId: 5 })).toMatchObject({ boundFrameId: 5, origin: 'https://github.com' });
    expect(() => b.hello(token, { tabId: 1, frameId: 6 })).toThrow(expect.objectContaining({ code: 'already-bound' }));
    expect(() => b.hello(token, { tabId: 1, frameId: 5 })).toThrow(expect.objectContaining({ code: 'already-bound' }));
  });

  it('serve only the bound frame afterwards, and only the minting content frame for its reports', () => {
    const b = new OfferBindings(random);
    const token = mint(b);
    expect(() => b.ofFrame(token, { tabId: 1, frameId: 5 })).toThrow(expect.objectContaining({ code: 'wrong-sender' }));
    b.hello(token, { tabId: 1, frameId: 5 });
    expect(b.ofFrame(token, { tabId: 1, frameId: 5 }).url).toBe('https://github.com/login');
    expect(() => b.ofFrame(token, { tabId: 1, frameId: 0 })).toThrow(expect.objectContaining({ code: 'wrong-sender' }));
    expect(b.ofContent(token, { tabId: 1, frameId: 0, origin: 'https://github.com' }).kind).toBe('totp');
    expect(() => b.ofContent(token, { tabId: 1, frameId: 0, origin: 'https://evil.test' })).toThrow(
      expect.objectContaining({ code: 'wrong-sender' }),
    );
  });

  it('survive a worker restart through their snapshot, and are forgotten with their tab', () => {
    const b = new OfferBindings(random);
    const token = mint(b);
    b.hello(token, { tabId: 1, frameId: 5 });
    const restored = new OfferBindings(random, JSON.parse(JSON.stringify(b.snapshot())));
    expect(restored.ofFrame(token, { tabId: 1, frameId: 5 }).frameId).toBe(0);
    restored.forgetTab(1);
    expect(() => restored.ofFrame(token, { tabId: 1, frameId: 5 })).toThrow(
      expect.objectContaining({ code: 'unknown-token' }),
    );
  });

  it('never change the snapshot they were built from, so a binding made from it shows up as a change to persist', () => {
    // The background persists only when the new snapshot differs from what it read (offer-service.ts #state); a
    // binding written into the records it read would look unchanged and be lost where storage hands out copies
    // (Firefox), leaving the frame refused as "wrong sender".
    const token = mint(new OfferBindings(random));
    const read = { [token]: { ...page, createdAt: 0 } };
    const before = JSON.stringify(read);
    const b = new OfferBindings(random, read);
    b.hello(token, { tabId: 1, frameId: 5 });
    expect(JSON.stringify(read)).toBe(before);
    expect(JSON.stringify(b.snapshot())).not.toBe(before);
  });

  it('keep a bounded number per tab, dropping the oldest', () => {
    const b = new OfferBindings(random);
    const first = mint(b);
    for (let i = 0; i < OFFERS_PER_TAB; i++) mint(b);
    expect(Object.keys(b.snapshot())).toHaveLength(OFFERS_PER_TAB);
    expect(() => b.hello(first, { tabId: 1, frameId: 5 })).toThrow(expect.objectContaining({ code: 'unknown-token' }));
  });
});
