import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../lib/messaging/protocol';
import { fromAccountJson, toAccountJson } from '../../../lib/vault/account-data';
import {
  markRecoveryUsed,
  mergeRecoveryCodes,
  replacesRecoveryCodes,
  unusedRecoveryCodes,
} from '../../../lib/vault/recovery-codes';
import { sampleAccount } from './fixtures';

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

  it('a shown list with none of the unused stored codes is a new set: first, and the old unused ones superseded', () => {
    const stored = [{ code: 'kq7m-x2pd', usedAt: 1000 }, { code: 't9vn-h4rc' }, { code: 'b3zw-m8fj' }];
    const shown = ['n1aa-0001', 'n2bb-0002', 'n3cc-0003', 'n4dd-0004'];
    expect(replacesRecoveryCodes(stored, shown)).toBe(2);
    const { codes, added, superseded } = mergeRecoveryCodes(stored, shown, 7000);
    expect({ added, superseded }).toEqual({ added: 4, superseded: 2 });
    expect(codes).toEqual([
      ...shown.map((code) => ({ code })),
      { code: 'kq7m-x2pd', usedAt: 1000 },
      { code: 't9vn-h4rc', supersededAt: 7000 },
      { code: 'b3zw-m8fj', supersededAt: 7000 },
    ]);
    // Kept, but never offered again: the next code is the new set's first.
    expect(unusedRecoveryCodes(codes)[0]?.code).toBe('n1aa-0001');
    expect(unusedRecoveryCodes(codes)).toHaveLength(4);
  });

  it('a list sharing a code with the unused stored ones is the same set: nothing superseded, new codes after', () => {
    const stored = [{ code: 't9vn-h4rc' }];
    expect(replacesRecoveryCodes(stored, ['T9VN H4RC', 'zz11-2233'])).toBe(0);
    expect(mergeRecoveryCodes(stored, ['T9VN H4RC', 'zz11-2233'], 7000)).toEqual({
      codes: [{ code: 't9vn-h4rc' }, { code: 'zz11-2233' }],
      added: 1,
      superseded: 0,
    });
    // Nothing unused stored: nothing to replace.
    expect(replacesRecoveryCodes([{ code: 'a', usedAt: 1 }], ['b'])).toBe(0);
  });

  it('supersededAt survives the vault record and an edit from the popup (docs/vault-format.md)', () => {
    const recoveryCodes = [{ code: 'n1aa-0001' }, { code: 'old1-0001', supersededAt: 7000 }];
    const a = sampleAccount({ recoveryCodes });
    expect(fromAccountJson(toAccountJson(a), a.id, a.createdAt).recoveryCodes).toEqual(recoveryCodes);
    const patch = { type: 'account-update', id: 'x', patch: { recoveryCodes } };
    expect(parseRequest(patch)).toMatchObject({ patch: { recoveryCodes } });
  });
});
