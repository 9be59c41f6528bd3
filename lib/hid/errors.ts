import { TwofoldError } from '../errors';

/**
 * Errors of the Nitrokey HID core (../shared/specs/hardware-keys.md). Messages are plain English,
 * name the problem and never contain a PIN, a temporary password or a secret.
 */

/** A byte buffer that cannot be a HID report of this protocol (spec §2.2: 64 bytes, §1.5: 65 with report ID 0). */
export type HidFrameErrorCode = 'bad-length' | 'bad-report-id' | 'payload-too-long' | 'bad-command' | 'bad-field';
export class HidFrameError extends TwofoldError<HidFrameErrorCode> {}

/**
 * The device's own command status codes (`stick10::command_status`, spec §2.2), as error codes.
 * Index = the byte the device sends at offset 6 of its answer.
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
  /** open() failed (on Linux usually a missing hidraw udev rule, spec §2.1). */
  | 'cannot-open'
  /** Not a Nitrokey Pro, Nitrokey Storage or Librem Key. */
  | 'unsupported-device'
  /** Firmware older than the 0.8-style protocol, or the legacy keyboard descriptor (spec §2.1, §6.1). */
  | 'firmware-too-old'
  /** GET_CODE was refused: the OTP PIN protection is on and the key is not unlocked (spec §2.5). */
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
  /** The command the error belongs to (spec §2.3), when there is one. */
  command?: number;
  /** The raw command status byte (spec §2.2), for errors that came from the device. */
  commandStatus?: number;
  /** PIN attempts left, when known (wrong-password, pin-blocked). */
  retriesLeft?: number;
}

export class NitrokeyError extends TwofoldError<NitrokeyErrorCode> {
  readonly command: number | undefined;
  readonly commandStatus: number | undefined;
  readonly retriesLeft: number | undefined;
  constructor(code: NitrokeyErrorCode, message: string, details: NitrokeyErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.command = details.command;
    this.commandStatus = details.commandStatus;
    this.retriesLeft = details.retriesLeft;
  }
}

const STATUS_MESSAGES: Record<CommandStatusCode, string> = {
  'wrong-crc': 'The Nitrokey received a damaged command (CRC mismatch). Try again.',
  'wrong-slot': 'The Nitrokey has no such OTP slot.',
  'slot-not-programmed': 'This OTP slot on the Nitrokey is empty.',
  'wrong-password': 'The Nitrokey rejected the PIN.',
  'not-authorized': 'The Nitrokey refused the command: it needs a PIN first.',
  'timestamp-warning':
    "The Nitrokey's clock is ahead of this computer's, or was never set. Confirm before forcing the time.",
  'no-name': 'The Nitrokey refused to write a slot without a name.',
  'not-supported': 'This Nitrokey does not support that command.',
  'unknown-command': 'This Nitrokey does not know that command; its firmware may be too old.',
  'aes-dec-failed': 'The Nitrokey could not decrypt its data (AES), or it needs the user PIN first.',
  'aes-create-key-failed': 'The Nitrokey could not create its AES key.',
  'error-changing-user-password': 'The Nitrokey could not change the user PIN.',
  'error-changing-admin-password': 'The Nitrokey could not change the admin PIN.',
  'error-unblocking-pin': 'The Nitrokey could not unblock the user PIN.',
};

/**
 * The error for a command status byte other than 0 (spec §2.2). Returns the error; the caller throws.
 */
export function commandStatusError(status: number, command: number, commandName: string): NitrokeyError {
  const code = COMMAND_STATUS_CODES[status];
  if (code === undefined || code === 'ok') {
    return new NitrokeyError(
      'unknown-status',
      `The Nitrokey answered ${commandName} with an unknown status (${status}).`,
      { command, commandStatus: status },
    );
  }
  return new NitrokeyError(code, `${STATUS_MESSAGES[code]} (${commandName})`, { command, commandStatus: status });
}
