import en from '../../locales/en/sync.json';
import { decodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import type { OtpParams } from '../otp/types';
import type { Account, PreviousKey, RecoveryCode } from '../vault/account-data';
import { pruneHistory } from '../vault/key-history';
import { type Clock, compareClocks, physicalOf } from './clock';
import { SyncError } from './errors';
import { type AccountEntry, type AccountState, isPurged, type KeyState, REGISTERS, type SyncState } from './state';

const text = textsOf(en);

/*
 * What a person sees is a function of the state (docs/sync-format.md "State"): the vault `Account` of each live
 * entry. Convergence is judged on this view, so it depends on nothing but the state and the wall time `now` (which
 * only decides which previous keys are still kept, as on one device: lib/vault/key-history.ts).
 */

/** Every stamp that counts as an edit: the registers and the keys' `set` (using a code is not an edit). */
export function editClocks(a: AccountState): Clock[] {
  return [
    ...REGISTERS.map((r) => a[r][1]),
    ...(a.group ? [a.group[1]] : []),
    ...Object.values(a.keys).map((k) => k.set),
  ];
}

/** Live iff never deleted, or some edit is newer than the deletion: a deletion wins over older edits only. */
export function isLive(entry: AccountEntry): entry is AccountState {
  if (isPurged(entry)) return false;
  const deleted = entry.deleted;
  return deleted === undefined || editClocks(entry).some((c) => compareClocks(c, deleted) > 0);
}

/** The account's keys by id, newest `set` first: the first is the current key. */
export function keysNewestFirst(a: AccountState): [string, KeyState][] {
  // Equal stamps (keys a first join dated to one moment) fall back on the key id, so the order is a function of
  // the state.
  return Object.entries(a.keys).sort(([i, x], [j, y]) => compareClocks(y.set, x.set) || (i < j ? 1 : i > j ? -1 : 0));
}

function otpOf(a: AccountState, keyId: string, key: KeyState): OtpParams {
  const bad = () => new SyncError('malformed-state', text('sync_state_damaged'));
  let secret: Uint8Array;
  try {
    secret = decodeBase32(keyId);
  } catch (cause) {
    throw new SyncError('malformed-state', text('sync_state_damaged'), {}, { cause });
  }
  const common = { secret, issuer: a.issuer[0], account: a.account[0] };
  const o = key.otp;
  if (o.kind === 'steam') return { kind: 'steam', ...common };
  if (o.algorithm === undefined || o.digits === undefined) throw bad();
  if (o.kind === 'hotp') {
    return {
      kind: 'hotp',
      ...common,
      algorithm: o.algorithm,
      digits: o.digits,
      counter: BigInt(a.counters[keyId] ?? '0'),
    };
  }
  if (o.period === undefined) throw bad();
  return { kind: 'totp', ...common, algorithm: o.algorithm, digits: o.digits, period: o.period };
}

function recoveryOf(a: AccountState): RecoveryCode[] {
  return (
    Object.entries(a.codes)
      // Superseded codes after the rest, as the vault keeps a new set first (lib/vault/recovery-codes.ts); within
      // each part, by where each save put them.
      .sort(
        ([n1, x], [n2, y]) =>
          Number(x.superseded !== undefined) - Number(y.superseded !== undefined) ||
          compareClocks(x.pos[0], y.pos[0]) ||
          x.pos[1] - y.pos[1] ||
          (n1 < n2 ? -1 : 1),
      )
      .map(([, r]) => {
        const unmarked = new Set(r.unmarked);
        const used = r.uses.filter((u) => !unmarked.has(u)).map(physicalOf);
        return {
          code: r.code[0],
          ...(used.length > 0 ? { usedAt: Math.min(...used) } : {}),
          ...(r.superseded === undefined ? {} : { supersededAt: r.superseded }),
        };
      })
  );
}

/**
 * The vault account an entry shows, whether or not it is live (a caller that wants only live accounts uses
 * {@link liveAccounts}). Previous keys: every key but the current one, each replaced when the next newer key was
 * set, kept under the vault's own rule (30 days, at most 10).
 */
export function accountOf(id: string, a: AccountState, now: number): Account {
  const keys = keysNewestFirst(a);
  const current = keys[0];
  if (current === undefined) throw new SyncError('malformed-state', text('sync_state_damaged'));
  const previous: PreviousKey[] = keys.slice(1).map(([keyId, key], i) => ({
    otp: otpOf(a, keyId, key),
    replacedAt: physicalOf((keys[i] as [string, KeyState])[1].set),
  }));
  const history = pruneHistory(previous, now);
  return {
    id,
    createdAt: a.createdAt,
    updatedAt: Math.max(...editClocks(a).map(physicalOf)),
    otp: otpOf(a, current[0], current[1]),
    sites: [...a.sites[0]],
    notes: a.notes[0],
    recoveryCodes: recoveryOf(a),
    pinned: a.pinned[0],
    order: a.order[0],
    ...(history.length > 0 ? { history } : {}),
    ...(a.group?.[0] ? { group: a.group[0] } : {}),
  };
}

/** The live accounts of a state, by id. */
export function liveAccounts(state: SyncState, now: number): Account[] {
  return Object.entries(state.accounts)
    .filter((e): e is [string, AccountState] => isLive(e[1]))
    .map(([id, a]) => accountOf(id, a, now))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
