import { textsOf } from '../../../lib/i18n/text';
import type { HandlersFor } from '../../../lib/messaging/define';
import type { syncRequests } from '../../../lib/messaging/requests/sync';
import { SyncError } from '../../../lib/sync/errors';
import en from '../../../locales/en/sync.json';

const text = textsOf(en);

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
