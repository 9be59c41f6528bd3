import { describe, expect, it } from 'vitest';
import { AUTO_FILL_SPACING_MS, AutoFillLimit } from '../../../lib/offer/auto-fill-limit';
import { judgeClick, STABLE_MS } from '../../../lib/offer/click-guard';

describe('a pick in the offer frame counts only when it is visible and still (issue 14, finding 2)', () => {
  it('refuses a pick IntersectionObserver v2 says is not visible, however long it was still', () => {
    expect(judgeClick({ now: 10_000, settledSince: 0, visible: false })).toBe('not-visible');
  });
  it('refuses a pick just after the frame appeared, moved or changed size', () => {
    expect(judgeClick({ now: 1000 + STABLE_MS - 1, settledSince: 1000, visible: true })).toBe('too-soon');
  });
  it('accepts a visible, still frame; without IOv2 (Firefox) stillness alone', () => {
    expect(judgeClick({ now: 1000 + STABLE_MS, settledSince: 1000, visible: true })).toBe('ok');
    expect(judgeClick({ now: 1000 + STABLE_MS, settledSince: 1000, visible: undefined })).toBe('ok');
    expect(judgeClick({ now: 1000, settledSince: 1000, visible: undefined })).toBe('too-soon');
  });
});

describe('automatic fills per tab (issue 14, finding 7)', () => {
  it('once per page load and once per 30 s', () => {
    const limit = new AutoFillLimit();
    expect(limit.take(1, 0)).toBe(true);
    expect(limit.take(1, 1)).toBe(false);
    expect(limit.take(2, 1)).toBe(true);
    limit.pageLoaded(1);
    expect(limit.take(1, AUTO_FILL_SPACING_MS - 1)).toBe(false);
    expect(limit.take(1, AUTO_FILL_SPACING_MS)).toBe(true);
    expect(limit.take(1, 3 * AUTO_FILL_SPACING_MS)).toBe(false);
    limit.forget(1);
    expect(limit.take(1, 3 * AUTO_FILL_SPACING_MS)).toBe(true);
  });
});
