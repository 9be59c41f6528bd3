/*
 * The other sync parts, as the sync service calls them (the signatures each part exports; docs/sync-format.md).
 * Stand-ins until the parts are merged: each body throws "not built yet", except the unlock subscription, which must
 * not break the background's start while the vault's event does not exist yet (it then never fires, so the service
 * stays "off"). The lead replaces this file's bodies by re-exports of the real modules; nothing else in the service
 * imports the parts directly.
 */

import type { Text } from '../../lib/i18n/text';
import type { SyncJoinPreview, SyncProbe } from '../../lib/messaging/requests/sync';
import type { SyncError } from '../../lib/sync/errors';
import type { SyncFolder } from '../../lib/sync/folder';
import type { DeviceFileCodec, SyncKeyring } from '../../lib/sync/ports';
import type { EngineConfig } from '../../lib/sync/record';
import type { SyncVaultPort } from '../../lib/sync/vault-port';
import type { Account } from '../../lib/vault/account-data';
import type { VaultSession } from '../../lib/vault/session';

const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

// --- s-round: lib/sync/round.ts, setup.ts, backoff.ts
export interface RoundDeps {
  folder: SyncFolder;
  codec: DeviceFileCodec;
  now: () => number;
  random: (n: number) => Uint8Array;
}
export interface RoundReport {
  merged: number;
  changed: string[];
  uploaded: boolean;
  notices: Text[];
}
export interface PendingJoin {
  preview: SyncJoinPreview;
}
export type SetupDeps = RoundDeps & { keyring: SyncKeyring; uuid: () => string };

export function runRound(_deps: RoundDeps, _vault: SyncVaultPort): Promise<RoundReport> {
  return notBuilt('runRound');
}
export function probe(_folder: SyncFolder, _codec: DeviceFileCodec): Promise<SyncProbe> {
  return notBuilt('probe');
}
export function startSync(
  _deps: SetupDeps,
  _input: { engine: EngineConfig; masterPassword: string; deviceName: string },
  _vault: SyncVaultPort,
): Promise<RoundReport> {
  return notBuilt('startSync');
}
export function prepareJoin(
  _deps: SetupDeps,
  _input: { engine: EngineConfig; remotePassword: string; masterPassword: string; deviceName: string },
  _accounts: readonly Account[],
): Promise<PendingJoin> {
  return notBuilt('prepareJoin');
}
export function commitJoin(_deps: RoundDeps, _pending: PendingJoin, _vault: SyncVaultPort): Promise<RoundReport> {
  return notBuilt('commitJoin');
}
export function leaveSync(_deps: RoundDeps, _vault: SyncVaultPort, _removeFiles: boolean): Promise<void> {
  return notBuilt('leaveSync');
}
export function nextRetry(_failures: number, _error: SyncError, _random: () => number): number | undefined {
  return notBuilt('nextRetry');
}

// --- s-file: lib/sync/device-file.ts, sync-slot.ts
export const deviceFileCodec: DeviceFileCodec = {
  seal: () => notBuilt('deviceFileCodec.seal'),
  header: () => notBuilt('deviceFileCodec.header'),
  open: () => notBuilt('deviceFileCodec.open'),
};
export const syncKeyring: SyncKeyring = {
  createSlot: () => notBuilt('syncKeyring.createSlot'),
  unwrap: () => notBuilt('syncKeyring.unwrap'),
};

// --- s-webdav: platform/webdav-transport.ts, lib/sync/webdav-url.ts, platform/host-permission.ts
export function webDavFolder(
  _config: { url: string; user: string; password: string },
  _opts?: { fetch?: typeof fetch; timeoutMs?: number },
): SyncFolder {
  return notBuilt('webDavFolder');
}
export function normaliseFolderUrl(_typed: string): string {
  return notBuilt('normaliseFolderUrl');
}
export function hasOrigin(_url: string): Promise<boolean> {
  return notBuilt('hasOrigin');
}

// --- s-storage: lib/sync/storage-sync-round.ts, platform/storage-sync-area.ts. Its start/join/leave mirror setup.ts;
// the service needs them through this one shape (entrypoints/background/sync-engine.ts `SyncEngine`).
export interface StorageSyncParts {
  probe(): Promise<SyncProbe>;
  start(
    input: { engine: EngineConfig; masterPassword: string; deviceName: string },
    vault: SyncVaultPort,
  ): Promise<RoundReport>;
  prepareJoin(
    input: { engine: EngineConfig; remotePassword: string; masterPassword: string; deviceName: string },
    accounts: readonly Account[],
  ): Promise<PendingJoin>;
  commitJoin(pending: PendingJoin, vault: SyncVaultPort): Promise<RoundReport>;
  round(vault: SyncVaultPort): Promise<RoundReport>;
  leave(vault: SyncVaultPort, removeFiles: boolean): Promise<void>;
}
export function storageSyncParts(): StorageSyncParts {
  return notBuilt('storageSyncParts');
}

// --- s-vault: lib/vault/session.ts, lib/vault/vault.ts
/** The unlocked vault as a sync port, plus the event after a committed local change that stamped the replica. */
export type SyncVault = SyncVaultPort & { onLocalChange(listener: () => void): () => void };
/** `session.syncVault()`: the unlocked vault as a port; VaultError 'locked' while locked. */
export async function syncVault(_session: VaultSession): Promise<SyncVault> {
  return notBuilt('session.syncVault');
}
/** The session's unlock event (a password, a passkey or a new vault). Stand-in: never fires. */
export function onUnlock(_session: VaultSession, _listener: () => void): void {}
