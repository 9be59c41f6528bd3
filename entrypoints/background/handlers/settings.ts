import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { settingsRequests } from '../../../lib/messaging/requests/settings';
import type { VaultSession } from '../../../lib/vault/session';

/** The user's preferences, kept by the vault session. */
export function settingsHandlers(session: VaultSession): HandlersFor<typeof settingsRequests> {
  return {
    'settings-get': async () => ({ settings: await session.settings() }),
    'settings-set': async (req) => {
      // The time of the last backup is the background's to record, never the settings form's.
      await session.updateSettings(({ lastBackupAt, keySlotSites }) => ({
        ...req.settings,
        lastBackupAt,
        keySlotSites,
      }));
      return ok;
    },
  };
}
