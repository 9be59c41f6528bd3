import { textsOf } from '../../../lib/i18n/text';
import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { syncRequests } from '../../../lib/messaging/requests/sync';
import { SyncError } from '../../../lib/sync/errors';
import en from '../../../locales/en/sync.json';
import type { SyncService } from '../sync-service';

const text = textsOf(en);

/**
 * The sync messages (lib/messaging/requests/sync.ts): every one from an extension page only, which the protocol checks
 * from the browser's sender record before any handler runs (lib/messaging/protocol.ts `acceptRequest`). The work is
 * the sync service's (entrypoints/background/sync-service.ts).
 */
export function syncHandlers(service: SyncService): HandlersFor<typeof syncRequests> {
  return {
    'sync-status': async () => ({ status: await service.status() }),
    'sync-probe': async (req) => ({ probe: await service.probe(req.engine) }),
    'sync-start': async (req) => {
      await service.start(req.engine, req.masterPassword, req.deviceName);
      return ok;
    },
    'sync-join-preview': async (req) => ({
      preview: await service.joinPreview(req.engine, req.remotePassword, req.masterPassword, req.deviceName),
    }),
    'sync-join': async () => {
      await service.join();
      return ok;
    },
    'sync-now': async () => ({ status: await service.now() }),
    'sync-off': async (req) => {
      await service.off(req.removeFiles);
      return ok;
    },
  };
}

/** Without the sync service every sync request is refused (handler tests about something else build none). */
export function refusedSync(): HandlersFor<typeof syncRequests> {
  const refuse = async (): Promise<never> => {
    throw new SyncError('no-permission', text('sync_error_unavailable'));
  };
  return {
    'sync-status': refuse,
    'sync-probe': refuse,
    'sync-start': refuse,
    'sync-join-preview': refuse,
    'sync-join': refuse,
    'sync-now': refuse,
    'sync-off': refuse,
  };
}
