import type { Text } from '../../i18n/text';
import { type Ok, request } from '../define';
import { password } from '../fields';
import { obj } from '../schema';

export type VaultState = 'none' | 'locked' | 'unlocked';

/** The vault's lifecycle (lib/vault/session.ts, docs/vault-format.md). */
export const vaultRequests = {
  'vault-state': request<{
    state: VaultState;
    /** Records the vault could not open, each with why (a Text; the English for an error without one). */
    unreadable: { id: string; message: Text | string }[];
  }>()({
    from: ['extension-page', 'offer-frame'],
    doc: '`none` / `locked` / `unlocked`, and the records that could not be read',
    payload: obj({}),
  }),
  'vault-create': request<Ok>()({
    from: ['extension-page'],
    doc: 'creates the vault with its master password',
    payload: obj({ password }),
  }),
  'vault-unlock': request<Ok>()({
    from: ['extension-page'],
    doc: 'unlocks the vault; from the unlock window a page opened, also serves that field (`open-unlock`)',
    payload: obj({ password }),
  }),
  'vault-lock': request<Ok>()({ from: ['extension-page'], doc: 'locks the vault', payload: obj({}) }),
  'vault-change-password': request<Ok>()({
    from: ['extension-page'],
    doc: 'changes the master password',
    payload: obj({ current: password, next: password }),
  }),
  activity: request<Ok>()({
    from: ['extension-page'],
    doc: 'the user is active in an extension page: postpones auto-lock',
    payload: obj({}),
  }),
} as const;
