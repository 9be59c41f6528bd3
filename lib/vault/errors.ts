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
  /** Too many wrong passwords when confirming an export: wait before trying again. */
  | 'throttled';

export class VaultError extends TwofoldError<VaultErrorCode> {
  /** The record a 'record-unreadable' / 'bad-record' error is about. */
  readonly recordId: string | undefined;
  constructor(code: VaultErrorCode, message: string | Text, options?: { cause?: unknown; recordId?: string }) {
    super(code, message, options);
    this.recordId = options?.recordId;
  }
}
