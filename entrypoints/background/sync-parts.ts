/*
 * The sync parts as the sync service calls them (docs/sync-format.md): the one place the service imports them from,
 * so its tests can hand it fakes of the same shapes.
 */

import type { SyncProbe } from '../../lib/messaging/requests/sync';
import type { EngineConfig } from '../../lib/sync/record';
import type { RoundReport } from '../../lib/sync/round';
import type { PendingJoin } from '../../lib/sync/setup';
import { type PendingStorageJoin, storageSyncEngine } from '../../lib/sync/storage-sync-round';
import { syncKeyring as keyringForStorage } from '../../lib/sync/sync-slot';
import type { SyncVaultPort } from '../../lib/sync/vault-port';
import type { Account } from '../../lib/vault/account-data';
import type { VaultSession } from '../../lib/vault/session';
import { realEffects } from '../../platform/effects';
import { storageSyncArea } from '../../platform/storage-sync-area';

export { nextRetry } from '../../lib/sync/backoff';
export { deviceFileCodec } from '../../lib/sync/device-file';
export { type RoundDeps, type RoundReport, runRound } from '../../lib/sync/round';
export {
  commitJoin,
  leaveSync,
  type PendingJoin,
  prepareJoin,
  probe,
  type SetupDeps,
  startSync,
} from '../../lib/sync/setup';
export { syncKeyring } from '../../lib/sync/sync-slot';
export { normaliseFolderUrl } from '../../lib/sync/webdav-url';
export { hasOrigin } from '../../platform/host-permission';
export { webDavFolder } from '../../platform/webdav-transport';

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
  const engine = storageSyncEngine({
    area: storageSyncArea(),
    keyring: keyringForStorage,
    now: realEffects.now,
    random: realEffects.random,
    uuid: realEffects.uuid,
  });
  return {
    probe: () => engine.probe(),
    start: (input, vault) => engine.start(input, vault),
    // The service keeps a pending join opaque and hands it back to the engine that made it.
    prepareJoin: async (input, accounts) => (await engine.prepareJoin(input, accounts)) as unknown as PendingJoin,
    commitJoin: (pending, vault) => engine.commitJoin(pending as unknown as PendingStorageJoin, vault),
    round: (vault) => engine.round(vault),
    leave: (vault, removeFiles) => engine.leave(vault, removeFiles),
  };
}

// --- s-vault: lib/vault/session.ts, lib/vault/vault.ts
/** The unlocked vault as a sync port, plus the event after a committed local change that stamped the replica. */
export type SyncVault = SyncVaultPort & { onLocalChange(listener: () => void): () => void };
/** The open vault for a round (reopened from the session key after a worker restart); VaultError 'locked' while locked. */
export function syncVault(session: VaultSession): Promise<SyncVault> {
  return session.openSyncVault();
}
/** The session's unlock event (a password, a passkey, a new vault, a reopen after a worker restart). */
export function onUnlock(session: VaultSession, listener: () => void): void {
  session.onUnlock(listener);
}
