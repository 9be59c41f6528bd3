import { describe, expect, it } from 'vitest';
import {
  filled,
  MAX_PENDING,
  type PendingRecovery,
  SETTLE_MS,
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
});
