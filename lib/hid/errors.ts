import { TwofoldError } from '../errors';
import type { Sub, Text } from '../i18n/text';
import { type KeysMessageKey, text } from './text';

/**
 * Errors of the Nitrokey HID core (docs/hardware-protocol.md). Messages are localisable Texts
 * (locales/<lang>/keys.json), name the problem and never contain a PIN, a temporary password or a secret.
 */

/**
 * A byte buffer that cannot be a HID report of this protocol (64 bytes, or 65 with report ID 0:
 * docs/hardware-protocol.md "Report buffers").
 */
export type HidFrameErrorCode = 'bad-length' | 'bad-report-id' | 'payload-too-long' | 'bad-command' | 'bad-field';
export class HidFrameError extends TwofoldError<HidFrameErrorCode> {}

/**
 * The device's own command status codes (`stick10::command_status`, docs/hardware-protocol.md "Command status"), as
 * error codes. Index = the byte the device sends at offset 6 of its answer.
 */
export const COMMAND_STATUS_CODES = [
  'ok',
  'wrong-crc',
  'wrong-slot',
  'slot-not-programmed',
  'wrong-password',
  'not-authorized',
  'timestamp-warning',
  'no-name',
  'not-supported',
  'unknown-command',
  'aes-dec-failed',
  'aes-create-key-failed',
  'error-changing-user-password',
  'error-changing-admin-password',
  'error-unblocking-pin',
] as const;
export type CommandStatusCode = Exclude<(typeof COMMAND_STATUS_CODES)[number], 'ok'>;

export type NitrokeyErrorCode =
  | CommandStatusCode
  /** A command status byte outside the table above. */
  | 'unknown-status'
  /** The device reported STATUS_ERROR (2) or a Storage status we cannot continue from. */
  | 'device-error'
  /** No matching answer before the command's deadline. */
  | 'timeout'
  /** The transport threw while sending or reading: unplugged, or the browser refused the report. */
  | 'disconnected'
  /** open() failed (on Linux usually a missing hidraw udev rule, docs/hardware-protocol.md "Devices"). */
  | 'cannot-open'
  /** Not a Nitrokey Pro, Nitrokey Storage or Librem Key. */
  | 'unsupported-device'
  /**
   * Firmware older than the 0.8-style protocol, or the legacy keyboard descriptor
   * (docs/hardware-protocol.md "Protocol generations").
   */
  | 'firmware-too-old'
  /**
   * GET_CODE was refused: the OTP PIN protection is on and the key is not unlocked
   * (docs/hardware-protocol.md "PIN and temporary passwords").
   */
  | 'pin-required'
  /** The retry counter is at 0: a PIN command would be refused (and we never send one then). */
  | 'pin-blocked'
  | 'pin-too-long'
  | 'bad-pin'
  | 'bad-temp-password'
  | 'bad-random'
  | 'bad-slot'
  | 'bad-name'
  | 'name-too-long'
  | 'empty-secret'
  | 'secret-too-long'
  | 'bad-digits'
  | 'unsupported-algorithm'
  | 'bad-period'
  | 'bad-counter'
  | 'bad-time'
  /** An answer whose payload does not make sense (e.g. a code longer than its digit count). */
  | 'bad-response';

export interface NitrokeyErrorDetails {
  cause?: unknown;
  /** The command the error belongs to (docs/hardware-protocol.md "Commands"), when there is one. */
  command?: number;
  /** The raw command status byte, for errors that came from the device. */
  commandStatus?: number;
  /** PIN attempts left, when known (wrong-password, pin-blocked). */
  retriesLeft?: number;
}

export class NitrokeyError extends TwofoldError<NitrokeyErrorCode> {
  readonly command: number | undefined;
  readonly commandStatus: number | undefined;
  readonly retriesLeft: number | undefined;
  constructor(code: NitrokeyErrorCode, message: Text, details: NitrokeyErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.command = details.command;
    this.commandStatus = details.commandStatus;
    this.retriesLeft = details.retriesLeft;
  }
}

const STATUS_MESSAGES: Record<CommandStatusCode, KeysMessageKey> = {
  'wrong-crc': 'keys_status_wrong_crc',
  'wrong-slot': 'keys_status_wrong_slot',
  'slot-not-programmed': 'keys_status_slot_not_programmed',
  'wrong-password': 'keys_status_wrong_password',
  'not-authorized': 'keys_status_not_authorized',
  'timestamp-warning': 'keys_status_timestamp_warning',
  'no-name': 'keys_status_no_name',
  'not-supported': 'keys_status_not_supported',
  'unknown-command': 'keys_status_unknown_command',
  'aes-dec-failed': 'keys_status_aes_dec_failed',
  'aes-create-key-failed': 'keys_status_aes_create_key_failed',
  'error-changing-user-password': 'keys_status_error_changing_user_password',
  'error-changing-admin-password': 'keys_status_error_changing_admin_password',
  'error-unblocking-pin': 'keys_status_error_unblocking_pin',
};

/**
 * The error for a command status byte other than 0 (docs/hardware-protocol.md "Command status"). Returns the error; the
 * caller throws.
 */
export function commandStatusError(status: number, command: number, commandName: Sub): NitrokeyError {
  const code = COMMAND_STATUS_CODES[status];
  if (code === undefined || code === 'ok') {
    return new NitrokeyError('unknown-status', text('keys_status_unknown', commandName, String(status)), {
      command,
      commandStatus: status,
    });
  }
  return new NitrokeyError(code, inCommand(text(STATUS_MESSAGES[code]), commandName), {
    command,
    commandStatus: status,
  });
}

/** "<message> (GET_CODE)": a device's complaint with the command it was about. */
export function inCommand(message: Text, commandName: Sub): Text {
  return text('keys_status_in_command', message, commandName);
}
