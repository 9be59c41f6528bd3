import { describe, expect, it } from 'vitest';
import { tick } from '../../../lib/sync/clock';
import { join } from '../../../lib/sync/join';
import { stateOfVault } from '../../../lib/sync/local-edit';
import type { SyncState } from '../../../lib/sync/state';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import { HISTORY_KEEP_MS, replaceKeyPatch, restoreKeyPatch } from '../../../lib/vault/key-history';
import { markRecoveryUsed, mergeRecoveryCodes } from '../../../lib/vault/recovery-codes';
import { meetAll, TestDevice } from './device';
import { account as accountOf, HOUR, key, MIN, T } from './round-harness';

/* Each rule of docs/sync-format.md "The join" as a named example, with the worked three-browser example. */

/** An account of one test key (round-harness.ts `account`, key 1). */
const account = (id: string, over: Partial<Account> = {}): Account => accountOf(id, 1, over);

function hotp(id: string, counter: bigint, codes: string[] = []): Account {
  return account(id, {
    otp: { kind: 'hotp', secret: key(2), issuer: id, account: 'alice', algorithm: 'SHA1', digits: 6, counter },
    recoveryCodes: codes.map((code) => ({ code })),
  });
}

/** Devices that share `accounts`, created on the first and merged into the others. */
function devices(n: number, accounts: Account[]): TestDevice[] {
  const ids = ['chrome1aaaaaaaaaaaaaaaaaaa', 'chrome2bbbbbbbbbbbbbbbbbbb', 'firefoxccccccccccccccccccc'];
  const all = ids.slice(0, n).map((id) => new TestDevice(id));
  const first = all[0] as TestDevice;
  for (const a of accounts) first.write(a, T - HOUR);
  meetAll(all, T - HOUR);
  return all;
}

const views = (ds: TestDevice[], now: number) => ds.map((d) => d.accounts(now));

describe('sync rules', () => {
  it('the later edit of a field wins, and edits of different fields both survive', () => {
    const [a, b] = devices(2, [account('GitHub')]) as [TestDevice, TestDevice];
    a.edit('GitHub', T, (x) => ({ ...x, otp: { ...x.otp, issuer: 'GitHub work' }, notes: 'from a' }));
    b.edit('GitHub', T + MIN, (x) => ({ ...x, otp: { ...x.otp, issuer: 'GitHub (old)' } }));
    b.edit('GitHub', T + 2 * MIN, (x) => ({ ...x, sites: [...x.sites, 'gist.github.com'] }));
    meetAll([a, b], T + 3 * MIN);
    const got = a.get('GitHub', T + 3 * MIN);
    expect(got.otp.issuer).toBe('GitHub (old)');
    expect(got.notes).toBe('from a');
    expect(got.sites).toEqual(['github.example', 'gist.github.com']);
    expect(views([a, b], T)[1]).toEqual(views([a, b], T)[0]);
  });

  it('a deletion wins over an older edit made elsewhere', () => {
    const [a, b] = devices(2, [account('Mail')]) as [TestDevice, TestDevice];
    b.edit('Mail', T + 8 * MIN, (x) => ({ ...x, notes: 'edited at 10:08' }));
    a.remove('Mail', T + 10 * MIN);
    meetAll([a, b], T + 20 * MIN);
    expect(a.live('Mail')).toBe(false);
    expect(b.live('Mail')).toBe(false);
  });

  it('a deletion loses to a newer edit, and the account comes back whole', () => {
    const [a, b] = devices(2, [account('Mail', { notes: 'old' })]) as [TestDevice, TestDevice];
    a.remove('Mail', T + 10 * MIN);
    b.edit('Mail', T + 20 * MIN, (x) => ({ ...x, notes: 'edited at 10:20' }));
    meetAll([a, b], T + 30 * MIN);
    expect(a.live('Mail')).toBe(true);
    const back = a.get('Mail', T + 30 * MIN);
    expect(back.notes).toBe('edited at 10:20');
    expect(back.sites).toEqual(['mail.example']);
    expect(back.otp.secret).toEqual(key(1));
  });

  it('using a code is not an edit: it does not bring a deleted account back', () => {
    const [a, b] = devices(2, [hotp('Bank', 7n, ['r1'])]) as [TestDevice, TestDevice];
    a.remove('Bank', T);
    b.edit('Bank', T + MIN, (x) => ({ ...x, otp: { ...x.otp, counter: 8n } as Account['otp'] }));
    b.edit('Bank', T + 2 * MIN, (x) => ({ ...x, recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'r1', T + 2 * MIN) }));
    meetAll([a, b], T + 3 * MIN);
    expect(a.live('Bank')).toBe(false);
    expect(b.live('Bank')).toBe(false);
  });

  it('an HOTP counter takes the highest value, never goes back', () => {
    const [a, b, c] = devices(3, [hotp('Bank', 7n)]) as [TestDevice, TestDevice, TestDevice];
    const use = (d: TestDevice, at: number) =>
      d.edit('Bank', at, (x) => ({
        ...x,
        otp: { ...x.otp, counter: (x.otp as { counter: bigint }).counter + 1n } as Account['otp'],
      }));
    use(a, T);
    use(b, T + MIN);
    use(b, T + 2 * MIN);
    use(c, T + 3 * MIN);
    meetAll([a, b, c], T + 4 * MIN);
    for (const d of [a, b, c]) expect((d.get('Bank', T).otp as { counter: bigint }).counter).toBe(9n);
  });

  it('a used recovery code stays used; "Not used" cancels only the uses that device had seen', () => {
    const [a, b] = devices(2, [hotp('Bank', 0n, ['abcd-1234', 'efgh-5678'])]) as [TestDevice, TestDevice];
    a.edit('Bank', T, (x) => ({ ...x, recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'abcd-1234', T) }));
    meetAll([a, b], T + MIN);
    // b un-marks the use it saw; meanwhile a, apart, marks the code used again (a second sign-in with it).
    b.edit('Bank', T + 2 * MIN, (x) => ({ ...x, recoveryCodes: x.recoveryCodes.map(({ code }) => ({ code })) }));
    a.edit('Bank', T + 3 * MIN, (x) => ({
      ...x,
      recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'efgh-5678', T + 3 * MIN),
    }));
    meetAll([a, b], T + 4 * MIN);
    const codes = a.get('Bank', T + 4 * MIN).recoveryCodes;
    expect(codes.find((r) => r.code === 'abcd-1234')?.usedAt).toBeUndefined();
    expect(codes.find((r) => r.code === 'efgh-5678')?.usedAt).toBe(T + 3 * MIN);
    expect(b.get('Bank', T + 4 * MIN).recoveryCodes).toEqual(codes);
  });

  it('a use the un-marking device had not seen survives its "Not used"', () => {
    const [a, b] = devices(2, [hotp('Bank', 0n, ['abcd-1234'])]) as [TestDevice, TestDevice];
    a.edit('Bank', T, (x) => ({ ...x, recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'abcd-1234', T) }));
    meetAll([a, b], T + MIN);
    a.edit('Bank', T + 2 * MIN, (x) => ({ ...x, recoveryCodes: [{ code: 'abcd-1234' }] }));
    b.edit('Bank', T + 3 * MIN, (x) => ({ ...x, recoveryCodes: [{ code: 'abcd-1234' }] }));
    b.edit('Bank', T + 4 * MIN, (x) => ({
      ...x,
      recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'ABCD 1234', T + 4 * MIN),
    }));
    meetAll([a, b], T + 5 * MIN);
    expect(a.get('Bank', T).recoveryCodes[0]?.usedAt).toBe(T + 4 * MIN);
  });

  it('a new set of recovery codes shows first everywhere, the superseded old ones after it, as in the vault', () => {
    const [a, b] = devices(2, [hotp('Bank', 0n, ['old-1', 'old-2'])]) as [TestDevice, TestDevice];
    a.edit('Bank', T, (x) => ({
      ...x,
      recoveryCodes: mergeRecoveryCodes(x.recoveryCodes, ['new-1', 'new-2'], T).codes,
    }));
    a.edit('Bank', T + MIN, (x) => ({
      ...x,
      recoveryCodes: mergeRecoveryCodes(x.recoveryCodes, ['new-2', 'new-3'], T).codes,
    }));
    meetAll([a, b], T + 2 * MIN);
    const shown = b.get('Bank', T + 2 * MIN).recoveryCodes;
    expect(shown.map((r) => r.code)).toEqual(['new-1', 'new-2', 'new-3', 'old-1', 'old-2']);
    expect(shown.filter((r) => r.supersededAt === T).map((r) => r.code)).toEqual(['old-1', 'old-2']);
  });

  it('a re-enrolment replaces the key everywhere, the old key kept as a previous key', () => {
    const [a, b] = devices(2, [account('GitHub')]) as [TestDevice, TestDevice];
    a.edit('GitHub', T, (x) => ({ ...x, ...replaceKeyPatch(x, { ...x.otp, secret: key(9) }, T) }));
    // b, apart, edits the notes later: a field edit does not bring the old key back.
    b.edit('GitHub', T + MIN, (x) => ({ ...x, notes: 'later note' }));
    meetAll([a, b], T + 2 * MIN);
    for (const d of [a, b]) {
      const got = d.get('GitHub', T + 2 * MIN);
      expect(got.otp.secret).toEqual(key(9));
      expect(got.notes).toBe('later note');
      expect(got.history?.map((h) => [h.otp.secret, h.replacedAt])).toEqual([[key(1), T]]);
    }
    // The previous key is dropped from the view once its 30 days are over, as on one device.
    expect(a.get('GitHub', T + HISTORY_KEEP_MS + MIN).history).toBeUndefined();
  });

  it('two re-enrolments apart: the newer key wins everywhere, both older keys are previous keys', () => {
    const [a, b] = devices(2, [account('GitHub')]) as [TestDevice, TestDevice];
    a.edit('GitHub', T, (x) => ({ ...x, ...replaceKeyPatch(x, { ...x.otp, secret: key(8) }, T) }));
    b.edit('GitHub', T + MIN, (x) => ({ ...x, ...replaceKeyPatch(x, { ...x.otp, secret: key(9) }, T + MIN) }));
    meetAll([a, b], T + 2 * MIN);
    const got = a.get('GitHub', T + 2 * MIN);
    expect(got.otp.secret).toEqual(key(9));
    expect(got.history?.map((h) => h.otp.secret)).toEqual([key(8), key(1)]);
    expect(b.get('GitHub', T + 2 * MIN)).toEqual(got);
  });

  it('restoring a previous key makes it current again everywhere', () => {
    const [a, b] = devices(2, [account('GitHub')]) as [TestDevice, TestDevice];
    a.edit('GitHub', T, (x) => ({ ...x, ...replaceKeyPatch(x, { ...x.otp, secret: key(9) }, T) }));
    meetAll([a, b], T + MIN);
    b.edit('GitHub', T + 2 * MIN, (x) => ({ ...x, ...restoreKeyPatch(x, T, T + 2 * MIN) }));
    meetAll([a, b], T + 3 * MIN);
    const got = a.get('GitHub', T + 3 * MIN);
    expect(got.otp.secret).toEqual(key(1));
    expect(got.history?.map((h) => [h.otp.secret, h.replacedAt])).toEqual([[key(9), T + 2 * MIN]]);
  });

  it('a device whose clock is 3 hours ahead wins concurrent edits, but not edits made after the devices met', () => {
    const [a, b] = devices(2, [account('GitHub')]) as [TestDevice, TestDevice];
    a.offsetMs = 3 * HOUR;
    a.edit('GitHub', T, (x) => ({ ...x, notes: 'fast clock' }));
    b.edit('GitHub', T + HOUR, (x) => ({ ...x, notes: 'concurrent, truly later' }));
    meetAll([a, b], T + HOUR);
    expect(b.get('GitHub', T).notes).toBe('fast clock');
    // Having seen the fast clock's edit, b's next edit is ordered after it, whatever b's wall clock says.
    b.edit('GitHub', T + HOUR + MIN, (x) => ({ ...x, notes: 'after meeting' }));
    meetAll([a, b], T + HOUR + 2 * MIN);
    expect(a.get('GitHub', T).notes).toBe('after meeting');
    expect(b.hlc.l).toBeGreaterThanOrEqual(T + 3 * HOUR);
  });

  it('a device whose clock is hours behind still orders its edits after what it has merged', () => {
    const [a, b] = devices(2, [account('GitHub')]) as [TestDevice, TestDevice];
    b.offsetMs = -5 * HOUR;
    a.edit('GitHub', T, (x) => ({ ...x, notes: 'a' }));
    b.merge(a.state, T + MIN);
    b.edit('GitHub', T + 2 * MIN, (x) => ({ ...x, notes: 'b, slow clock, later' }));
    meetAll([a, b], T + 3 * MIN);
    expect(a.get('GitHub', T).notes).toBe('b, slow clock, later');
  });

  it('the worked example: three browsers apart, then all meet, in any order', () => {
    const shared = [
      account('GitHub'),
      hotp('Bank', 7n, ['r1', 'r2', 'r3']),
      account('Mail', { otp: { ...account('x').otp, secret: key(3) } }),
    ];
    const at = (h: number, m: number) => Date.UTC(2026, 11, 1, h, m);
    const run = (order: number[]) => {
      const ds = devices(3, shared) as [TestDevice, TestDevice, TestDevice];
      const [c1, c2, ff] = ds;
      const useHotp = (d: TestDevice, t: number) =>
        d.edit('Bank', t, (x) => ({
          ...x,
          otp: { ...x.otp, counter: (x.otp as { counter: bigint }).counter + 1n } as Account['otp'],
        }));
      c1.write(account('Forum', { otp: { ...account('x').otp, secret: key(4) } }), at(10, 0));
      c1.edit('GitHub', at(10, 0), (x) => ({ ...x, otp: { ...x.otp, issuer: 'GitHub work' } }));
      useHotp(c1, at(10, 0));
      ff.edit('GitHub', at(10, 5), (x) => ({
        ...x,
        otp: { ...x.otp, issuer: 'GitHub (old)' },
        sites: [...x.sites, 'gist.github.com'],
      }));
      useHotp(ff, at(10, 5));
      useHotp(ff, at(10, 5));
      ff.edit('Bank', at(10, 5), (x) => ({ ...x, recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'r1', at(10, 5)) }));
      c2.remove('Mail', at(10, 10));
      useHotp(c2, at(10, 10));
      c2.edit('Bank', at(10, 10), (x) => ({
        ...x,
        recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'r2', at(10, 10)),
      }));
      c1.edit('Mail', at(10, 20), (x) => ({ ...x, notes: 'notes at 10:20' }));
      meetAll(
        order.map((i) => ds[i] as TestDevice),
        at(11, 0),
      );
      return ds;
    };
    const first = run([0, 1, 2]);
    const second = run([2, 0, 1]);
    const seen = views([...first, ...second], at(11, 0));
    for (const v of seen) expect(v).toEqual(seen[0]);
    const byId = new Map((seen[0] as Account[]).map((a) => [a.id, a]));
    expect(byId.has('Forum')).toBe(true);
    expect(byId.get('GitHub')?.otp.issuer).toBe('GitHub (old)');
    expect(byId.get('GitHub')?.sites).toContain('gist.github.com');
    expect((byId.get('Bank') as Account).otp).toMatchObject({ counter: 9n });
    expect(
      byId
        .get('Bank')
        ?.recoveryCodes.filter((r) => r.usedAt !== undefined)
        .map((r) => r.code),
    ).toEqual(['r1', 'r2']);
    expect(byId.get('Mail')?.notes).toBe('notes at 10:20');
  });

  it('a purged account absorbs every other state of it and stays gone', () => {
    const [a, b] = devices(2, [account('Old')]) as [TestDevice, TestDevice];
    const purged: SyncState = {
      ...a.state,
      accounts: { ...a.state.accounts, Old: { purged: tick(a.hlc, T, a.id).stamp } },
    };
    b.edit('Old', T + HOUR, (x) => ({ ...x, notes: 'edit not yet told of the purge' }));
    const j = join(b.state, purged);
    expect(j.accounts.Old).toEqual(purged.accounts.Old);
    expect(join(purged, b.state)).toEqual(j);
    expect(liveAccounts(j, T)).toEqual([]);
  });
});

describe('a vault joining for the first time', () => {
  it('shows exactly its own accounts', () => {
    const mine = [
      account('GitHub', {
        updatedAt: T - HOUR,
        recoveryCodes: [
          { code: 'a-1', usedAt: T - 2 * HOUR },
          { code: 'b-2', supersededAt: T - HOUR },
        ],
      }),
      hotp('Bank', 42n),
    ];
    const withHistory = {
      ...mine[0],
      ...replaceKeyPatch(mine[0] as Account, { ...(mine[0] as Account).otp, secret: key(7) }, T - HOUR),
    } as Account;
    const shown = liveAccounts(stateOfVault([withHistory, mine[1] as Account], 'deviceaaaaaaaaaaaaaaaaaaaa', T), T);
    expect(shown.map((a) => ({ ...a, updatedAt: 0 }))).toEqual(
      [mine[1] as Account, withHistory].map((a) => ({ ...a, updatedAt: 0 })).sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });

  it('a newer edit elsewhere wins over the vault copy, an older one loses; a re-enrolment elsewhere wins over an edit of the old key', () => {
    const [a] = devices(1, [account('GitHub'), account('Mail', { otp: { ...account('x').otp, secret: key(3) } })]) as [
      TestDevice,
    ];
    a.edit('GitHub', T + HOUR, (x) => ({ ...x, notes: 'newer, elsewhere' }));
    a.edit('Mail', T - 10 * 24 * HOUR, (x) => ({
      ...x,
      ...replaceKeyPatch(x, { ...x.otp, secret: key(5) }, T - 10 * 24 * HOUR),
    }));
    // The joining browser has the same accounts (restored from one backup), edited since in its own vault.
    const local = stateOfVault(
      [
        account('GitHub', { notes: 'older, here', updatedAt: T }),
        account('Mail', {
          otp: { ...account('x').otp, secret: key(3) },
          notes: 'edited here',
          updatedAt: T - 30 * MIN,
        }),
      ],
      'joineraaaaaaaaaaaaaaaaaaaa',
      T + 2 * HOUR,
    );
    const shown = new Map(liveAccounts(join(local, a.state), T + 2 * HOUR).map((x) => [x.id, x]));
    expect(shown.get('GitHub')?.notes).toBe('newer, elsewhere');
    expect(shown.get('Mail')?.notes).toBe('edited here');
    expect(shown.get('Mail')?.otp.secret).toEqual(key(5));
  });
});
