import { describe, expect, it } from 'vitest';
import { GRANT_TTL_MS, GrantStore } from '../../../lib/offer/grants';

/** A counter as randomness: every token differs, and the test controls the clock. */
function store() {
  let now = 1000;
  let n = 0;
  const grants = new GrantStore({
    now: () => now,
    random: (len) => {
      n++;
      return new Uint8Array(len).map((_, i) => (i === 0 ? n : 0));
    },
  });
  const tick = (ms: number) => {
    now += ms;
  };
  return { grants, tick };
}

const target = { tabId: 3, frameId: 5, origin: 'https://github.com' };
const grant = { ...target, accountId: 'acc', what: 'code' as const, crossSite: false };

describe('one-time fill grants', () => {
  it('give the grant once to its own tab, frame and origin', () => {
    const { grants } = store();
    const token = grants.create(grant);
    expect(grants.consume(token, target)).toMatchObject({ accountId: 'acc', what: 'code', crossSite: false });
    expect(() => grants.consume(token, target)).toThrow(expect.objectContaining({ code: 'unknown-token' }));
  });

  it.each([
    ['another tab', { ...target, tabId: 4 }],
    ['another frame', { ...target, frameId: 0 }],
    ['another origin', { ...target, origin: 'https://evil.test' }],
  ])('refuse %s and burn the grant', (_name, sender) => {
    const { grants } = store();
    const token = grants.create(grant);
    expect(() => grants.consume(token, sender)).toThrow(expect.objectContaining({ code: 'wrong-sender' }));
    expect(() => grants.consume(token, target)).toThrow(expect.objectContaining({ code: 'unknown-token' }));
  });

  it('expire after a few seconds', () => {
    const { grants, tick } = store();
    const token = grants.create(grant);
    tick(GRANT_TTL_MS + 1);
    expect(() => grants.consume(token, target)).toThrow(expect.objectContaining({ code: 'grant-expired' }));
  });

  it('are still good just before they expire', () => {
    const { grants, tick } = store();
    const token = grants.create(grant);
    tick(GRANT_TTL_MS);
    expect(grants.consume(token, target).accountId).toBe('acc');
  });

  it('are all dropped when the tab loads another page, and swept once expired', () => {
    const { grants, tick } = store();
    const token = grants.create(grant);
    grants.create({ ...grant, tabId: 9 });
    grants.forgetTab(3);
    expect(() => grants.consume(token, target)).toThrow(expect.objectContaining({ code: 'unknown-token' }));
    tick(GRANT_TTL_MS + 1);
    grants.create(grant);
    expect(grants.size).toBe(1);
  });

  it('refuse a token never issued', () => {
    const { grants } = store();
    expect(() => grants.consume('AAAAAAAAAAAAAAAAAAAAAAAA', target)).toThrow(
      expect.objectContaining({ code: 'unknown-token' }),
    );
  });
});
