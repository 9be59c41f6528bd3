import { describe, expect, it } from 'vitest';
import { OFFERS_PER_FRAME, OFFERS_PER_TAB, OfferBindings } from '../../../lib/offer/bindings';

let n = 0;
const random = (len: number) => {
  n++;
  return new Uint8Array(len).map((_, i) => (i < 4 ? (n >> (8 * i)) & 255 : 7));
};
const page = {
  tabId: 1,
  frameId: 0,
  origin: 'https://github.com',
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
    expect(b.ofFrame(token, { tabId: 1, frameId: 5 }).origin).toBe('https://github.com');
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

  it('keep a bounded number per tab, dropping the oldest of the frame with the most', () => {
    const b = new OfferBindings(random);
    const first = mint(b, { frameId: 1 });
    // Frames 1 to 5 take turns; frame 1 ends with the most (8), so its oldest goes when the tab is full.
    for (let i = 0; i < OFFERS_PER_TAB; i++) mint(b, { frameId: 1 + (i % 5) });
    expect(Object.keys(b.snapshot())).toHaveLength(OFFERS_PER_TAB);
    expect(() => b.hello(first, { tabId: 1, frameId: 50 })).toThrow(expect.objectContaining({ code: 'unknown-token' }));
  });

  it('let no frame push out another frame’s offers: a frame past its cap drops its own oldest (finding 7)', () => {
    const b = new OfferBindings(random);
    const top = mint(b);
    // A third-party frame plants many more fields than it may have offers.
    const planted = Array.from({ length: 3 * OFFERS_PER_TAB }, () =>
      mint(b, { frameId: 9, origin: 'https://ads.test' }),
    );
    expect(b.hello(top, { tabId: 1, frameId: 50 }).frameId).toBe(0);
    const kept = Object.values(b.snapshot()).filter((r) => r.frameId === 9);
    expect(kept).toHaveLength(OFFERS_PER_FRAME);
    // Its newest are kept, its oldest gone.
    expect(b.hello(planted.at(-1) as string, { tabId: 1, frameId: 51 }).frameId).toBe(9);
    expect(() => b.hello(planted[0] as string, { tabId: 1, frameId: 52 })).toThrow(
      expect.objectContaining({ code: 'unknown-token' }),
    );
  });

  it('when the tab is full, drop from the frame with the most offers, not the newcomer’s or the top frame’s', () => {
    const b = new OfferBindings(random);
    const top = mint(b);
    const frames = Math.ceil(OFFERS_PER_TAB / OFFERS_PER_FRAME) + 2;
    for (let f = 1; f <= frames; f++) for (let i = 0; i < OFFERS_PER_FRAME; i++) mint(b, { frameId: f });
    const all = Object.values(b.snapshot());
    expect(all.length).toBeLessThanOrEqual(OFFERS_PER_TAB);
    expect(b.hello(top, { tabId: 1, frameId: 50 }).frameId).toBe(0);
  });

  it('keep only the frame’s origin: never its URL, which a page can make megabytes long (finding 7)', () => {
    const b = new OfferBindings(random);
    const long = { ...page, url: `https://github.com/login?${'x'.repeat(100_000)}` } as typeof page;
    mint(b, long);
    const saved = JSON.stringify(b.snapshot());
    expect(saved).not.toContain('xxxx');
    expect(saved.length).toBeLessThan(300);
  });
});

describe('offers to save recovery codes a page shows (issue 15)', () => {
  it('keep the codes with the offer, and one such offer per tab: a page cannot pile codes up in storage.session', () => {
    const b = new OfferBindings(random);
    const codes = ['aaaa-1111', 'bbbb-2222', 'cccc-3333', 'dddd-4444'];
    const first = b.mint({ ...page, kind: 'recovery-list', codes, createdAt: 0 });
    const field = mint(b);
    const second = b.mint({ ...page, frameId: 3, kind: 'recovery-list', codes: codes.slice(1), createdAt: 0 });
    const other = b.mint({ ...page, tabId: 2, kind: 'recovery-list', codes, createdAt: 0 });
    const snap = b.snapshot();
    expect(Object.keys(snap).sort()).toEqual([field, second, other].sort());
    expect(snap[first]).toBeUndefined();
    expect(snap[second]?.codes).toEqual(codes.slice(1));
    // The snapshot is a copy: changing it changes nothing kept.
    snap[second]?.codes?.push('zzzz-9999');
    expect(b.snapshot()[second]?.codes).toEqual(codes.slice(1));
  });
});
