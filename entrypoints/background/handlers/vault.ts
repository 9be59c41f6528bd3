import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { vaultRequests } from '../../../lib/messaging/requests/vault';
import type { VaultSession } from '../../../lib/vault/session';
import type { PopupSide } from './fill';

/** The vault's lifecycle: lib/vault/session.ts does the work. */
export function vaultHandlers(session: VaultSession, popupSide?: PopupSide): HandlersFor<typeof vaultRequests> {
  return {
    'vault-state': async () => {
      const state = await session.state();
      const vault = state === 'unlocked' ? await session.current() : undefined;
      return {
        state,
        unreadable: (vault?.unreadable ?? []).map((e) => ({ id: e.recordId ?? '', message: e.text ?? e.message })),
      };
    },
    'vault-create': async (req) => {
      await session.create(req.password);
      return ok;
    },
    'vault-unlock': async (req, sender) => {
      await session.unlock(req.password);
      // Unlocked from the window a page's field opened: it closes, and that field is served (never fails the unlock).
      await popupSide?.unlockReturn.unlocked(sender).catch(() => undefined);
      return ok;
    },
    'vault-lock': async () => {
      await session.lock();
      return ok;
    },
    'vault-change-password': async (req) => {
      await (await session.require()).changePassword(req.current, req.next);
      return ok;
    },
    activity: async () => {
      await session.touch();
      return ok;
    },
  };
}
