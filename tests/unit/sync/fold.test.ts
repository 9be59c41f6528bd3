import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tick } from '../../../lib/sync/clock';
import { foldDuplicates } from '../../../lib/sync/fold';
import { join } from '../../../lib/sync/join';
import type { SyncState } from '../../../lib/sync/state';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import { replaceKeyPatch } from '../../../lib/vault/key-history';
import { TestDevice } from './device';
import { opArb, simulate, skewArb, views } from './simulate';

const MIN = 60_000;
const T = Date.UTC(2026, 11, 1, 10, 0);
const key = (n: number) => new Uint8Array(10).fill(n);

function account(id: string, createdAt: number, over: Partial<Account> = {}): Account {
  return {
    id,
    createdAt,
    updatedAt: createdAt,
    otp: { kind: 'totp', secret: key(1), issuer: 'GitHub', account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 },
    sites: ['github.com'],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order: 0,
    ...over,
  };
}

/** A device's sync round: merge the other state, then fold, with a fresh stamp. */
function round(d: TestDevice, other: SyncState, now: number) {
  d.merge(other, now);
  const next = tick(d.hlc, now, d.id);
  d.hlc = next.hlc;
  const r = foldDuplicates(d.state, next.stamp, now);
  d.state = r.state;
  return r.folds;
}

describe('one key is one account', () => {
  it('two devices that added one key apart end with one account: the older one, with both sides’ data', () => {
    const a = new TestDevice('aaaaaaaa0000000000000000aa');
    const b = new TestDevice('bbbbbbbb0000000000000000bb');
    a.write(account('id-a', T, { sites: ['github.com'] }), T);
    b.write(account('id-b', T + MIN, { sites: ['gist.github.com'], recoveryCodes: [{ code: 'r1' }] }), T + MIN);
    b.edit('id-b', T + 2 * MIN, (x) => ({ ...x, otp: { ...x.otp, issuer: 'GitHub work' } }));
    a.edit('id-a', T + 2 * MIN + 1, (x) => ({ ...x, notes: 'from a' }));
    expect(round(a, b.state, T + 3 * MIN)).toEqual([{ survivor: 'id-a', folded: ['id-b'] }]);
    expect(round(b, a.state, T + 3 * MIN)).toEqual([]);
    const shown = a.accounts(T + 3 * MIN);
    expect(shown.map((x) => x.id)).toEqual(['id-a']);
    expect(shown[0]?.otp.issuer).toBe('GitHub work');
    expect(shown[0]?.notes).toBe('from a');
    expect(shown[0]?.sites).toEqual(['github.com', 'gist.github.com']);
    expect(shown[0]?.recoveryCodes.map((r) => r.code)).toEqual(['r1']);
    expect(b.accounts(T + 3 * MIN)).toEqual(shown);
  });

  it('two devices folding the same pair concurrently show the same account after they meet', () => {
    const a = new TestDevice('aaaaaaaa0000000000000000aa');
    const b = new TestDevice('bbbbbbbb0000000000000000bb');
    a.write(account('id-a', T, { sites: ['a.example'] }), T);
    b.write(account('id-b', T + MIN, { sites: ['b.example'] }), T + MIN);
    const sa = a.state;
    round(a, b.state, T + 2 * MIN);
    round(b, sa, T + 3 * MIN);
    // Before they meet, only the stamps of the two folds differ (so `updatedAt`), never a value.
    const values = (d: TestDevice) => d.accounts(T + 4 * MIN).map((x) => ({ ...x, updatedAt: 0 }));
    expect(values(b)).toEqual(values(a));
    round(a, b.state, T + 4 * MIN);
    round(b, a.state, T + 4 * MIN);
    expect(b.accounts(T + 5 * MIN)).toEqual(a.accounts(T + 5 * MIN));
    expect(values(a)).toEqual(values(b));
    expect(a.accounts(T + 5 * MIN).map((x) => [x.id, x.sites])).toEqual([['id-a', ['a.example', 'b.example']]]);
  });

  it('an account holding as its current key another’s previous key is folded into the older one', () => {
    const a = new TestDevice('aaaaaaaa0000000000000000aa');
    const b = new TestDevice('bbbbbbbb0000000000000000bb');
    a.write(account('id-a', T), T);
    a.edit('id-a', T + MIN, (x) => ({ ...x, ...replaceKeyPatch(x, { ...x.otp, secret: key(2) }, T + MIN) }));
    // b still has the old key, under another id (added before the two first synced).
    b.write(account('id-b', T - MIN), T - MIN);
    round(a, b.state, T + 3 * MIN);
    const shown = a.accounts(T + 3 * MIN);
    expect(shown.map((x) => x.id)).toEqual(['id-b']);
    expect(shown[0]?.otp.secret).toEqual(key(2));
    expect(shown[0]?.history?.map((h) => h.otp.secret)).toEqual([key(1)]);
  });

  it('an edit made to the folded account by a device that had not heard of the fold is passed on', () => {
    const a = new TestDevice('aaaaaaaa0000000000000000aa');
    const b = new TestDevice('bbbbbbbb0000000000000000bb');
    a.write(account('id-a', T), T);
    b.write(account('id-b', T + MIN), T + MIN);
    const bBefore = b.state;
    round(a, bBefore, T + 2 * MIN);
    // c knew id-b only, and edits its notes after the fold happened elsewhere (but older than nothing on a).
    const c = new TestDevice('cccccccc0000000000000000cc');
    c.merge(bBefore, T + 3 * MIN);
    c.edit('id-b', T + 3 * MIN, (x) => ({ ...x, notes: 'edited unaware' }));
    round(a, c.state, T + 4 * MIN);
    const shown = a.accounts(T + 4 * MIN);
    expect(shown.map((x) => [x.id, x.notes])).toEqual([['id-a', 'edited unaware']]);
  });

  it('an edit older than the fold but newer than the survivor’s field is passed on, the folded account staying folded', () => {
    const a = new TestDevice('aaaaaaaa0000000000000000aa');
    const b = new TestDevice('bbbbbbbb0000000000000000bb');
    a.write(account('id-a', T), T);
    b.write(account('id-b', T + MIN), T + MIN);
    const bBefore = b.state;
    const c = new TestDevice('cccccccc0000000000000000cc');
    c.merge(bBefore, T + MIN + MIN / 2);
    c.edit('id-b', T + MIN + MIN / 2, (x) => ({ ...x, notes: 'edited before the fold' }));
    round(a, bBefore, T + 2 * MIN);
    round(a, c.state, T + 4 * MIN);
    expect(a.live('id-b')).toBe(false);
    expect(a.accounts(T + 4 * MIN).map((x) => [x.id, x.notes])).toEqual([['id-a', 'edited before the fold']]);
  });

  it('with folding after every merge, devices that have all met show the same accounts, each key once', () => {
    fc.assert(
      fc.property(
        fc.record({ ops: fc.array(opArb, { minLength: 5, maxLength: 60 }), skew: skewArb }),
        ({ ops, skew }) => {
          const run = simulate(ops, skew, true);
          const [a, b, c] = run.devices.map((d) => new TestDevice(d.id)) as [TestDevice, TestDevice, TestDevice];
          run.devices.forEach((d, i) => {
            const t = [a, b, c][i] as TestDevice;
            t.state = d.state;
            t.hlc = d.hlc;
          });
          const now = run.now + 3 * 3600_000 + MIN;
          for (let k = 0; k < 2; k++)
            for (const x of [a, b, c]) for (const y of [a, b, c]) if (x !== y) round(x, y.state, now);
          const seen = views([a.state, b.state, c.state], now);
          expect(seen[1]).toEqual(seen[0]);
          expect(seen[2]).toEqual(seen[0]);
          const currents = (seen[0] ?? []).map((x) => `${x.otp.kind}:${x.otp.secret.join(',')}`);
          expect(new Set(currents).size).toBe(currents.length);
          for (const [before, after] of run.updates) expect(join(before, after)).toEqual(after);
          expect(liveAccounts(join(join(a.state, b.state), c.state), now)).toEqual(seen[0]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
