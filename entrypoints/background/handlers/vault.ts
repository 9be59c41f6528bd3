import { base64urlnopad } from '@scure/base';
import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { vaultRequests } from '../../../lib/messaging/requests/vault';
import type { VaultSession } from '../../../lib/vault/session';
import type { PopupSide } from './fill';

/** A field the payload check already found to be base64url of the right length (lib/messaging/base64url-field.ts). */
const bytes = (b64: string): Uint8Array => base64urlnopad.decode(b64);

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
      await session.changePassword(req.current, req.next);
      return ok;
    },
    'vault-confirm-password': async (req) => {
      // Asked before a passkey or security key is created, so nobody touches a key for a password that was wrong.
      await session.confirmPassword(req.password);
      return ok;
    },
    'vault-prf-credentials': async () => ({
      credentials: (await session.prfCredentials()).map((c) => ({
        slotId: c.slotId,
        credentialId: base64urlnopad.encode(c.credentialId),
        prfSalt: base64urlnopad.encode(c.prfSalt),
        label: c.label,
      })),
    }),
    'vault-unlock-prf': async (req, sender) => {
      const prfOutput = bytes(req.prfOutput);
      try {
        await session.unlockWithPrf(bytes(req.credentialId), prfOutput);
      } finally {
        // The output opens the slot for as long as the authenticator exists: no copy outlives the request.
        prfOutput.fill(0);
      }
      // As after a password unlock: the unlock window a page's field opened closes and that field is served.
      await popupSide?.unlockReturn.unlocked(sender).catch(() => undefined);
      return ok;
    },
    'vault-slots': async () => ({ slots: await session.keySlots() }),
    'vault-slot-add-prf': async (req) => {
      const prfOutput = bytes(req.prfOutput);
      try {
        const id = await session.addPrfSlot(req.password, {
          label: req.label,
          credentialId: bytes(req.credentialId),
          prfSalt: bytes(req.prfSalt),
          prfOutput,
        });
        return { id };
      } finally {
        prfOutput.fill(0);
      }
    },
    'vault-slot-remove': async (req) => {
      await session.removeSlot(req.id);
      return ok;
    },
    activity: async () => {
      await session.touch();
      return ok;
    },
  };
}
