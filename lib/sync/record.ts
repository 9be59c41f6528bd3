import type { PasswordSlot } from '../vault/slots';
import type { Replica } from './replica';

/*
 * What a device keeps about its sync, inside its vault (docs/sync-format.md "On the device: the replica record"):
 * sealed under the vault key in IndexedDB `meta/"sync"`, so the WebDAV credentials and the sync key are as safe as
 * the accounts. Absent when sync is off.
 */

export type EngineConfig =
  | {
      kind: 'webdav' /** the folder URL the person typed, normalised with a trailing slash */;
      url: string;
      user: string;
      password: string;
    }
  | { kind: 'storage-sync' };

/** What this device last merged of one remote file, by file name. */
export interface SeenFile {
  generation: number;
  etag?: string;
  size?: number;
  modified?: number;
  /**
   * The file failed to read (`unreadable`: cut, tampered, wrong key; `malformed`: a state that fails its checks): it
   * is not read again until the listing shows it changed, and its notice is said again each round until then
   * (docs/sync-format.md "Failures").
   */
  damaged?: 'unreadable' | 'malformed';
}

export interface SyncRecord {
  v: 1;
  syncKey: Uint8Array;
  syncId: string;
  /** This device's id (26 characters of base32) and the name it shows to the others. */
  device: string;
  deviceName: string;
  engine: EngineConfig;
  /** This device's sync password slot(s), copied into every file it writes. */
  slots: PasswordSlot[];
  /** The generation of this device's latest write attempt (WebDAV) or shared-state write (browser sync). */
  generation: number;
  /** Per own slot (`a`, `b`), the generation known to be completely written there. */
  written: { a?: number; b?: number };
  /** Set while a write's outcome is unknown (cut, timeout): the slot and generation to read back next round. */
  unsure?: { slot: 'a' | 'b'; generation: number };
  seen: Record<string, SeenFile>;
  replica: Replica;
  /** SHA-256 (hex) of each account's vault JSON when last recorded in the replica: catches edits made without it. */
  digests: Record<string, string>;
  /** When the last round completed (ms), for the status line. */
  lastSyncAt?: number;
  /**
   * `writeDigest` (lib/sync/digest.ts) of the state and slots of the latest write attempt: a round whose state still
   * has this digest, and whose latest write is known complete, skips its PUT (nothing new to say).
   */
  writtenDigest?: string;
}
