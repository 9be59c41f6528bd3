import en from '../../locales/en/syncround.json';
import { encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import type { SyncJoinPreview, SyncProbe } from '../messaging/requests/sync';
import type { Account } from '../vault/account-data';
import type { PasswordSlot } from '../vault/slots';
import { receive } from './clock';
import { deviceFileName, MAX_DEVICE_FILES, parseDeviceFileName } from './device-file';
import { leaveDevice, nameDevice } from './devices';
import { accountDigest } from './digest';
import { SyncError } from './errors';
import type { SyncFolder } from './folder';
import { FOLDER_FILE, makeFolderFile } from './folder-file';
import { join } from './join';
import { stateOfVault } from './local-edit';
import { newestClock } from './newest';
import type { DeviceFileCodec, DeviceFileHeader, SyncKeyring } from './ports';
import type { EngineConfig, SeenFile, SyncRecord } from './record';
import { localUpdate, type Replica } from './replica';
import {
  freshDeviceId,
  isSyncError,
  mergeIntoRecord,
  type RemoteState,
  type RoundDeps,
  type RoundReport,
  readFolderFile,
  runRound,
  upload,
  seenOf,
} from './round';
import { emptyState } from './state';
import { newSyncKey } from './sync-slot';
import type { SyncVaultPort } from './vault-port';
import { liveAccounts } from './view';

const text = textsOf(en);

/*
 * Turning sync on and off (docs/sync-format.md "Joining a second device"): the probe of a folder, the first device's
 * start, the join in two steps (a preview that writes nothing, then one vault commit and the first upload), and
 * leaving. Every I/O goes through the ports; the Argon2id runs are the keyring's.
 */

export type SetupDeps = RoundDeps & { keyring: SyncKeyring; uuid: () => string };

/** What the folder holds before sync is turned on: nothing, or a sync (its start and how many browsers use it). */
export async function probe(folder: SyncFolder, _codec: DeviceFileCodec): Promise<SyncProbe> {
  const listing = await folder.list();
  if (!listing.entries.some((e) => e.name === FOLDER_FILE)) return { kind: 'empty' };
  const file = readFolderFile(await folder.get(FOLDER_FILE));
  const devices = new Set(listing.entries.flatMap((e) => parseDeviceFileName(e.name)?.device ?? []));
  return { kind: 'existing', created: file.created, devices: devices.size };
}

interface Identity {
  syncKey: Uint8Array;
  syncId: string;
  device: string;
  deviceName: string;
  engine: EngineConfig;
  slots: PasswordSlot[];
}

/** The record of a device turning sync on: its vault as its first state, its name set, every account's digest. */
function firstRecord(id: Identity, accounts: readonly Account[], now: number): SyncRecord {
  const state = stateOfVault(accounts, id.device, now);
  const replica: Replica = localUpdate(
    { device: id.device, hlc: receive({ l: 0, c: 0 }, newestClock(state), now), state },
    now,
    (s, stamp) => nameDevice(s, id.device, id.deviceName, stamp),
  );
  return {
    v: 1,
    ...id,
    generation: 0,
    written: {},
    seen: {},
    replica,
    digests: Object.fromEntries(accounts.map((a) => [a.id, accountDigest(a)])),
  };
}

const alreadyOn = () => new SyncError('other-sync', text('syncround_already_on'));

/**
 * The first device (docs/sync-format.md "Joining a second device", step 2): a new sync key, sync id and device id,
 * `sync.json` created once, a slot from the master password, the record committed, then the first upload. A folder
 * that already holds a sync with device files is refused (SyncError 'other-sync': join it instead); a `sync.json`
 * alone (a start that failed before its first file) is taken over.
 */
export async function startSync(
  deps: SetupDeps,
  input: { engine: EngineConfig; masterPassword: string; deviceName: string },
  vault: SyncVaultPort,
): Promise<RoundReport> {
  if (vault.syncRecord() !== undefined) throw alreadyOn();
  const { folder } = deps;
  await folder.ensure();
  const syncId = await claimFolder(deps);
  const syncKey = newSyncKey(deps.random);
  const device = freshDeviceId(deps.random, emptyState());
  const slot = await deps.keyring.createSlot(input.masterPassword, syncKey, syncId, deps);
  const now = deps.now();
  await vault.updateSync((current, accounts) => {
    if (current !== undefined) throw alreadyOn();
    const id = { syncKey, syncId, device, deviceName: input.deviceName, engine: input.engine, slots: [slot] };
    return { record: firstRecord(id, accounts, now) };
  });
  return runRound(deps, vault);
}

/** The sync id this device starts: a new `sync.json`, or the one an unfinished start left with no device file. */
async function claimFolder(deps: SetupDeps): Promise<string> {
  const { folder } = deps;
  const adopt = async (): Promise<string> => {
    const listing = await folder.list();
    if (listing.entries.some((e) => parseDeviceFileName(e.name) !== undefined))
      throw new SyncError('other-sync', text('syncround_already_exists'));
    return readFolderFile(await folder.get(FOLDER_FILE)).syncId;
  };
  const listing = await folder.list();
  if (listing.entries.some((e) => e.name === FOLDER_FILE)) return adopt();
  const syncId = deps.uuid();
  const made = await folder.createOnce(FOLDER_FILE, makeFolderFile({ version: 1, syncId, created: deps.now() }));
  if (made === 'exists') return adopt();
  // A server that ignored `If-None-Match` may have let another first device's file replace ours: read it back.
  const back = readFolderFile(await folder.get(FOLDER_FILE));
  if (back.syncId !== syncId) throw new SyncError('other-sync', text('syncround_already_exists'));
  return syncId;
}

/** A join opened and previewed, not yet written. */
export interface PendingJoin {
  preview: SyncJoinPreview;
  readonly identity: Identity;
  readonly remotes: readonly RemoteState[];
  /** Listing data of the files the remotes came from, for `seen`. */
  readonly seen: Readonly<Record<string, SeenFile>>;
}

const keyOf = (a: Account) => `${a.otp.kind}:${encodeBase32(a.otp.secret)}`;

/** The preview's counts: accounts matched by id or by key (one key is one account) are combined. */
export function previewOf(accounts: readonly Account[], remotes: readonly RemoteState[], now: number): SyncJoinPreview {
  const joined = remotes.reduce((s, r) => join(s, r.state), emptyState());
  const theirs = liveAccounts(joined, now);
  const theirIds = new Set(theirs.map((a) => a.id));
  const theirKeys = new Set(theirs.map(keyOf));
  const myIds = new Set(accounts.map((a) => a.id));
  const myKeys = new Set(accounts.map(keyOf));
  const combined = accounts.filter((a) => theirIds.has(a.id) || theirKeys.has(keyOf(a))).length;
  return {
    added: theirs.filter((a) => !myIds.has(a.id) && !myKeys.has(keyOf(a))).length,
    combined,
    kept: accounts.length - combined,
    devices: [
      ...new Set(Object.values(joined.devices).flatMap((d) => (d.left === undefined ? [d.name[0]] : []))),
    ].sort(),
  };
}

/**
 * Opens an existing sync with the master password of one of its browsers (docs/sync-format.md "Joining a second
 * device", steps 3–5): every device file's header is read, the sync key unwrapped from their slots (the keyring
 * tries at most 8 distinct ones; 'wrong-password' when none opens), the states opened, and a slot made for this
 * browser's own master password. Writes nothing.
 */
export async function prepareJoin(
  deps: SetupDeps,
  input: { engine: EngineConfig; remotePassword: string; masterPassword: string; deviceName: string },
  accounts: readonly Account[],
): Promise<PendingJoin> {
  const { folder, codec } = deps;
  const listing = await folder.list();
  if (!listing.entries.some((e) => e.name === FOLDER_FILE)) throw new SyncError('not-found', text('syncround_no_sync'));
  const { syncId } = readFolderFile(await folder.get(FOLDER_FILE));
  const entries = listing.entries.filter((e) => parseDeviceFileName(e.name) !== undefined);
  if (entries.length > MAX_DEVICE_FILES)
    throw new SyncError('too-large', text('syncround_too_many_files', MAX_DEVICE_FILES));
  const files: { name: string; bytes: Uint8Array; header: DeviceFileHeader; seen: SeenFile }[] = [];
  for (const entry of entries) {
    let bytes: Uint8Array;
    let header: DeviceFileHeader;
    try {
      bytes = await folder.get(entry.name);
      header = codec.header(bytes);
    } catch (e) {
      // A vanished, damaged or newer file is not used; the first round names it.
      if (isSyncError(e, 'not-found', 'malformed-file', 'newer-version', 'too-large')) continue;
      throw e;
    }
    if (header.syncId !== syncId || header.device !== parseDeviceFileName(entry.name)?.device) continue;
    files.push({ name: entry.name, bytes, header, seen: seenOf(entry, header.generation) });
  }
  const slots = [...new Map(files.flatMap((f) => f.header.slots).map((s) => [s.id, s])).values()];
  const syncKey = await deps.keyring.unwrap(slots, input.remotePassword, syncId);
  const remotes: RemoteState[] = [];
  const seen: Record<string, SeenFile> = {};
  for (const f of files) {
    try {
      const opened = await codec.open(f.bytes, syncKey);
      remotes.push({
        device: f.header.device,
        generation: opened.header.generation,
        state: opened.state,
        name: f.name,
      });
      seen[f.name] = f.seen;
    } catch (e) {
      if (!isSyncError(e)) throw e;
    }
  }
  const joined = remotes.reduce((s, r) => join(s, r.state), emptyState());
  const device = freshDeviceId(deps.random, joined);
  const slot = await deps.keyring.createSlot(input.masterPassword, syncKey, syncId, deps);
  return {
    preview: previewOf(accounts, remotes, deps.now()),
    identity: { syncKey, syncId, device, deviceName: input.deviceName, engine: input.engine, slots: [slot] },
    remotes,
    seen,
  };
}

/**
 * The join written (docs/sync-format.md "Joining a second device", step 6): this browser's vault as its first
 * state, the remote states merged into it, the vault accounts and the record in one commit; then the first upload.
 */
export async function commitJoin(deps: RoundDeps, pending: PendingJoin, vault: SyncVaultPort): Promise<RoundReport> {
  const now = deps.now();
  let first: { notices: RoundReport['notices']; changed: string[] } | undefined;
  await vault.updateSync((current, accounts) => {
    if (current !== undefined) throw alreadyOn();
    const base = firstRecord(pending.identity, accounts, now);
    const merged = mergeIntoRecord(base, accounts, pending.remotes, now);
    const seen = { ...merged.record.seen };
    for (const [name, s] of Object.entries(pending.seen))
      if (seen[name] !== undefined) seen[name] = { ...s, generation: Math.max(s.generation, seen[name].generation) };
    first = { notices: merged.notices, changed: [...merged.change.put.map((a) => a.id), ...merged.change.remove] };
    return { record: { ...merged.record, seen }, change: merged.change };
  });
  const round = await runRound(deps, vault);
  return {
    merged: pending.remotes.length + round.merged,
    changed: [...new Set([...(first?.changed ?? []), ...round.changed])],
    uploaded: round.uploaded,
    notices: [...(first?.notices ?? []), ...round.notices],
  };
}

/** Sync off on this browser: the record goes, the vault stays; optionally this browser's two files go first. */
export async function leaveSync(deps: RoundDeps, vault: SyncVaultPort, removeFiles: boolean): Promise<void> {
  const record = vault.syncRecord();
  if (record === undefined) return;
  if (removeFiles) {
    await deps.folder.remove(deviceFileName(record.device, 'a'));
    await deps.folder.remove(deviceFileName(record.device, 'b'));
  } else {
    // Its files stay: they say that it left (docs/sync-format.md "State": `devices`), so the others' lists drop it.
    // One write, best effort: turning sync off works offline too (then the others keep listing it).
    const stamped = await vault.updateSync((current) =>
      current?.syncId === record.syncId && current.device === record.device
        ? {
            record: {
              ...current,
              replica: localUpdate(current.replica, deps.now(), (s, stamp) => leaveDevice(s, current.device, stamp)),
            },
          }
        : { record: current },
    );
    if (stamped?.syncId === record.syncId) await upload(deps, vault, stamped, deps.now()).catch(() => false);
  }
  await vault.updateSync((current) =>
    current?.syncId === record.syncId ? { record: undefined } : { record: current },
  );
}
