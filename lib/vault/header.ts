import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { VaultError } from './errors';
import { type PrfSlot, readPrfSlots } from './prf-slot';
import type { PasswordSlot } from './slots';

/** Every slot type this version knows (docs/vault-format.md "Key slot", "PRF key slot"). */
export type KeySlot = PasswordSlot | PrfSlot;

/** The vault header, `meta/"vault"` in IndexedDB (docs/vault-format.md "Vault header"). */
export interface VaultHeader {
  format: 'twofold-vault';
  version: 2;
  /** Names this vault; bound into the associated data of every record, the index and the settings. */
  id: string;
  createdAt: number;
  slots: KeySlot[];
}

/** A format 1 header: no vault id; upgraded on the first open with the key (docs/vault-format.md). */
export interface LegacyVaultHeader {
  format: 'twofold-vault';
  version: 1;
  createdAt: number;
  slots: PasswordSlot[];
}

export const VAULT_VERSION = 2;

const text = textsOf(en);

/** Checks a header read from storage; a newer version is refused untouched. */
export function checkHeader(raw: unknown): VaultHeader | LegacyVaultHeader {
  const h = raw as Partial<VaultHeader> | Partial<LegacyVaultHeader> | undefined;
  if (typeof h !== 'object' || h === null || h.format !== 'twofold-vault') {
    throw new VaultError('bad-header', text('core_vault_not_a_vault'));
  }
  if (typeof h.version !== 'number' || h.version > VAULT_VERSION) {
    throw new VaultError('newer-version', text('core_vault_newer'));
  }
  if (h.version !== 1 && (h.version !== 2 || typeof (h as Partial<VaultHeader>).id !== 'string')) {
    throw new VaultError('bad-header', text('core_vault_not_a_vault'));
  }
  if (!Array.isArray(h.slots) || h.slots.length === 0) throw new VaultError('bad-header', text('core_vault_no_slots'));
  return h as VaultHeader | LegacyVaultHeader;
}

/** Password slots in the order an unlock tries them; unknown slot types are skipped (a later version's). */
export function passwordSlots(header: { slots: readonly KeySlot[] }): PasswordSlot[] {
  // The header is in the clear: an entry may be anything, null included, and must not stop the password slot.
  const slots = header.slots.filter((s): s is PasswordSlot => (s as KeySlot | null)?.type === 'password');
  if (slots.length === 0) throw new VaultError('no-password-slot', text('core_vault_no_password_slot'));
  return slots;
}

/**
 * The well-formed PRF slots (docs/vault-format.md "PRF key slot"); a malformed one is left out here and named by
 * {@link readPrfSlots}, never an error that would stop the password slot.
 */
export function prfSlots(header: { slots: readonly unknown[] }): PrfSlot[] {
  return readPrfSlots(header).slots;
}
