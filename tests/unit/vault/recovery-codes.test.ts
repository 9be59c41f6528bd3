import { describe, expect, it } from 'vitest';
import { markRecoveryUsed, mergeRecoveryCodes, unusedRecoveryCodes } from '../../../lib/vault/recovery-codes';

describe('recovery codes (issue 15, finding 4)', () => {
  it('merging keeps stored codes and their used state, and appends only new codes', () => {
    const stored = [{ code: 'kq7m-x2pd', usedAt: 1000 }, { code: 't9vn-h4rc' }];
    const { codes, added } = mergeRecoveryCodes(stored, ['KQ7MX2PD', 't9vn-h4rc', 'b3zw-m8fj', ' p6ls-q1ye ', '']);
    expect(codes).toEqual([
      { code: 'kq7m-x2pd', usedAt: 1000 },
      { code: 't9vn-h4rc' },
      { code: 'b3zw-m8fj' },
      { code: 'p6ls-q1ye' },
    ]);
    expect(added).toBe(2);
    // The input is not changed.
    expect(stored).toEqual([{ code: 'kq7m-x2pd', usedAt: 1000 }, { code: 't9vn-h4rc' }]);
  });

  it('a duplicate inside the incoming list counts once', () => {
    expect(mergeRecoveryCodes([], ['abcd-1234', 'ABCD1234']).added).toBe(1);
  });

  it('marking used sets usedAt on that code only, once', () => {
    const stored = [{ code: 'kq7m-x2pd' }, { code: 't9vn-h4rc' }];
    const once = markRecoveryUsed(stored, 'KQ7M X2PD', 5000);
    expect(once).toEqual([{ code: 'kq7m-x2pd', usedAt: 5000 }, { code: 't9vn-h4rc' }]);
    expect(markRecoveryUsed(once, 'kq7m-x2pd', 9000)[0]?.usedAt).toBe(5000);
    expect(markRecoveryUsed(stored, 'zzzz-9999', 5000)).toEqual(stored);
    expect(unusedRecoveryCodes(once)).toEqual([{ code: 't9vn-h4rc' }]);
  });
});
