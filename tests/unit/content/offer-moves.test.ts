// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sent: { type: string }[] = [];
vi.mock('../../../platform/content-runtime', () => ({
  extensionUrl: (path: string) => `chrome-extension://test${path}`,
  sendRequest: async (req: { type: string }) => {
    sent.push(req);
    return req.type === 'offer-open' ? { offer: 'token' } : {};
  },
}));

const { Offer } = await import('../../../entrypoints/content/offers');

const moves = () => sent.filter((r) => r.type === 'offer-moved').length;
/** Lets MutationObserver callbacks and animation frames run. */
const settle = async (ms = 50) => {
  await vi.advanceTimersByTimeAsync(ms);
};

async function mount() {
  document.body.innerHTML = '<div id="wrap"><input id="code"></div>';
  const field = document.getElementById('code') as HTMLInputElement;
  field.getBoundingClientRect = () => new DOMRect(100, 100, 200, 30);
  const offer = await Offer.create(document, { kind: 'totp', fields: [field], confidence: 1, reasons: [] });
  if (!offer) throw new Error('no offer');
  await settle(200);
  sent.length = 0;
  return offer;
}

beforeEach(() => {
  vi.useFakeTimers();
  sent.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('the content script notices every move of the offer frame (review finding 5)', () => {
  it('puts its own styles back when the page rewrites the iframe element, and reports a move', async () => {
    const offer = await mount();
    const before = offer.frame.style.cssText;
    offer.frame.style.setProperty('left', '0px', 'important');
    offer.frame.style.setProperty('opacity', '0', 'important');
    await settle();
    expect(offer.frame.style.cssText).toBe(before);
    expect(moves()).toBeGreaterThan(0);
  });

  it('reports a change of an ancestor while the menu is open (a transform moves it without a resize)', async () => {
    const offer = await mount();
    offer.layout(true, false);
    await settle(200);
    sent.length = 0;
    document.body.style.transform = 'translateX(40px)';
    await settle();
    expect(moves()).toBeGreaterThan(0);
  });

  it('reports a change of the frame box while open (polled each animation frame)', async () => {
    const offer = await mount();
    offer.layout(true, false);
    await settle(200);
    sent.length = 0;
    offer.frame.getBoundingClientRect = () => new DOMRect(5, 5, 320, 300);
    await settle(100);
    expect(moves()).toBeGreaterThan(0);
  });

  it('a second move inside the 100 ms window is reported when it ends', async () => {
    const offer = await mount();
    offer.field.getBoundingClientRect = () => new DOMRect(120, 100, 200, 30);
    offer.place();
    expect(moves()).toBe(1);
    offer.field.getBoundingClientRect = () => new DOMRect(130, 100, 200, 30);
    offer.place();
    expect(moves()).toBe(1);
    await settle(150);
    expect(moves()).toBe(2);
  });
});
