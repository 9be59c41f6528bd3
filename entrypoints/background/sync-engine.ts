import type { SyncProbe } from '../../lib/messaging/requests/sync';
import { SyncError } from '../../lib/sync/errors';
import type { EngineConfig } from '../../lib/sync/record';
import { text } from '../../lib/sync/service-errors';
import type { SyncVaultPort } from '../../lib/sync/vault-port';
import type { Account } from '../../lib/vault/account-data';
import type * as Parts from './sync-parts';

/** One engine's operations, as the handlers and the scheduler call them (WebDAV or browser sync). */
export interface SyncEngine {
  config: EngineConfig;
  probe(): Promise<SyncProbe>;
  start(input: { masterPassword: string; deviceName: string }, vault: SyncVaultPort): Promise<Parts.RoundReport>;
  prepareJoin(
    input: { remotePassword: string; masterPassword: string; deviceName: string },
    accounts: readonly Account[],
  ): Promise<Parts.PendingJoin>;
  commitJoin(pending: Parts.PendingJoin, vault: SyncVaultPort): Promise<Parts.RoundReport>;
  round(vault: SyncVaultPort): Promise<Parts.RoundReport>;
  leave(vault: SyncVaultPort, removeFiles: boolean): Promise<void>;
}

/** The parts an engine is built from (entrypoints/background/sync-parts.ts in the extension, fakes in tests). */
export type EngineParts = Pick<
  typeof Parts,
  | 'runRound'
  | 'probe'
  | 'startSync'
  | 'prepareJoin'
  | 'commitJoin'
  | 'leaveSync'
  | 'deviceFileCodec'
  | 'syncKeyring'
  | 'webDavFolder'
  | 'normaliseFolderUrl'
  | 'hasOrigin'
  | 'storageSyncParts'
>;

export interface EngineEffects {
  now: () => number;
  random: (n: number) => Uint8Array;
  uuid: () => string;
}

/** The engine settings as a form sends them (lib/messaging/requests/sync.ts `engine`). */
export interface EngineForm {
  kind: 'webdav' | 'storage-sync';
  url?: string;
  user?: string;
  password?: string;
}

/**
 * The form's settings as the record keeps them: the URL normalised (https, or http to loopback only:
 * 'origin-refused'); a WebDAV form without a URL is refused the same way.
 */
export function engineConfig(parts: Pick<EngineParts, 'normaliseFolderUrl'>, form: EngineForm): EngineConfig {
  if (form.kind === 'storage-sync') return { kind: 'storage-sync' };
  if (!form.url) throw new SyncError('origin-refused', text('syncservice_origin_refused'));
  return {
    kind: 'webdav',
    url: parts.normaliseFolderUrl(form.url),
    user: form.user ?? '',
    password: form.password ?? '',
  };
}

/**
 * The engine for `config`. WebDAV: refused with 'no-permission' before anything else unless the browser granted the
 * folder's origin (the options page asks at the click; the background cannot, docs/sync-format.md "Joining a second
 * device"), so no request ever goes to an origin the person did not allow. `needsNetwork: false` (turning sync off
 * without removing files) skips that check: leaving must work after the permission was withdrawn.
 */
export async function engineFor(
  parts: EngineParts,
  fx: EngineEffects,
  config: EngineConfig,
  needsNetwork = true,
): Promise<SyncEngine> {
  if (config.kind === 'storage-sync') {
    const s = parts.storageSyncParts();
    return {
      config,
      probe: () => s.probe(),
      start: (input, vault) => s.start({ ...input, engine: config }, vault),
      prepareJoin: (input, accounts) => s.prepareJoin({ ...input, engine: config }, accounts),
      commitJoin: (pending, vault) => s.commitJoin(pending, vault),
      round: (vault) => s.round(vault),
      leave: (vault, removeFiles) => s.leave(vault, removeFiles),
    };
  }
  if (needsNetwork && !(await parts.hasOrigin(config.url)))
    throw new SyncError('no-permission', text('syncservice_no_permission'));
  const folder = parts.webDavFolder({ url: config.url, user: config.user, password: config.password });
  const deps = { folder, codec: parts.deviceFileCodec, now: fx.now, random: fx.random };
  const setup = { ...deps, keyring: parts.syncKeyring, uuid: fx.uuid };
  return {
    config,
    probe: () => parts.probe(folder, parts.deviceFileCodec),
    start: (input, vault) => parts.startSync(setup, { ...input, engine: config }, vault),
    prepareJoin: (input, accounts) => parts.prepareJoin(setup, { ...input, engine: config }, accounts),
    commitJoin: (pending, vault) => parts.commitJoin(deps, pending, vault),
    round: (vault) => parts.runRound(deps, vault),
    leave: (vault, removeFiles) => parts.leaveSync(deps, vault, removeFiles),
  };
}
