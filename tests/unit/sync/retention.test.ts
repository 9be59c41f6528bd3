import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from '../../../lib/sync/join';
import { collect, TOMBSTONE_KEEP_MS } from '../../../lib/sync/retention';
import type { SyncState } from '../../../lib/sync/state';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import { HISTORY_KEEP_MS, replaceKeyPatch } from '../../../lib/vault/key-history';
import { TestDevice } from './device';
import { opArb, simulate, skewArb } from './simulate';

const DAY = 24 * 3600_000;
const T = Date.UTC(2026, 11, 1);

function account(id: string): Account {
  return {
    id,
    createdAt: T,
    updatedAt: T,
    otp: {
      kind: 'totp',
      secret: new Uint8Array(10).fill(1),
      issuer: id,
      account: '',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: [],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order: 0,
  };
}

describe('collecting old data', () => {
  it('never changes what a device shows, at any later time', () => {
    fc.assert(
      fc.property(
        fc.record({ ops: fc.array(opArb, { minLength: 5, maxLength: 60 }), skew: skewArb }),
        fc.constantFrom(0, 29 * DAY, 31 * DAY, 399 * DAY, 401 * DAY, 900 * DAY),
        ({ ops, skew }, later) => {
          const run = simulate(ops, skew);
          const now = run.now + later;
          for (const d of run.devices)
            expect(liveAccounts(collect(d.state, now), now)).toEqual(liveAccounts(d.state, now));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps a tombstone 400 days, then drops it with its fields', () => {
    const d = new TestDevice('aaaaaaaa0000000000000000aa');
    d.write(account('Mail'), T);
    d.remove('Mail', T + DAY);
    expect(collect(d.state, T + DAY + TOMBSTONE_KEEP_MS - DAY).accounts.Mail).toBeDefined();
    expect(collect(d.state, T + DAY + TOMBSTONE_KEEP_MS + DAY).accounts.Mail).toBeUndefined();
  });

  it('drops a previous key 30 days after its replacement, with its counter; an old state bringing it back changes nothing shown', () => {
    const d = new TestDevice('aaaaaaaa0000000000000000aa');
    d.write(account('GitHub'), T);
    d.edit('GitHub', T + DAY, (a) => ({
      ...a,
      ...replaceKeyPatch(a, { ...a.otp, secret: new Uint8Array(10).fill(2) }, T + DAY),
    }));
    const old: SyncState = d.state;
    const later = T + DAY + HISTORY_KEEP_MS + 1;
    const collected = collect(old, later);
    const entry = collected.accounts.GitHub as { keys: Record<string, unknown> };
    expect(Object.keys(entry.keys)).toHaveLength(1);
    expect(Object.keys((collect(old, T + 2 * DAY).accounts.GitHub as { keys: object }).keys)).toHaveLength(2);
    const again = join(collected, old);
    expect(liveAccounts(again, later)).toEqual(liveAccounts(collected, later));
    expect(collect(again, later)).toEqual(collected);
  });
});
