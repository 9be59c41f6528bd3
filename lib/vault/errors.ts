import { TwofoldError } from '../errors';
import type { Text } from '../i18n/text';

export type VaultErrorCode =
  | 'wrong-password'
  | 'no-password-slot'
  | 'record-unreadable'
  | 'bad-record'
  /** The vault changed between a preview and its confirmation (restore). */
  | 'changed'
  | 'newer-version'
  | 'bad-header'
  | 'bad-key'
  | 'locked'
  | 'no-vault'
  | 'bad-setting'
  | 'not-for-this-site'
  | 'duplicate'
  /** One change would replace or update the same account twice (two rows of an import for one account). */
  | 'same-account-twice'
  /** A key slot's KDF parameters are outside the bounds checked before deriving (docs/vault-format.md). */
  | 'kdf-out-of-bounds'
  /** Index checks (docs/vault-format.md "The index"): a record that disagrees with the index is not used. */
  | 'record-rolled-back'
  | 'record-out-of-step'
  | 'record-not-in-index'
  | 'record-missing'
  | 'index-unreadable'
  /**
   * The index was rebuilt after it was lost, and the person has not confirmed it yet
   * (docs/vault-format.md "The index").
   */
  | 'index-rebuilt'
  /** The settings record could not be used; defaults apply. */
  | 'settings-reset'
  /** The version 1 → 2 upgrade did not commit; the vault is left as it was. */
  | 'upgrade-failed'
  /** A header saying format 1 over a vault holding format 2 data (an index, a format 2 record): never "upgraded". */
  | 'upgrade-refused'
  /** Too many wrong passwords when confirming an export: wait before trying again. */
  | 'throttled'
  /**
   * No PRF key slot has this credential id, or the PRF output does not open it (docs/vault-format.md
   * "PRF key slot").
   */
  | 'wrong-key'
  /** The password slot cannot be removed: it is the one way in that needs no authenticator. */
  | 'password-slot-required'
  /** A group name too long or holding a control character (docs/vault-format.md "Account record"). */
  | 'bad-group'
  /** "Recently deleted" has no such account (erased meanwhile, or never there). */
  | 'not-in-trash'
  /**
   * The "Recently deleted" record could not be used (damaged, rolled back): the vault opens without it
   * (docs/vault-format.md "Recently deleted").
   */
  | 'trash-unreadable';

export class VaultError extends TwofoldError<VaultErrorCode> {
  /** The record an error is about ('record-*', 'bad-record'; 'settings' for the settings record). */
  readonly recordId: string | undefined;
  constructor(code: VaultErrorCode, message: string | Text, options?: { cause?: unknown; recordId?: string }) {
    super(code, message, options);
    this.recordId = options?.recordId;
  }
}
