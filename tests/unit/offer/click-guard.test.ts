import { describe, expect, it } from 'vitest';
import { judgeClick, Sightings, STABLE_MS } from '../../../lib/offer/click-guard';

const visible = (since: number) => ({ state: 'visible', since }) as const;

describe('a pick in the offer frame counts only when it is visible and still (issue 14, finding 2)', () => {
  it('refuses a pick IntersectionObserver v2 says is not visible, however long it was still', () => {
    expect(judgeClick({ now: 10_000, settledSince: 0, visibility: { state: 'hidden' } })).toBe('not-visible');
  });
  it('refuses a pick just after the frame appeared, moved or changed size', () => {
    expect(judgeClick({ now: 1000 + STABLE_MS - 1, settledSince: 1000, visibility: visible(0) })).toBe('too-soon');
  });
  it('accepts a visible, still frame; without IOv2 (Firefox) stillness alone', () => {
    expect(judgeClick({ now: 1000 + STABLE_MS, settledSince: 1000, visibility: visible(1000) })).toBe('ok');
    expect(judgeClick({ now: 1000 + STABLE_MS, settledSince: 1000, visibility: { state: 'unknown' } })).toBe('ok');
    expect(judgeClick({ now: 1000, settledSince: 1000, visibility: { state: 'unknown' } })).toBe('too-soon');
  });
});

describe('the entry must have been visible without a break for STABLE_MS (review finding 5)', () => {
  it('refuses a pick on an entry visible again only just now, in a frame that has long been still', () => {
    expect(judgeClick({ now: 10_000, settledSince: 0, visibility: visible(10_000 - STABLE_MS + 1) })).toBe('too-soon');
    expect(judgeClick({ now: 10_000, settledSince: 0, visibility: visible(10_000 - STABLE_MS) })).toBe('ok');
  });
  it('a cover that comes and goes restarts the run; reports of still visible do not', () => {
    const s = new Sightings<object>();
    const entry = {};
    expect(s.of(entry)).toEqual({ state: 'hidden' });
    s.seen(entry, true, 100);
    s.seen(entry, true, 900);
    expect(s.of(entry)).toEqual(visible(100));
    s.seen(entry, false, 1000);
    expect(s.of(entry)).toEqual({ state: 'hidden' });
    s.seen(entry, true, 1100);
    expect(s.of(entry)).toEqual(visible(1100));
    expect(judgeClick({ now: 1200, settledSince: 0, visibility: s.of(entry) })).toBe('too-soon');
  });
});
