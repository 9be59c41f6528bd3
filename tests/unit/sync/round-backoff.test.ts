import { describe, expect, it } from 'vitest';
import { nextRetry } from '../../../lib/sync/backoff';
import { SyncError, type SyncErrorCode } from '../../../lib/sync/errors';

/* Back-off after failed rounds (docs/sync-format.md "Failures"). */

const err = (code: SyncErrorCode, retryAfterMs?: number) =>
  new SyncError(code, code, retryAfterMs === undefined ? {} : { retryAfterMs });
const MIN = 60_000;
const mid = () => 0.5;

describe('nextRetry', () => {
  it('30 s, 1, 2, 4, 8, then 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => nextRetry(n, err('server'), mid))).toEqual([
      30_000,
      MIN,
      2 * MIN,
      4 * MIN,
      8 * MIN,
      15 * MIN,
      15 * MIN,
      15 * MIN,
    ]);
  });

  it('jitters by at most 20 % either way', () => {
    expect(nextRetry(2, err('offline'), () => 0)).toBe(0.8 * MIN);
    expect(nextRetry(2, err('offline'), () => 0.999_999)).toBeCloseTo(1.2 * MIN, -1);
  });

  it("the server's Retry-After wins", () => {
    expect(nextRetry(1, err('server', 90_000), mid)).toBe(90_000);
    expect(nextRetry(6, err('locked', 5_000), mid)).toBe(5_000);
  });

  it('a full server is tried at most hourly', () => {
    expect(nextRetry(1, err('full'), mid)).toBe(60 * MIN);
    expect(nextRetry(1, err('full', 2 * 60 * MIN), mid)).toBe(2 * 60 * MIN);
  });

  it('failures only the person can mend wait for the person', () => {
    for (const code of ['auth', 'forbidden', 'folder-missing', 'newer-version', 'other-sync'] as const)
      expect(nextRetry(1, err(code), mid), code).toBeUndefined();
  });
});
