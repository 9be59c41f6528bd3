import type { Text } from '../../i18n/text';
import { MAX_CREDENTIAL_ID_BYTES, MAX_LABEL_CHARS, PRF_BYTES } from '../../vault/prf-limits';
import { base64url } from '../base64url-field';
import { type Ok, request } from '../define';
import { id, password } from '../fields';
import { obj, str } from '../schema';

export type VaultState = 'none' | 'locked' | 'unlocked';

/** A WebAuthn credential id (W3C WebAuthn Level 3 §4: at most 1023 bytes). */
const credentialId = base64url(1, MAX_CREDENTIAL_ID_BYTES);
/** The PRF input or output: exactly 32 bytes (W3C WebAuthn Level 3 §10.1.4). */
const prfBytes = base64url(PRF_BYTES, PRF_BYTES);

/** A passkey or security key that can unlock the vault, as the unlock screen passes it to WebAuthn. */
export interface PrfCredential {
  slotId: string;
  /** base64url without padding, as every byte string in these messages. */
  credentialId: string;
  prfSalt: string;
  label: string;
}

/** A key slot as Settings lists it (a password slot's label is empty). */
export interface KeySlotInfo {
  id: string;
  type: 'password' | 'prf';
  label: string;
  /** 0 for a damaged slot: show no date. */
  createdAt: number;
  /** A passkey or security-key slot that failed its check and opens nothing; listed so it can be removed. */
  damaged?: true;
}

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
  'vault-confirm-password': request<Ok>()({
    from: ['extension-page'],
    doc: 'checks the master password (throttled like an export confirmation) and changes nothing; asked before a key is created',
    payload: obj({ password }),
  }),
  'vault-prf-credentials': request<{ credentials: PrfCredential[] }>()({
    from: ['extension-page'],
    doc: 'the passkeys and security keys that can unlock the vault (from the clear header; works while locked)',
    payload: obj({}),
  }),
  'vault-unlock-prf': request<Ok>()({
    from: ['extension-page'],
    doc: 'unlocks the vault with a passkey’s or security key’s PRF output; also serves the unlock window as `vault-unlock`',
    payload: obj({ credentialId, prfOutput: prfBytes }),
  }),
  'vault-slots': request<{ slots: KeySlotInfo[] }>()({
    from: ['extension-page'],
    doc: 'the unlocked vault’s key slots: the password and each passkey or security key (a damaged one flagged `damaged`), nothing secret',
    payload: obj({}),
  }),
  'vault-slot-add-prf': request<{ id: string }>()({
    from: ['extension-page'],
    doc: 'adds a passkey or security key as a key slot, after the master password is confirmed',
    // The label is checked again (trimmed, 1 to 64 characters) by the vault; this bound only keeps messages small.
    payload: obj({
      password,
      label: str(4 * MAX_LABEL_CHARS),
      credentialId,
      prfSalt: prfBytes,
      prfOutput: prfBytes,
    }),
  }),
  'vault-slot-remove': request<Ok>()({
    from: ['extension-page'],
    doc: 'removes a passkey or security key slot (never the password slot)',
    payload: obj({ id }),
  }),
  activity: request<Ok>()({
    from: ['extension-page'],
    doc: 'the user is active in an extension page: postpones auto-lock',
    payload: obj({}),
  }),
} as const;
