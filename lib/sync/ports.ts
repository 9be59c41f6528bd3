import type { PasswordSlot } from '../vault/slots';
import type { SyncState } from './state';

/*
 * The seams between the sync parts (docs/sync-format.md): the device-file codec and the sync key's password slots
 * (lib/sync/device-file.ts, folder-file.ts, sync-slot.ts implement them), used by a round (lib/sync/round.ts) that
 * takes them as parameters so its tests can run on small states without Argon2id.
 */

/** The clear fields of a `.tfsync` file (docs/sync-format.md "The device file"). */
export interface DeviceFileHeader {
  version: number;
  reads: number[];
  syncId: string;
  device: string;
  generation: number;
  slots: PasswordSlot[];
}

export interface SealInput {
  syncId: string;
  device: string;
  generation: number;
  slots: PasswordSlot[];
  state: SyncState;
  syncKey: Uint8Array;
}

export interface DeviceFileCodec {
  /** The file's bytes: compressed, padded, AES-256-GCM under the sync key with the header as associated data. */
  seal(input: SealInput, random: (bytes: number) => Uint8Array): Promise<Uint8Array>;
  /** The clear header alone (no key): `malformed-file`, `newer-version` or `too-large` when it fails its checks. */
  header(bytes: Uint8Array): DeviceFileHeader;
  /** Decrypted and checked as strictly as a vault record: `tampered`, `malformed-file`, `malformed-state`, … */
  open(
    bytes: Uint8Array,
    syncKey: Uint8Array,
    /** A state this device holds: equal account entries are taken from it unchecked (lib/sync/parse-state.ts). */
    known?: SyncState,
  ): Promise<{ header: DeviceFileHeader; state: SyncState }>;
}

/** `sync.json`, the folder's write-once marker (docs/sync-format.md "WebDAV"). */
export interface FolderFile {
  version: number;
  syncId: string;
  created: number;
}

export interface SyncKeyring {
  /** A sync password slot wrapping `syncKey` under `password` (fresh salt; the vault's default Argon2id cost). */
  createSlot(
    password: string,
    syncKey: Uint8Array,
    syncId: string,
    fx: { random: (bytes: number) => Uint8Array; now: () => number; uuid: () => string },
  ): Promise<PasswordSlot>;
  /** The sync key from the first of at most 8 distinct slots `password` opens; `wrong-password` when none. */
  unwrap(slots: readonly PasswordSlot[], password: string, syncId: string): Promise<Uint8Array>;
}
