import { describe, expect, it } from 'vitest';
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
