import fc from 'fast-check';
import type { Hlc } from '../../../lib/sync/clock';
import { receive, tick } from '../../../lib/sync/clock';
import { nameDevice } from '../../../lib/sync/devices';
import { foldDuplicates } from '../../../lib/sync/fold';
import { join } from '../../../lib/sync/join';
import { deleteAccount, recordAccount } from '../../../lib/sync/local-edit';
import { newestClock } from '../../../lib/sync/newest';
import { type AccountState, emptyState, type SyncState } from '../../../lib/sync/state';
import { accountOf, isLive, liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import { replaceKeyPatch } from '../../../lib/vault/key-history';
import { markRecoveryUsed } from '../../../lib/vault/recovery-codes';

/*
 * Three simulated devices applying random operations (docs/sync-format.md "Operations") with wall clocks that
 * disagree by hours, and meeting now and then. Every state a device ever held is kept, for the law and convergence
 * tests to join in any order.
 */

export const T0 = Date.UTC(2026, 10, 1);
export const DEVICES = ['aaaaaaaa1111111111111111aa', 'bbbbbbbb2222222222222222bb', 'cccccccc3333333333333333cc'];
export const SECRETS = [1, 2, 3, 4, 5].map((n) => new Uint8Array(10).fill(n));
const CODES = ['abcd-1234', 'EFGH 5678', 'ijkl9012'];

export type Op =
  | { kind: 'add'; device: number; slot: number; hotp: boolean; secret: number; dt: number }
  | {
      kind: 'edit';
      device: number;
      pick: number;
      field: 'issuer' | 'notes' | 'sites' | 'pinned' | 'order' | 'group';
      value: number;
      dt: number;
    }
  | { kind: 'delete'; device: number; pick: number; dt: number }
  /** "Recently deleted" → Restore: a deleted account this device holds is written back as it shows it. */
  | { kind: 'restore'; device: number; pick: number; dt: number }
  | { kind: 'hotp'; device: number; pick: number; dt: number }
  | { kind: 'use-code'; device: number; pick: number; code: number; dt: number }
  | { kind: 'unmark'; device: number; pick: number; code: number; dt: number }
  | { kind: 'reenrol'; device: number; pick: number; secret: number; dt: number }
  | { kind: 'sync'; device: number; from: number; dt: number }
  | { kind: 'rename'; device: number; value: number; dt: number };

const device = fc.integer({ min: 0, max: 2 });
const dt = fc.integer({ min: 0, max: 10 * 60 * 1000 });
const pick = fc.nat(20);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      device,
      slot: fc.nat(3),
      hotp: fc.boolean(),
      secret: fc.nat(4),
      dt,
    }),
    weight: 3,
  },
  fc.record({
    kind: fc.constant('edit' as const),
    device,
    pick,
    field: fc.constantFrom(
      'issuer' as const,
      'notes' as const,
      'sites' as const,
      'pinned' as const,
      'order' as const,
      'group' as const,
    ),
    value: fc.nat(5),
    dt,
  }),
  fc.record({ kind: fc.constant('delete' as const), device, pick, dt }),
  fc.record({ kind: fc.constant('restore' as const), device, pick, dt }),
  fc.record({ kind: fc.constant('hotp' as const), device, pick, dt }),
  fc.record({ kind: fc.constant('use-code' as const), device, pick, code: fc.nat(2), dt }),
  fc.record({ kind: fc.constant('unmark' as const), device, pick, code: fc.nat(2), dt }),
  fc.record({ kind: fc.constant('reenrol' as const), device, pick, secret: fc.nat(4), dt }),
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), device, from: device, dt }), weight: 3 },
  fc.record({ kind: fc.constant('rename' as const), device, value: fc.nat(3), dt }),
);

/** Wall-clock errors per device: one runs hours behind, one hours ahead. */
export const skewArb = fc.tuple(
  fc.integer({ min: -3 * 3600_000, max: 3 * 3600_000 }),
  fc.integer({ min: -3 * 3600_000, max: 3 * 3600_000 }),
  fc.constant(0),
);

export interface Device {
  id: string;
  hlc: Hlc;
  state: SyncState;
}

export interface Run {
  devices: Device[];
  /** Every state any device held, in order. */
  states: SyncState[];
  /** Pairs (before, after) of each local update. */
  updates: [SyncState, SyncState][];
  /** The global time at the end. */
  now: number;
  /**
   * Recovery codes that went from used to unused on one device though some use of them was never cancelled by an
   * explicit "Not used" (made there, or on another device and merged).
   */
  unmarkedWithoutAsking: string[];
  /** HOTP counters that went down on one device. */
  countersDown: string[];
  /** Accounts a restore did not bring back on the device that restored them. */
  restoresLost: string[];
}

function newAccount(id: string, op: Extract<Op, { kind: 'add' }>, now: number): Account {
  const secret = SECRETS[op.secret] as Uint8Array;
  return {
    id,
    createdAt: now,
    updatedAt: now,
    otp: op.hotp
      ? { kind: 'hotp', secret, issuer: `Issuer ${id}`, account: 'alice', algorithm: 'SHA1', digits: 6, counter: 0n }
      : { kind: 'totp', secret, issuer: `Issuer ${id}`, account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 },
    sites: ['example.com'],
    notes: '',
    recoveryCodes: CODES.map((code) => ({ code })),
    pinned: false,
    order: 0,
  };
}

function edited(a: Account, op: Extract<Op, { kind: 'edit' }>): Account {
  switch (op.field) {
    case 'issuer':
      return { ...a, otp: { ...a.otp, issuer: `Issuer ${op.value}` } };
    case 'notes':
      return { ...a, notes: `note ${op.value}` };
    case 'sites':
      return { ...a, sites: [`s${op.value}.example`, ...a.sites.slice(0, 1)] };
    case 'pinned':
      return { ...a, pinned: op.value % 2 === 0 };
    case 'order':
      return { ...a, order: op.value };
    case 'group': {
      // Value 0 takes the account out of its group.
      const { group: _g, ...rest } = a;
      return op.value === 0 ? rest : { ...a, group: `Group ${op.value % 3}` };
    }
  }
}

function counters(s: SyncState): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const [id, e] of Object.entries(s.accounts))
    if (!('purged' in e)) for (const [k, c] of Object.entries(e.counters)) m.set(`${id}/${k}`, BigInt(c));
  return m;
}

function usedCodes(s: SyncState, now: number): Set<string> {
  const out = new Set<string>();
  for (const [id, e] of Object.entries(s.accounts))
    if (!('purged' in e))
      for (const r of accountOf(id, e, now).recoveryCodes) if (r.usedAt !== undefined) out.add(`${id}/${r.code}`);
  return out;
}

/*
 * A use is named by its code and clock, not its account: a one-key fold (lib/sync/fold.ts) carries the uses of a
 * folded account, clocks and all, into its survivor, and the "Not used" that covered a use there covers it still.
 */

/** Every cancelled use, as `normCode@clock`. */
function unmarks(s: SyncState): Set<string> {
  const out = new Set<string>();
  for (const e of Object.values(s.accounts))
    if (!('purged' in e))
      for (const [n, r] of Object.entries(e.codes)) for (const u of r.unmarked) out.add(`${n}@${u}`);
  return out;
}

/** Each code's uses not cancelled by an `unmarked`: `account/code` to `normCode@clock`s. */
function liveUses(s: SyncState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, e] of Object.entries(s.accounts))
    if (!('purged' in e))
      for (const [n, r] of Object.entries(e.codes)) {
        const gone = new Set(r.unmarked);
        out.set(
          `${id}/${r.code[0]}`,
          r.uses.filter((u) => !gone.has(u)).map((u) => `${n}@${u}`),
        );
      }
  return out;
}

/**
 * Codes used in `before` and unused in `after` though some of their uses were never cancelled by an explicit "Not
 * used" (`asked`: every `normCode@clock` use that some device's "Not used" cancelled). The "Not used" may have been
 * made on any device and arrive by a merge (docs/sync-format.md "The join", `codes`): only a use that no "Not used"
 * covered must never disappear.
 */
export function silentlyUnmarked(
  before: SyncState,
  after: SyncState,
  asked: ReadonlySet<string>,
  now: number,
): string[] {
  const used = usedCodes(after, now);
  const uses = liveUses(before);
  return [...usedCodes(before, now)].filter((k) => !used.has(k) && (uses.get(k) ?? []).some((u) => !asked.has(u)));
}

/** `fold`: each device folds one-key accounts after each merge, as the sync round does. */
export function simulate(ops: readonly Op[], skew: readonly number[], fold = false): Run {
  const devices: Device[] = DEVICES.map((id) => ({ id, hlc: { l: 0, c: 0 }, state: emptyState() }));
  const run: Run = {
    devices,
    states: [],
    updates: [],
    now: T0,
    unmarkedWithoutAsking: [],
    countersDown: [],
    restoresLost: [],
  };
  let t = T0;
  // Every use some device's "Not used" cancelled, as `normCode@clock`.
  const asked = new Set<string>();
  ops.forEach((op, n) => {
    t += op.dt;
    const dev = devices[op.device] as Device;
    const wall = t + (skew[op.device] ?? 0);
    const before = dev.state;
    const live = liveAccounts(dev.state, wall);
    const target = live.length > 0 && 'pick' in op ? (live[op.pick % live.length] as Account) : undefined;
    const stamp = () => {
      const next = tick(dev.hlc, wall, dev.id);
      dev.hlc = next.hlc;
      return next.stamp;
    };
    switch (op.kind) {
      case 'add': {
        // Ids are random UUIDs in the vault: one creator per id, never added twice.
        const id = `${op.device}-${op.slot}-${n % 2}`;
        if (dev.state.accounts[id] === undefined)
          dev.state = recordAccount(dev.state, newAccount(id, op, wall), stamp(), wall);
        break;
      }
      case 'sync': {
        const other = (devices[op.from] as Device).state;
        dev.hlc = receive(dev.hlc, newestClock(other), wall);
        dev.state = join(dev.state, other);
        if (fold) {
          const folded = foldDuplicates(dev.state, stamp(), wall).state;
          if (folded !== dev.state) run.updates.push([dev.state, folded]);
          dev.state = folded;
        }
        break;
      }
      case 'edit':
        if (target) dev.state = recordAccount(dev.state, edited(target, op), stamp(), wall);
        break;
      case 'delete':
        if (target) dev.state = deleteAccount(dev.state, target.id, stamp());
        break;
      case 'restore': {
        const gone = Object.entries(dev.state.accounts).filter(
          (e): e is [string, AccountState] => !('purged' in e[1]) && !isLive(e[1]),
        );
        const entry = gone.length > 0 ? gone[op.pick % gone.length] : undefined;
        if (entry) {
          dev.state = recordAccount(dev.state, accountOf(entry[0], entry[1], wall), stamp(), wall);
          // The restore is the newest edit this device knows: the account is live again here.
          if (!isLive(dev.state.accounts[entry[0]] as AccountState)) run.restoresLost.push(entry[0]);
        }
        break;
      }
      case 'hotp':
        if (target?.otp.kind === 'hotp')
          dev.state = recordAccount(
            dev.state,
            { ...target, otp: { ...target.otp, counter: target.otp.counter + 1n } },
            stamp(),
            wall,
          );
        break;
      case 'use-code':
        if (target) {
          const code = target.recoveryCodes[op.code]?.code ?? '';
          dev.state = recordAccount(
            dev.state,
            { ...target, recoveryCodes: markRecoveryUsed(target.recoveryCodes, code, wall) },
            stamp(),
            wall,
          );
        }
        break;
      case 'unmark':
        if (target) {
          const codes = target.recoveryCodes.map((r, i) => {
            if (i !== op.code) return r;
            const { usedAt: _u, ...rest } = r;
            return rest;
          });
          dev.state = recordAccount(dev.state, { ...target, recoveryCodes: codes }, stamp(), wall);
          const had = unmarks(before);
          for (const u of unmarks(dev.state)) if (!had.has(u)) asked.add(u);
        }
        break;
      case 'rename':
        dev.state = nameDevice(dev.state, dev.id, `Device ${op.value}`, stamp());
        break;
      case 'reenrol':
        if (target)
          dev.state = recordAccount(
            dev.state,
            {
              ...target,
              ...replaceKeyPatch(target, { ...target.otp, secret: SECRETS[op.secret] as Uint8Array }, wall),
            },
            stamp(),
            wall,
          );
        break;
    }
    if (dev.state !== before) {
      if (op.kind !== 'sync') run.updates.push([before, dev.state]);
      run.states.push(dev.state);
      const was = counters(before);
      for (const [k, c] of counters(dev.state)) if (c < (was.get(k) ?? 0n)) run.countersDown.push(k);
      run.unmarkedWithoutAsking.push(...silentlyUnmarked(before, dev.state, asked, wall));
    }
  });
  run.now = t;
  return run;
}

/** Every device's view, for comparing what people see. */
export function views(states: readonly SyncState[], now: number): Account[][] {
  return states.map((s) => liveAccounts(s, now));
}

export { isLive };
