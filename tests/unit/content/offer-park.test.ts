// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detection as totpDetection } from './fields';

const sent: Record<string, unknown>[] = [];
vi.mock('../../../platform/content-runtime', () => ({
  extensionUrl: (path: string) => `chrome-extension://test${path}`,
  sendRequest: async (req: { type: string }) => {
    sent.push(req);
    return req.type === 'offer-open' ? { offer: 'token' } : {};
  },
}));

const { Offer } = await import('../../../entrypoints/content/offers');
const { grantTarget } = await import('../../../entrypoints/content/grant-target');

function field(id: string): HTMLInputElement {
  const input = document.createElement('input');
  input.id = id;
  document.body.append(input);
  input.getBoundingClientRect = () => new DOMRect(100, 100, 200, 30);
  return input;
}
const detection = (f: HTMLInputElement) => totpDetection('totp', f);
const hiddenReports = () => sent.filter((r) => r.type === 'offer-moved' && 'hidden' in r).map((r) => r.hidden);

beforeEach(() => {
  vi.useFakeTimers();
  sent.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('a parked offer (its field hidden but still in the page; issue 15 review)', () => {
  it('tells the background once when its field is hidden, and once when it is shown again', async () => {
    const f = field('code');
    const offer = await Offer.create(document, detection(f));
    if (!offer) throw new Error('no offer');
    offer.park();
    offer.park();
    expect(hiddenReports()).toEqual([true]);
    offer.update(detection(f));
    offer.update(detection(f));
    expect(hiddenReports()).toEqual([true, false]);
    expect(sent.find((r) => r.type === 'offer-moved' && 'hidden' in r)).toMatchObject({ offer: 'token' });
  });

  it('says when its field is on an enrolment step, and nothing when not', async () => {
    await Offer.create(document, detection(field('a')), true);
    await Offer.create(document, detection(field('b')));
    const opens = sent.filter((r) => r.type === 'offer-open');
    expect(opens[0]).toMatchObject({ enrol: true });
    expect(opens[1]).not.toHaveProperty('enrol');
  });
});

describe('which fields a fill grant fills (issue 15 review)', () => {
  const a = () => detection(field('a'));
  const b = () => detection(field('b'));

  it('drops a grant that names an offer whose field is parked, whatever else is pending or focused', () => {
    const named = a();
    const offers = [{ token: 'T1', parked: true, detection: named }];
    expect(grantTarget('T1', offers, b(), b())).toBeUndefined();
  });

  it('fills the named offer’s field when shown, else what was asked for, else the focused field, else a shown offer', () => {
    const shown = a();
    const other = b();
    const parked = detection(field('c'));
    const offers = [
      { token: 'P', parked: true, detection: parked },
      { token: 'S', parked: false, detection: shown },
    ];
    expect(grantTarget('S', offers, other, other)).toBe(shown);
    expect(grantTarget(undefined, offers, other, undefined)).toBe(other);
    expect(grantTarget(undefined, offers, undefined, other)).toBe(other);
    expect(grantTarget(undefined, offers, undefined, undefined)).toBe(shown);
  });
});
