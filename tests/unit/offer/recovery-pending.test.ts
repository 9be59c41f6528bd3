import { describe, expect, it } from 'vitest';
import {
  filled,
  MAX_PENDING,
  type PendingRecovery,
  SETTLE_MS,
  stepLeft,
  stepShown,
  tabChanged,
  verdictOf,
} from '../../../lib/offer/recovery-pending';

const O = 'https://example.com';
const fill = (list: PendingRecovery[] = [], code = 'abcd-1234', tabId = 1, at = 1000) =>
  filled(list, { accountId: 'a', code, tabId, origin: O, filledAt: at });

describe('pending recovery codes (issue 15, finding 4)', () => {
  it('a filled code waits; the next page without the code step makes it used (in time, or when the tab moves on)', () => {
    let list = fill();
    expect(verdictOf(list[0] as PendingRecovery, 2000)).toBe('pending');
    list = tabChanged(list, 1, false, 3000);
    expect(verdictOf(list[0] as PendingRecovery, 3000 + SETTLE_MS - 1)).toBe('pending');
    expect(verdictOf(list[0] as PendingRecovery, 3000 + SETTLE_MS)).toBe('used');
    expect(verdictOf(tabChanged(list, 1, false, 4000)[0] as PendingRecovery, 4000)).toBe('used');
  });

  it('the code step back on the first page after the fill means "ask"', () => {
    let list = tabChanged(fill(), 1, false, 3000);
    list = stepShown(list, 1, O, 3500);
    expect(verdictOf(list[0] as PendingRecovery, 3500)).toBe('ask');
    // It stays a question whatever the tab does next.
    expect(verdictOf(tabChanged(list, 1, false, 5000)[0] as PendingRecovery, 99_000)).toBe('ask');
  });

  it('a code step of another site or tab, or before any page loaded, changes nothing', () => {
    const left = tabChanged(fill(), 1, false, 3000);
    expect(verdictOf(stepShown(left, 2, O, 3500)[0] as PendingRecovery, 3500)).toBe('pending');
    expect(verdictOf(stepShown(left, 1, 'https://other.example', 3500)[0] as PendingRecovery, 3500)).toBe('pending');
    expect(verdictOf(stepShown(fill(), 1, O, 3500)[0] as PendingRecovery, 3500)).toBe('pending');
  });

  it('a tab closed before submitting means "ask"; closed after the next page it stays on course', () => {
    expect(verdictOf(tabChanged(fill(), 1, true, 2000)[0] as PendingRecovery, 2000)).toBe('ask');
    const left = tabChanged(fill(), 1, false, 3000);
    expect(verdictOf(tabChanged(left, 1, true, 3100)[0] as PendingRecovery, 3000 + SETTLE_MS)).toBe('used');
  });

  it('the same code filled again replaces its entry; past the cap the oldest become questions', () => {
    expect(fill(fill()).length).toBe(1);
    let list: PendingRecovery[] = [];
    for (let i = 0; i < MAX_PENDING + 2; i++) list = fill(list, `code-${i}`);
    expect(list.filter((p) => p.unsure).map((p) => p.code)).toEqual(['code-0', 'code-1']);
  });

  describe('a page that does not navigate (single-page apps)', () => {
    const here = { tabId: 1, frameId: 0, origin: O };
    const fillIn = (frameId: number) =>
      filled([], { accountId: 'a', code: 'abcd-1234', tabId: 1, frameId, origin: O, filledAt: 1000 });
    const never = () => false;

    it('the field and its form left: used once SETTLE_MS pass with no code step back', () => {
      const list = stepLeft(fillIn(0), here, 3000, never);
      expect(verdictOf(list[0] as PendingRecovery, 3000 + SETTLE_MS - 1)).toBe('pending');
      expect(verdictOf(list[0] as PendingRecovery, 3000 + SETTLE_MS)).toBe('used');
      // Said again later (the content script's reminder): the first time counts.
      expect(stepLeft(list, here, 9000, never)[0]?.stepLeftAt).toBe(3000);
    });

    it('the code step shown again (after, or already before the word came) means "ask"', () => {
      const after = stepShown(stepLeft(fillIn(0), here, 3000, never), 1, O, 3500);
      expect(verdictOf(after[0] as PendingRecovery, 99_000)).toBe('ask');
      const before = stepLeft(fillIn(0), here, 3000, (filledAt) => filledAt === 1000);
      expect(verdictOf(before[0] as PendingRecovery, 99_000)).toBe('ask');
    });

    it('another frame, tab or origin says nothing about this code; nor does a word after a page load', () => {
      for (const other of [
        { ...here, frameId: 3 },
        { ...here, tabId: 2 },
        { ...here, origin: 'https://evil.example' },
      ]) {
        expect(stepLeft(fillIn(0), other, 3000, never)[0]?.stepLeftAt).toBeUndefined();
      }
      const loaded = tabChanged(fillIn(0), 1, false, 2000);
      expect(stepLeft(loaded, here, 3000, never)[0]?.stepLeftAt).toBeUndefined();
    });
  });
});
