import type { SyncApi, SyncEngineForm } from '../../components/SyncPanel';
import { TwofoldError } from '../../lib/errors';
import { t } from '../../lib/i18n/translate';
import type { Request, RequestType, ResponseMap } from '../../lib/messaging/protocol';
import { removeOrigin, requestOrigin } from '../../platform/host-permission';

type Send = <T extends RequestType>(req: Request<T>) => Promise<ResponseMap[T]>;

/**
 * Settings → Sync wired to the background's sync messages (lib/messaging/requests/sync.ts) and, for WebDAV, to the
 * host permission of the folder's origin: asked here, at the click, since `permissions.request` needs the user's
 * gesture and the background cannot ask (docs/sync-format.md "Joining a second device"); given back when sync is
 * turned off ("Network, permissions and CSP").
 */
export function syncApi(request: Send): SyncApi {
  return {
    status: async () => (await request({ type: 'sync-status' })).status,
    async probe(engine: SyncEngineForm) {
      if (engine.kind === 'webdav') {
        // First, before anything is awaited: the click's gesture must still be current.
        const granted = await requestOrigin(engine.url);
        if (!granted) throw new TwofoldError('no-permission', t('syncui_permission_refused', new URL(engine.url).host));
      }
      return (await request({ type: 'sync-probe', engine })).probe;
    },
    start: async (engine, masterPassword, deviceName) =>
      void (await request({ type: 'sync-start', engine, masterPassword, deviceName })),
    joinPreview: async (engine, remotePassword, masterPassword, deviceName) =>
      (await request({ type: 'sync-join-preview', engine, remotePassword, masterPassword, deviceName })).preview,
    join: async () => void (await request({ type: 'sync-join' })),
    syncNow: async () => (await request({ type: 'sync-now' })).status,
    async off(removeFiles, status) {
      await request({ type: 'sync-off', removeFiles });
      // Sync is off: the folder's origin is no longer needed. A failure here leaves only an unused permission.
      if (status.engine === 'webdav' && status.url) await removeOrigin(status.url).catch(() => undefined);
    },
  };
}
