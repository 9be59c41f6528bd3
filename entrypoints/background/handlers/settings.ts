import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { settingsRequests } from '../../../lib/messaging/requests/settings';
import type { VaultSession } from '../../../lib/vault/session';

/** The user's preferences, kept by the vault session. */
export function settingsHandlers(session: VaultSession): HandlersFor<typeof settingsRequests> {
  return {
    // The form's part of the settings record only: the backup time and key bindings are the background's.
    'settings-get': async () => ({ settings: await session.preferences() }),
    'settings-set': async (req) => {
      await session.savePreferences(req.settings);
      return ok;
    },
  };
}
