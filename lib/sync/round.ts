import en from '../../locales/en/syncround.json';
import type { Sub, Text } from '../i18n/text';
import { textsOf } from '../i18n/text';
import type { Account } from '../vault/account-data';
import { skewOf } from './clock';
import { deviceFileName, MAX_DEVICE_FILES, parseDeviceFileName } from './device-file';
import { leaveDevice, nameDevice } from './devices';
import { accountDigest, writeDigest } from './digest';
import { SyncError } from './errors';
import type { Fold } from './fold';
import type { RemoteEntry, SyncFolder } from './folder';
import { FOLDER_FILE, makeFolderFile, parseFolderFile } from './folder-file';
import { materialise } from './materialise';
import { newestClock } from './newest';
import type { DeviceFileCodec, DeviceFileHeader, FolderFile } from './ports';
import type { SeenFile, SyncRecord } from './record';
import { localUpdate, mergeRemote } from './replica';
import { collect } from './retention';
import type { SyncState } from './state';
import { newDeviceId } from './sync-slot';
import type { SyncVaultPort, VaultSyncChange } from './vault-port';

const text = textsOf(en);

/*
 * One sync round against a folder (docs/sync-format.md "Overview", "WebDAV", "Failures"): list, download the other
 * devices' files that changed, join them into the replica and write the vault accounts that changed in ONE vault
 * commit, then upload this device's own file to the slot that does not hold its newest good generation. Every I/O
 * goes through the ports (SyncFolder, DeviceFileCodec, SyncVaultPort), so the round is pure apart from them.
 *
 * Every failure before the commit leaves the vault and the record as they were; the upload comes after the commit
 * and can fail alone (the change stays local and waits for the next round).
 */

export interface RoundDeps {
  folder: SyncFolder;
  codec: DeviceFileCodec;
  now: () => number;
  random: (n: number) => Uint8Array;
}

export interface RoundReport {
  /** Remote files merged this round. */
  merged: number;
  /** Vault account ids added, changed or removed by the merge. */
  changed: string[];
  uploaded: boolean;
  /** Clock ahead, folds, unreadable/old/other-sync/newer files (docs/sync-format.md "Failures"). */
  notices: Text[];
}

export interface RemoteState {
  device: string;
  generation: number;
  state: SyncState;
  /** The file it came from (`seen` is kept by file name). */
  name: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How a device is named in a notice: its name in the state, else "Another browser". */
export function deviceLabel(state: SyncState, device: string): Sub {
  return state.devices[device]?.name[0] ?? text('syncround_another_browser');
}

function duration(ms: number): Text {
  return ms >= HOUR
    ? text('syncround_hours', Math.round(ms / HOUR))
    : text('syncround_minutes', Math.max(1, Math.round(ms / MINUTE)));
}

function accountLabel(state: SyncState, id: string): string {
  const e = state.accounts[id];
  if (e === undefined || 'purged' in e) return id;
  return e.account[0] === '' ? e.issuer[0] : `${e.issuer[0]} (${e.account[0]})`;
}

/**
 * The remote states joined into the record's replica at `now` (skew checks, clock rule, join, one-key fold), `seen`
 * advanced for each merged file, and the vault change that makes the accounts show the joined state, with the
 * digests of the accounts it writes. Pure; the WebDAV round and the browser-sync engine both call it inside
 * `SyncVaultPort.updateSync`, on the CURRENT record and accounts.
 */
export function mergeIntoRecord(
  record: SyncRecord,
  accounts: readonly Account[],
  remotes: readonly RemoteState[],
  now: number,
): { record: SyncRecord; change: VaultSyncChange; notices: Text[] } {
  let replica = record.replica;
  const seen: Record<string, SeenFile> = { ...record.seen };
  const notices: Text[] = [];
  const folds: Fold[] = [];
  for (const r of remotes) {
    const merged = mergeRemote(replica, r.state, now);
    const label = r.state.devices[r.device]?.name[0] ?? deviceLabel(replica.state, r.device);
    if (merged.skew.kind === 'too-far-ahead') {
      // Not merged, and not marked seen: it is read again until its writer's clock is right.
      const date = new Date(now + merged.skew.byMs).toISOString().slice(0, 10);
      notices.push(text('syncround_clock_far', label, date));
      continue;
    }
    if (merged.skew.kind === 'ahead') notices.push(text('syncround_clock_ahead', label, duration(merged.skew.byMs)));
    replica = merged.replica;
    folds.push(...merged.folds);
    const held = seen[r.name];
    seen[r.name] = { ...held, generation: Math.max(held?.generation ?? 0, r.generation) };
  }
  const change = materialise(accounts, replica.state, now);
  const digests = { ...record.digests };
  for (const a of change.put) digests[a.id] = accountDigest(a);
  for (const id of change.remove) delete digests[id];
  for (const f of folds) notices.push(text('syncround_folded', accountLabel(replica.state, f.survivor)));
  return { record: { ...record, replica, seen, digests }, change, notices };
}

/** Whether the listing shows a file other than the one `seen` recorded (ETag, else size and time). */
function changedSince(seen: SeenFile | undefined, entry: RemoteEntry): boolean {
  if (seen === undefined) return true;
  // Without an ETag or a time, equal sizes say nothing (the padding makes sizes equal): read it again.
  if (entry.etag === undefined && entry.modified === undefined) return true;
  // A weak tag is what Apache lists in the first second after a write: made of the size and a whole-second time, it
  // stays the same over a second write of the same size (the padding) in that second, so it proves nothing.
  if (entry.etag?.startsWith('W/')) return true;
  return seen.etag !== entry.etag || seen.size !== entry.size || seen.modified !== entry.modified;
}

/** The longest ETag kept in `seen` (the replica record's reader refuses a longer one; without it, size and time). */
const MAX_ETAG = 1024;

export function seenOf(entry: RemoteEntry, generation: number): SeenFile {
  return {
    generation,
    ...(entry.etag === undefined || entry.etag.length > MAX_ETAG ? {} : { etag: entry.etag }),
    size: entry.size,
    ...(entry.modified === undefined ? {} : { modified: entry.modified }),
  };
}

export const isSyncError = (e: unknown, ...codes: string[]): e is SyncError =>
  e instanceof SyncError && (codes.length === 0 || codes.includes(e.code));

/** sync.json read with the round's own messages: a newer layout, or a damaged file. */
export function readFolderFile(bytes: Uint8Array): FolderFile {
  try {
    return parseFolderFile(bytes);
  } catch (cause) {
    if (isSyncError(cause, 'newer-version'))
      throw new SyncError('newer-version', text('syncround_folder_newer'), {}, { cause });
    if (isSyncError(cause)) throw new SyncError(cause.code, text('syncround_folder_damaged'), {}, { cause });
    throw cause;
  }
}

/** sync.json checked against the record: a newer layout or another sync stops the round before anything is written. */
function checkFolderFile(bytes: Uint8Array, syncId: string): void {
  if (readFolderFile(bytes).syncId !== syncId) throw new SyncError('other-sync', text('syncround_folder_another'));
}

/** The own slot to write: the one that does not hold the newest good generation. */
export function slotToWrite(written: SyncRecord['written']): 'a' | 'b' {
  return (written.a ?? -1) > (written.b ?? -1) ? 'b' : 'a';
}

function latestWritten(written: SyncRecord['written']): number {
  return Math.max(written.a ?? 0, written.b ?? 0);
}

/** What the listing and the downloads found, before anything is committed. */
interface Gathered {
  remotes: RemoteState[];
  /** Listing data for every file handled, by name (merged or refused). */
  seen: Record<string, SeenFile>;
  notices: Text[];
  /** The outcome of reading back an unsure write. */
  confirmed?: { slot: 'a' | 'b'; generation: number };
  /** One of this device's own files holds a generation it did not write: a copied profile. */
  copied: boolean;
  /** Every name the listing holds: `seen` keeps nothing of a file that is gone. */
  listed: Set<string>;
}

async function getFile(folder: SyncFolder, name: string): Promise<Uint8Array | undefined> {
  try {
    return await folder.get(name);
  } catch (e) {
    // Gone between the listing and the GET (its writer left sync): nothing to read this round.
    if (isSyncError(e, 'not-found')) return undefined;
    throw e;
  }
}

async function gather(deps: RoundDeps, record: SyncRecord): Promise<Gathered> {
  const { folder, codec } = deps;
  const listing = await folder.list();
  const out: Gathered = {
    remotes: [],
    seen: {},
    notices: [],
    copied: false,
    listed: new Set(listing.entries.map((e) => e.name)),
  };
  const folderEntry = listing.entries.find((e) => e.name === FOLDER_FILE);
  if (folderEntry === undefined) {
    // The folder (or its marker) is gone: put the marker back for this sync; one already there must be ours.
    await folder.ensure();
    const made = await folder.createOnce(
      FOLDER_FILE,
      makeFolderFile({ version: 1, syncId: record.syncId, created: deps.now() }),
    );
    if (made === 'exists') checkFolderFile(await folder.get(FOLDER_FILE), record.syncId);
  } else if (changedSince(record.seen[FOLDER_FILE], folderEntry)) {
    checkFolderFile(await folder.get(FOLDER_FILE), record.syncId);
    out.seen[FOLDER_FILE] = seenOf(folderEntry, 0);
  }

  const files = listing.entries.flatMap((entry) => {
    const parsed = parseDeviceFileName(entry.name);
    return parsed === undefined ? [] : [{ entry, ...parsed }];
  });
  if (files.length > MAX_DEVICE_FILES)
    throw new SyncError('too-large', text('syncround_too_many_files', MAX_DEVICE_FILES));

  const failed = new Map<string, number>();
  const good = new Set<string>();
  for (const f of files) {
    const name = f.entry.name;
    const held = record.seen[name];
    if (f.device === record.device) {
      await readOwn(deps, record, f, out);
      continue;
    }
    if (!changedSince(held, f.entry)) {
      // A damaged file is not read again until it changes, but said again each round (a later round must not
      // silently drop the notice of the one that read it).
      if (held?.damaged === 'malformed')
        out.notices.push(text('syncround_damaged', deviceLabel(record.replica.state, f.device)));
      else if (held?.damaged) failed.set(f.device, (failed.get(f.device) ?? 0) + 1);
      continue;
    }
    const label = deviceLabel(record.replica.state, f.device);
    const bytes = await getFile(folder, name);
    if (bytes === undefined) continue;
    const keep = (generation = held?.generation ?? 0, damaged?: SeenFile['damaged']) => {
      out.seen[name] = { ...seenOf(f.entry, generation), ...(damaged ? { damaged } : {}) };
    };
    let header: DeviceFileHeader;
    try {
      header = codec.header(bytes);
    } catch (e) {
      if (!isSyncError(e)) throw e;
      // A newer Twofold's file is left untouched and read again each round, so the notice stays until an update.
      if (e.code === 'newer-version') out.notices.push(text('syncround_device_newer', label));
      else {
        failed.set(f.device, (failed.get(f.device) ?? 0) + 1);
        keep(undefined, 'unreadable');
      }
      continue;
    }
    if (header.syncId !== record.syncId) {
      out.notices.push(text('syncround_other_sync_file'));
      keep();
      continue;
    }
    if (header.device !== f.device) {
      failed.set(f.device, (failed.get(f.device) ?? 0) + 1);
      keep(undefined, 'unreadable');
      continue;
    }
    if (held !== undefined && header.generation <= held.generation) {
      // Equal: the same file under a new tag (Apache's weak tag turning strong, sync-format.md "Round trip").
      if (header.generation < held.generation) out.notices.push(text('syncround_old_copy', label));
      keep();
      continue;
    }
    try {
      const opened = await codec.open(bytes, record.syncKey, record.replica.state);
      out.remotes.push({ device: f.device, generation: opened.header.generation, state: opened.state, name });
      out.seen[name] = seenOf(f.entry, opened.header.generation);
      good.add(f.device);
    } catch (e) {
      if (!isSyncError(e)) throw e;
      if (e.code === 'malformed-state') out.notices.push(text('syncround_damaged', label));
      else failed.set(f.device, (failed.get(f.device) ?? 0) + 1);
      keep(undefined, e.code === 'malformed-state' ? 'malformed' : 'unreadable');
    }
  }
  for (const device of failed.keys()) {
    const label = deviceLabel(record.replica.state, device);
    const other = files.some(
      (f) =>
        f.device === device &&
        (record.seen[f.entry.name]?.generation ?? 0) > 0 &&
        !record.seen[f.entry.name]?.damaged &&
        !out.seen[f.entry.name],
    );
    out.notices.push(
      good.has(device) || other
        ? text('syncround_unreadable_previous', label)
        : text('syncround_unreadable_both', label),
    );
  }
  return out;
}

/**
 * One of this device's own slots: an unsure write is read back (it counts as written only if it decrypts to the
 * generation written), and a generation this device did not write means its profile was copied
 * (docs/sync-format.md "A copied profile"): that state is joined, and the device takes a new id.
 */
async function readOwn(
  deps: RoundDeps,
  record: SyncRecord,
  f: { entry: RemoteEntry; slot: 'a' | 'b' },
  out: Gathered,
): Promise<void> {
  const name = f.entry.name;
  const unsure = record.unsure?.slot === f.slot ? record.unsure : undefined;
  if (unsure === undefined && !changedSince(record.seen[name], f.entry)) return;
  const bytes = await getFile(deps.folder, name);
  if (bytes === undefined) return;
  let header: DeviceFileHeader;
  let state: SyncState | undefined;
  try {
    header = deps.codec.header(bytes);
    if (header.device !== record.device || header.syncId !== record.syncId) return;
    const latest = header.generation >= record.generation;
    if (latest || unsure !== undefined) {
      const opened = await deps.codec.open(bytes, record.syncKey, record.replica.state);
      state = opened.state;
    }
  } catch (e) {
    // A cut or damaged own slot: not written (an unsure write stays unconfirmed, so that slot is written again).
    if (isSyncError(e)) return;
    throw e;
  }
  const g = header.generation;
  const mine =
    g < record.generation ||
    (g === record.generation &&
      (record.writtenDigest === undefined || writeDigest(state as SyncState, header.slots) === record.writtenDigest));
  if (!mine) {
    out.copied = true;
    out.remotes.push({ device: record.device, generation: g, state: state as SyncState, name });
    return;
  }
  if (unsure !== undefined && g === unsure.generation) out.confirmed = { slot: f.slot, generation: g };
  out.seen[name] = seenOf(f.entry, g);
}

/** A device id that no device of `state` uses, nor any of its stamp prefixes. */
export function freshDeviceId(random: (n: number) => Uint8Array, state: SyncState): string {
  for (;;) {
    const id = newDeviceId(random);
    if (!Object.keys(state.devices).some((d) => d.slice(0, 8) === id.slice(0, 8))) return id;
  }
}

/** The record under a new device id (a copied profile): its own files start again, under the new name. */
function asNewDevice(record: SyncRecord, now: number, random: (n: number) => Uint8Array): SyncRecord {
  const device = freshDeviceId(random, record.replica.state);
  // The old id is retired for everyone (a copy still writing under it sees this and takes a new id too), so the
  // devices list does not keep a device nobody is any more.
  const replica = localUpdate({ ...record.replica, device }, now, (s, stamp) =>
    leaveDevice(nameDevice(s, device, record.deviceName, stamp), record.device, stamp),
  );
  const seen = Object.fromEntries(
    Object.entries(record.seen).filter(([name]) => parseDeviceFileName(name)?.device !== record.device),
  );
  const { unsure: _u, writtenDigest: _w, ...rest } = record;
  return { ...rest, device, replica, seen, generation: 0, written: {} };
}

/**
 * One round (docs/sync-format.md "Overview"). Throws the SyncError of a failed round: before the local commit
 * nothing is written; after it (the upload alone failed) the merge is kept and the change waits for the next round.
 */
export async function runRound(deps: RoundDeps, vault: SyncVaultPort): Promise<RoundReport> {
  const record = vault.syncRecord();
  if (record === undefined) return { merged: 0, changed: [], uploaded: false, notices: [] };
  const gathered = await gather(deps, record);
  const now = deps.now();
  const far = new Set(
    gathered.remotes.filter((r) => skewOf(newestClock(r.state), now).kind === 'too-far-ahead').map((r) => r.name),
  );

  let outcome: { change: VaultSyncChange; notices: Text[]; put: boolean; written: Written } | undefined;
  const committed = await vault.updateSync((current, accounts) => {
    // Sync turned off, or another round changed who this device is, while this one downloaded: write nothing.
    if (current === undefined || current.syncId !== record.syncId || current.device !== record.device)
      return { record: current };
    const merged = mergeIntoRecord(current, accounts, gathered.remotes, now);
    let next = merged.record;
    const seen = { ...next.seen };
    for (const [name, s] of Object.entries(gathered.seen))
      if (!far.has(name)) seen[name] = { ...s, generation: Math.max(s.generation, seen[name]?.generation ?? 0) };
    for (const name of Object.keys(seen)) if (!gathered.listed.has(name)) delete seen[name];
    next = { ...next, seen };
    if (next.unsure !== undefined) {
      const { unsure, ...rest } = next;
      const c = gathered.confirmed;
      next =
        c === undefined || c.generation !== unsure.generation
          ? rest
          : { ...rest, written: { ...rest.written, [c.slot]: c.generation } };
    }
    const notices = [...gathered.notices, ...merged.notices];
    // A state that says this device's id left, while this device still uses it: a copy of this profile took a
    // new id and retired the old one; this one takes a new id as well.
    if (gathered.copied || next.replica.state.devices[next.device]?.left !== undefined) {
      next = asNewDevice(next, now, deps.random);
      notices.push(text('syncround_copied'));
    }
    const state = collect(next.replica.state, now);
    const digest = writeDigest(state, next.slots);
    const put = digest !== next.writtenDigest || latestWritten(next.written) < next.generation || next.generation === 0;
    if (!put) next = { ...next, lastSyncAt: now };
    outcome = {
      change: merged.change,
      notices,
      put,
      written: { replica: next.replica, slots: next.slots, state, digest },
    };
    return { record: next, change: merged.change };
  });
  if (committed === undefined || outcome === undefined) return { merged: 0, changed: [], uploaded: false, notices: [] };
  const report: RoundReport = {
    merged: gathered.remotes.filter((r) => !far.has(r.name)).length,
    changed: [...outcome.change.put.map((a) => a.id), ...outcome.change.remove],
    uploaded: false,
    notices: outcome.notices,
  };
  if (!outcome.put) return report;
  return { ...report, uploaded: await upload(deps, vault, committed, now, outcome.written) };
}

/** The state a round decided to write and its digest, for the replica and slots they were made from. */
interface Written {
  replica: SyncRecord['replica'];
  slots: SyncRecord['slots'];
  state: SyncState;
  digest: string;
}

/**
 * Seals the record's state and writes it to the slot that does not hold the newest good generation, then records
 * the write. A failed PUT may have damaged that slot (a server writing in place), so the slot no longer counts as
 * written; an unknown outcome (timeout, connection lost) is read back next round.
 */
export async function upload(
  deps: RoundDeps,
  vault: SyncVaultPort,
  record: SyncRecord,
  now: number,
  decided?: Written,
): Promise<boolean> {
  const slot = slotToWrite(record.written);
  const generation = record.generation + 1;
  // The round collected and digested this very replica at this `now` to decide on the write: not done twice.
  const known = decided !== undefined && decided.replica === record.replica && decided.slots === record.slots;
  const state = known ? decided.state : collect(record.replica.state, now);
  const digest = known ? decided.digest : writeDigest(state, record.slots);
  const bytes = await deps.codec.seal(
    { syncId: record.syncId, device: record.device, generation, slots: record.slots, state, syncKey: record.syncKey },
    deps.random,
  );
  const name = deviceFileName(record.device, slot);
  const same = (current: SyncRecord | undefined): current is SyncRecord =>
    current !== undefined && current.syncId === record.syncId && current.device === record.device;
  // The attempt is recorded BEFORE the PUT (generation, the slot as unsure, the digest): a PUT that lands but whose
  // completion is never recorded (the worker stopped, the vault locked) is then read back as this device's own write,
  // not taken for a copied profile. A locked vault fails this commit, so no PUT starts after the lock.
  const attempt = await vault.updateSync((current) => {
    if (!same(current)) return { record: current };
    const { [slot]: _gone, ...written } = current.written;
    return {
      record: {
        ...current,
        generation: Math.max(current.generation, generation),
        written,
        unsure: { slot, generation },
        writtenDigest: digest,
      },
    };
  });
  // Sync turned off or this device renamed meanwhile: nothing of this record to write.
  if (!same(attempt)) return false;
  try {
    try {
      await deps.folder.put(name, bytes);
    } catch (e) {
      // 409 on a PUT: the folder went away; it is made again and the write tried once more.
      if (!isSyncError(e, 'conflict')) throw e;
      await deps.folder.ensure();
      await deps.folder.put(name, bytes);
    }
  } catch (e) {
    const unknown = isSyncError(e, 'offline', 'timeout');
    await vault.updateSync((current) => {
      if (!same(current)) return { record: current };
      const { [slot]: _gone, ...written } = current.written;
      const { unsure: _u, ...rest } = current;
      return {
        record: {
          ...rest,
          generation: Math.max(current.generation, generation),
          written,
          ...(unknown ? { unsure: { slot, generation }, writtenDigest: digest } : {}),
        },
      };
    });
    throw e;
  }
  await vault.updateSync((current) => {
    if (!same(current)) return { record: current };
    const { unsure: _u, ...rest } = current;
    return {
      record: {
        ...rest,
        generation: Math.max(current.generation, generation),
        written: { ...current.written, [slot]: generation },
        writtenDigest: digest,
        lastSyncAt: now,
      },
    };
  });
  return true;
}
