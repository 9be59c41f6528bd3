import en from '../../locales/en/syncstorage.json';
import type { Text } from '../i18n/text';
import { textsOf } from '../i18n/text';
import type { SyncProbe } from '../messaging/requests/sync';
import type { Account } from '../vault/account-data';
import type { PasswordSlot } from '../vault/slots';
import { nameDevice } from './devices';
import { SyncError } from './errors';
import { stateOfVault } from './local-edit';
import type { SyncKeyring } from './ports';
import type { SeenFile, SyncRecord } from './record';
import { localUpdate } from './replica';
import { collect } from './retention';
import { freshDeviceId, mergeIntoRecord, type RemoteState, type RoundReport } from './round';
import { previewOf } from './setup';
import { retiredSlotIds } from './slot-change';
import { emptyState, type SyncState } from './state';
import {
  type Assembled,
  assemble,
  fullError,
  HEADER_KEY,
  itemsBytes,
  MAX_SLOTS,
  newTag,
  openSharedState,
  planWrite,
  quotaNotice,
  type StorageSyncArea,
  type StorageSyncHeader,
  sealSharedState,
  slotFromJson,
  slotToJson,
} from './storage-sync-layout';
import type { SyncVaultPort } from './vault-port';
import { liveAccounts } from './view';

/*
 * A round of the browser-sync engine (docs/sync-format.md "Browser sync storage"): read the shared state, join it
 * into the replica (one vault commit), then write the join back as ONE `set` when the area lacks anything the
 * replica holds. Every writer writes the join of everything it has read, so the area never loses a device's change
 * it could read, and settles on a state holding every device's changes.
 */

const text = textsOf(en);

export interface StorageSyncDeps {
  area: StorageSyncArea;
  now: () => number;
  random: (n: number) => Uint8Array;
}

/** `seen` key under which a device remembers its own last write (its generation, and its tag as `etag`). */
const OWN_WRITE = HEADER_KEY;
/** `seen` key for another writer's incomplete write this device is waiting for: its tag, and since when (`modified`). */
const WAITING = 'tf:waiting';
/**
 * How long a device waits for the rest of another writer's write before it writes its own join over it: the vendor
 * sync may have lost an item, or the writer be gone for good, and then nobody else would ever complete the area.
 */
export const INCOMPLETE_WAIT_MS = 10 * 60 * 1000;

/** What the area holds, read and (when complete) opened under the record's sync key. */
type Read =
  | { kind: 'empty' }
  | { kind: 'incomplete'; header: StorageSyncHeader; mine: boolean }
  | { kind: 'state'; header: StorageSyncHeader; state: SyncState }
  /** Damaged or changed outside Twofold: not used, and overwritten by this device's join. */
  | { kind: 'unusable'; notice: Text };

async function readArea(items: Record<string, unknown>, record: SyncRecord): Promise<Read> {
  let a: Assembled;
  try {
    a = assemble(items);
  } catch (e) {
    // A newer Twofold's layout is left untouched: this device stops writing the shared state.
    if (e instanceof SyncError && e.code === 'newer-version') throw e;
    return { kind: 'unusable', notice: text('syncstorage_damaged') };
  }
  if (a.kind === 'empty') return a;
  if (a.header.syncId !== record.syncId)
    throw new SyncError('other-sync', text('syncstorage_other_sync'), { device: a.header.writer });
  if (a.kind === 'incomplete') {
    // A mix this device took part in (its header, or chunks of its last write) is rewritten by it: otherwise two
    // writers whose items crossed could each wait for the other forever.
    const ownTag = record.seen[OWN_WRITE]?.etag;
    const mine =
      a.header.writer === record.device ||
      (ownTag !== undefined && Object.values(items).some((v) => typeof v === 'string' && v.startsWith(`${ownTag}:`)));
    return { kind: 'incomplete', header: a.header, mine };
  }
  try {
    return { kind: 'state', header: a.header, state: await openSharedState(a, record.syncKey) };
  } catch (e) {
    if (
      e instanceof SyncError &&
      (e.code === 'tampered' || e.code === 'malformed-state' || e.code === 'malformed-file')
    )
      return { kind: 'unusable', notice: text('syncstorage_damaged') };
    throw e;
  }
}

/**
 * The writer's slots: its own, then the others' it read (newest first), by slot id, at most 8 in all. Its own replaced
 * slots (`retired`, after a master-password change: lib/sync/slot-change.ts) are dropped, whoever wrote them back.
 */
export function unionSlots(
  own: readonly PasswordSlot[],
  read: readonly PasswordSlot[],
  retired: ReadonlySet<string> = new Set(),
): PasswordSlot[] {
  const ids = new Set(own.map((s) => s.id));
  const others = read.filter((s) => !ids.has(s.id) && !retired.has(s.id)).sort((x, y) => y.createdAt - x.createdAt);
  // Sorted by id, so two writers holding the same slots write them alike and neither rewrites the other's state.
  return [...own, ...others].slice(0, MAX_SLOTS).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * Whether the header's slots differ from the union this writer would write. A full header (8 slots, none of them
 * this device's replaced ones) that lacks only this device's slot is no difference: otherwise, with more than 8
 * browsers, each writer would put its own slot back over another's on every round and the area would never settle.
 * The state itself still opens for this device (it holds the sync key), and its slot comes back with its next change.
 */
function slotsDiffer(
  union: readonly PasswordSlot[],
  read: readonly PasswordSlot[],
  own: readonly PasswordSlot[],
  retired: ReadonlySet<string>,
): boolean {
  if (canonical(union.map(slotToJson)) === canonical(read.map(slotToJson))) return false;
  const readIds = new Set(read.map((s) => s.id));
  const full = read.length >= MAX_SLOTS && !read.some((s) => retired.has(s.id));
  const onlyOwnMissing = own.some((s) => !readIds.has(s.id));
  return !(full && onlyOwnMissing);
}

/** Key-order-independent JSON, so a state equal to another compares equal whatever order its maps were built in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      // As JSON.stringify, a field holding `undefined` is no field (a state read back from the area has none).
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The browser's quota error carries no figures: the same message as a state refused before writing. */
function withFigures(e: unknown, accounts: number, bytes: number): unknown {
  if (e instanceof SyncError && e.code === 'full') return fullError(accounts, bytes, e);
  return e;
}

export async function storageSyncRound(deps: StorageSyncDeps, vault: SyncVaultPort): Promise<RoundReport> {
  const before = vault.syncRecord();
  if (before === undefined || before.engine.kind !== 'storage-sync')
    throw new SyncError('no-permission', text('syncstorage_not_on'));
  const held = await deps.area.get();
  const read = await readArea(held, before);
  const now = deps.now();
  const remotes: RemoteState[] =
    read.kind === 'state' && !(read.header.writer === before.device && read.header.generation === before.generation)
      ? [
          {
            device: read.header.writer,
            generation: read.header.generation,
            state: read.state,
            // `seen` is kept by this name (lib/sync/round.ts): one entry per writer, beside this device's own `tf:h`.
            name: `tf:${read.header.writer}`,
          },
        ]
      : [];
  const readSlots = read.kind === 'state' || read.kind === 'incomplete' ? read.header.slots.map(slotFromJson) : [];
  const tag = newTag(deps.random);
  let write = false;
  let notices: Text[] = read.kind === 'unusable' ? [read.notice] : [];
  let changed: string[] = [];

  const committed = await vault.updateSync((current, accounts) => {
    if (current === undefined || current.engine.kind !== 'storage-sync')
      throw new SyncError('no-permission', text('syncstorage_not_on'));
    const merged = mergeIntoRecord(current, accounts, remotes, now);
    notices = [...notices, ...merged.notices];
    changed = [...merged.change.put.map((a) => a.id), ...merged.change.remove];
    const retired = retiredSlotIds(current);
    const slots = unionSlots(current.slots, readSlots, retired);
    const waiting = current.seen[WAITING];
    const since = read.kind === 'incomplete' && waiting?.etag === read.header.tag ? (waiting.modified ?? now) : now;
    write =
      read.kind === 'empty' ||
      read.kind === 'unusable' ||
      (read.kind === 'incomplete' && (read.mine || now - since >= INCOMPLETE_WAIT_MS)) ||
      (read.kind === 'state' &&
        // Collected on both sides (lib/sync/retention.ts): what is written is the collected state, so tombstones past
        // 400 days and old previous keys leave the 100 KB area, and an expired entry alone is no difference.
        (canonical(collect(merged.record.replica.state, now)) !== canonical(collect(read.state, now)) ||
          slotsDiffer(slots, readSlots, current.slots, retired)));
    const { [WAITING]: _done, ...seen } = merged.record.seen;
    if (!write) {
      const wait: Record<string, SeenFile> =
        read.kind === 'incomplete'
          ? { [WAITING]: { generation: read.header.generation, etag: read.header.tag, modified: since } }
          : {};
      return { record: { ...merged.record, seen: { ...seen, ...wait }, lastSyncAt: now }, change: merged.change };
    }
    const generation = Math.max(current.generation, read.kind === 'state' ? read.header.generation : 0) + 1;
    const record: SyncRecord = {
      ...merged.record,
      generation,
      seen: { ...seen, [OWN_WRITE]: { generation, etag: tag } },
    };
    return { record, change: merged.change };
  });
  if (committed === undefined) throw new SyncError('no-permission', text('syncstorage_not_on'));
  const report = { merged: remotes.length, changed, uploaded: false, notices };
  if (!write) {
    const notice = quotaNotice(itemsBytes(held));
    return notice === undefined ? report : { ...report, notices: [...notices, notice] };
  }

  const accounts = liveAccounts(committed.replica.state, now).length;
  const sealed = await sealSharedState(
    {
      syncId: committed.syncId,
      writer: committed.device,
      generation: committed.generation,
      slots: unionSlots(committed.slots, readSlots, retiredSlotIds(committed)),
      state: collect(committed.replica.state, now),
      syncKey: committed.syncKey,
    },
    deps.random,
    tag,
  );
  const plan = planWrite(sealed.items, held, accounts);
  try {
    if (plan.removeFirst && plan.stale.length > 0) await deps.area.remove(plan.stale);
    await deps.area.set(plan.items);
    if (!plan.removeFirst && plan.stale.length > 0) await deps.area.remove(plan.stale);
  } catch (e) {
    throw withFigures(e, accounts, plan.bytes);
  }
  await vault.updateSync((current) => ({
    record: current === undefined ? undefined : { ...current, lastSyncAt: now },
  }));
  const notice = quotaNotice(plan.bytes);
  return { ...report, uploaded: true, notices: notice === undefined ? notices : [...notices, notice] };
}

/** What the area holds before sync is turned on: nothing, or a sync to join (its oldest slot's time, its slots). */
export async function storageSyncProbe(area: StorageSyncArea): Promise<SyncProbe> {
  const a = assemble(await area.get());
  if (a.kind === 'empty') return { kind: 'empty' };
  return {
    kind: 'existing',
    created: Math.min(...a.header.slots.map((s) => s.createdAt)),
    devices: a.header.slots.length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Turning sync on: the first browser, or a join (docs/sync-format.md "Joining a second device")

export interface StorageSetupDeps extends StorageSyncDeps {
  keyring: SyncKeyring;
  uuid: () => string;
}

function newRecord(
  fx: { now: number; syncKey: Uint8Array; syncId: string; device: string; deviceName: string; slot: PasswordSlot },
  accounts: readonly Account[],
): SyncRecord {
  const replica = localUpdate(
    { device: fx.device, hlc: { l: 0, c: 0 }, state: stateOfVault(accounts, fx.device, fx.now) },
    fx.now,
    (state, stamp) => nameDevice(state, fx.device, fx.deviceName, stamp),
  );
  return {
    v: 1,
    syncKey: fx.syncKey,
    syncId: fx.syncId,
    device: fx.device,
    deviceName: fx.deviceName,
    engine: { kind: 'storage-sync' },
    slots: [fx.slot],
    generation: 0,
    written: {},
    seen: {},
    replica,
    digests: {},
  };
}

/** The first browser: a new sync key, its slot under the master password, and the first write of the shared state. */
export async function startStorageSync(
  deps: StorageSetupDeps,
  input: { masterPassword: string; deviceName: string },
  vault: SyncVaultPort,
): Promise<RoundReport> {
  // Starting over a sync already in the area would replace the other browsers' state: that is a join.
  if ((await storageSyncProbe(deps.area)).kind !== 'empty')
    throw new SyncError('other-sync', text('syncstorage_already_there'));
  const syncKey = deps.random(32);
  const syncId = deps.uuid();
  const now = deps.now();
  const slot = await deps.keyring.createSlot(input.masterPassword, syncKey, syncId, deps);
  const device = freshDeviceId(deps.random, emptyState());
  await vault.updateSync((current, accounts) => {
    if (current !== undefined) throw new SyncError('other-sync', text('syncstorage_already_on'));
    return { record: newRecord({ now, syncKey, syncId, device, deviceName: input.deviceName, slot }, accounts) };
  });
  return storageSyncRound(deps, vault);
}

export interface PendingStorageJoin {
  preview: { added: number; combined: number; kept: number; devices: string[] };
  record: SyncRecord;
}

/** Opens the shared state with the master password of one of its browsers; writes nothing. */
export async function prepareStorageJoin(
  deps: StorageSetupDeps,
  input: { remotePassword: string; masterPassword: string; deviceName: string },
  accounts: readonly Account[],
): Promise<PendingStorageJoin> {
  const a = assemble(await deps.area.get());
  if (a.kind === 'empty') throw new SyncError('not-found', text('syncstorage_nothing_to_join'));
  if (a.kind === 'incomplete') throw new SyncError('not-found', text('syncstorage_incomplete'));
  const syncKey = await deps.keyring.unwrap(a.header.slots.map(slotFromJson), input.remotePassword, a.header.syncId);
  const remote = await openSharedState(a, syncKey);
  const now = deps.now();
  const slot = await deps.keyring.createSlot(input.masterPassword, syncKey, a.header.syncId, deps);
  const device = freshDeviceId(deps.random, remote);
  const record = newRecord(
    { now, syncKey, syncId: a.header.syncId, device, deviceName: input.deviceName, slot },
    accounts,
  );
  return {
    // Counted as WebDAV's join counts (lib/sync/setup.ts): by id or current key, device names de-duplicated, sorted.
    preview: previewOf(
      accounts,
      [{ device: a.header.writer, generation: a.header.generation, state: remote, name: `tf:${a.header.writer}` }],
      now,
    ),
    record,
  };
}

/** Joins: the record in one vault commit, then a round that merges the shared state and writes the join. */
export async function commitStorageJoin(
  deps: StorageSyncDeps,
  pending: PendingStorageJoin,
  vault: SyncVaultPort,
): Promise<RoundReport> {
  await vault.updateSync((current, accounts) => {
    if (current !== undefined) throw new SyncError('other-sync', text('syncstorage_already_on'));
    // The vault may have changed since the preview: this browser's state is made again from what it holds now.
    const record: SyncRecord = {
      ...pending.record,
      replica: {
        ...pending.record.replica,
        state: {
          ...pending.record.replica.state,
          accounts: stateOfVault(accounts, pending.record.device, deps.now()).accounts,
        },
      },
    };
    return { record };
  });
  return storageSyncRound(deps, vault);
}

/**
 * Turns browser sync off on this browser: the record goes, the vault stays. The shared state is left in place: it
 * is the other browsers' too, so there is no "own file" to remove.
 */
export async function leaveStorageSync(vault: SyncVaultPort): Promise<void> {
  await vault.updateSync(() => ({ record: undefined }));
}

/**
 * The engine in the shape the background service calls (entrypoints/background/sync-parts.ts `StorageSyncParts`):
 * `deps.area` is platform/storage-sync-area.ts `storageSyncArea()`, `deps.keyring` lib/sync/sync-slot.ts's.
 */
export function storageSyncEngine(deps: StorageSetupDeps) {
  return {
    probe: () => storageSyncProbe(deps.area),
    start: (input: { masterPassword: string; deviceName: string }, vault: SyncVaultPort) =>
      startStorageSync(deps, input, vault),
    prepareJoin: (
      input: { remotePassword: string; masterPassword: string; deviceName: string },
      accounts: readonly Account[],
    ) => prepareStorageJoin(deps, input, accounts),
    commitJoin: (pending: PendingStorageJoin, vault: SyncVaultPort) => commitStorageJoin(deps, pending, vault),
    round: (vault: SyncVaultPort) => storageSyncRound(deps, vault),
    leave: (vault: SyncVaultPort, _removeFiles: boolean) => leaveStorageSync(vault),
  };
}
