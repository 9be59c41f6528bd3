import type { SyncFolder } from '../lib/sync/folder';
import type { DeviceFileCodec, SyncKeyring } from '../lib/sync/ports';
import type { EngineConfig } from '../lib/sync/record';
import type { SyncVaultPort } from '../lib/sync/vault-port';
import type { Text } from '../lib/i18n/text';

/*
 * STAND-INS for the parts bench/sync-webdav.ts measures, with the signatures of /work's issue-20 contract
 * (s-round's lib/sync/round.ts and setup.ts, s-file's lib/sync/device-file.ts and sync-slot.ts, s-webdav's
 * platform/webdav-transport.ts). They are not in this branch; at the merge the lead replaces this file's body with
 * re-exports of the real modules:
 *
 *   export { runRound, type RoundDeps, type RoundReport } from '../lib/sync/round';
 *   export { startSync } from '../lib/sync/setup';
 *   export { deviceFileCodec } from '../lib/sync/device-file';
 *   export { syncKeyring } from '../lib/sync/sync-slot';
 *   export { webDavFolder } from '../platform/webdav-transport';
 *
 * Until then each throws, and the bench says the figures are not measured yet.
 */

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

export class StandIn extends Error {
  constructor(what: string) {
    super(`${what} is a stand-in until the sync parts are merged (bench/sync-standins.ts)`);
  }
}

export function runRound(_deps: RoundDeps, _vault: SyncVaultPort): Promise<RoundReport> {
  return Promise.reject(new StandIn('runRound'));
}

export function startSync(
  _deps: RoundDeps & { keyring: SyncKeyring; uuid: () => string },
  _input: { engine: EngineConfig; masterPassword: string; deviceName: string },
  _vault: SyncVaultPort,
): Promise<RoundReport> {
  return Promise.reject(new StandIn('startSync'));
}

const refuse = (what: string) => () => {
  throw new StandIn(what);
};

export const deviceFileCodec: DeviceFileCodec = {
  seal: () => Promise.reject(new StandIn('deviceFileCodec')),
  header: refuse('deviceFileCodec'),
  open: () => Promise.reject(new StandIn('deviceFileCodec')),
};

export const syncKeyring: SyncKeyring = {
  createSlot: () => Promise.reject(new StandIn('syncKeyring')),
  unwrap: () => Promise.reject(new StandIn('syncKeyring')),
};

export function webDavFolder(
  _config: { url: string; user: string; password: string },
  _opts?: { fetch?: typeof fetch; timeoutMs?: number },
): SyncFolder {
  throw new StandIn('webDavFolder');
}
