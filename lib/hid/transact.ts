import type { Sub } from '../i18n/text';
import { CommandId, commandName, isStorageCommand } from './command-ids';
import { commandStatusError, HidFrameError, inCommand, NitrokeyError } from './errors';
import { type DecodedResponse, DeviceStatus, decodeResponse, echoMatches, type SentFrame, sentFrameOf } from './frame';
import { text } from './text';
import type { FeatureTransport, HidClock } from './transport';

/**
 * The one transaction loop (docs/hardware-protocol.md "Polling"): send a request frame, then poll the
 * feature report until the device is READY with the echo of *this* frame's command and CRC.
 *
 * - Before sending: one read; while the device is still BUSY/RECEIVED (an earlier transaction was
 *   abandoned, or another program is using it) wait, so the SET is not dropped.
 * - BUSY (1) / RECEIVED (3): keep polling.
 * - ERROR (2): fail with 'device-error'.
 * - READY with another command's echo (a stale answer, CRC intact): keep polling. The firmware drops
 *   a SET_REPORT that arrives while it is busy, so after a few such reads the frame is sent once more
 *   (never for PIN commands: `resendIfDropped: false`).
 * - Response CRC wrong but echo right: accepted with a warning, as libnitrokey does ("Accepting
 *   response from device with invalid CRC"). An echo mismatch is never accepted.
 * - Command status != 0: a `NitrokeyError` with that status's code (`commandStatusError`).
 *
 * Polling is adaptive: the first read comes after a few milliseconds and the gaps grow to 40 ms,
 * so a key that answers in 40 ms costs about 40-60 ms rather than libnitrokey's fixed 100 ms steps.
 */

/** Gaps between reads in ms; the last one repeats. */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [5, 5, 10, 20, 20, 40];
/** OTP and status commands: 2 s (docs/hardware-protocol.md "Polling"). */
export const OTP_TIMEOUT_MS = 2000;
/** Commands that talk to the smart card or write flash: they take seconds (docs/hardware-protocol.md "Polling"). */
export const SLOW_TIMEOUT_MS = 5000;
/** Consecutive stale READY reads after which the request is taken as dropped and sent again. */
export const STALE_READS_BEFORE_RESEND = 2;

const SLOW_COMMANDS: ReadonlySet<number> = new Set([
  CommandId.FIRST_AUTHENTICATE,
  CommandId.USER_AUTHENTICATE,
  CommandId.GET_PASSWORD_RETRY_COUNT,
  CommandId.GET_USER_PASSWORD_RETRY_COUNT,
  CommandId.WRITE_TO_SLOT,
  CommandId.WRITE_CONFIG,
  CommandId.ERASE_SLOT,
  CommandId.SET_TIME,
  CommandId.GET_DEVICE_STATUS,
]);

/** The deadline for one command (its class: OTP ~2 s, PIN / smart card / flash ~5 s). */
export function commandTimeoutMs(command: number): number {
  return SLOW_COMMANDS.has(command) ? SLOW_TIMEOUT_MS : OTP_TIMEOUT_MS;
}

/** Things worth a diagnostic line, never an error. They carry no payload bytes. */
export type HidWarning =
  | { kind: 'response-crc'; command: number }
  | { kind: 'resent'; command: number }
  | { kind: 'shifted-buffer'; command: number };

export interface TransactOptions {
  /** Defaults to `commandTimeoutMs(command)`. */
  timeoutMs?: number;
  /** Gaps between reads (ms); the last repeats. Defaults to `DEFAULT_POLL_DELAYS_MS`. */
  pollDelaysMs?: readonly number[];
  /** Send the frame once more when the device seems to have dropped it. Default true; false for PIN commands. */
  resendIfDropped?: boolean;
  onWarning?: (warning: HidWarning) => void;
}

export interface TransactResult {
  response: DecodedResponse;
  /** The 53 payload bytes of the answer. */
  payload: Uint8Array;
  /** The answer's own CRC did not verify (accepted because the echo matched). */
  crcWarning: boolean;
  /** The request was sent a second time. */
  resent: boolean;
  /** Feature reads made after sending (the pre-send status read is not counted). */
  reads: number;
  elapsedMs: number;
}

/**
 * Storage status byte (report [22] = payload 15) of Storage-specific commands, `stick20::device_status`
 * (docs/hardware-protocol.md "Commands").
 */
const STORAGE_STATUS_INDEX = 15;
const STORAGE_IDLE = 0;
const STORAGE_OK = 1;
const STORAGE_BUSY = 2;
const STORAGE_WRONG_PASSWORD = 3;
const STORAGE_BUSY_PROGRESSBAR = 4;
const STORAGE_NO_USER_PASSWORD_UNLOCK = 6;

function lostContact(
  what: 'keys_lost_contact_sending' | 'keys_lost_contact_waiting',
  name: Sub,
  command: number,
  cause: unknown,
): NitrokeyError {
  if (cause instanceof NitrokeyError) return cause;
  return new NitrokeyError('disconnected', text(what, name), { cause, command });
}

async function send(transport: FeatureTransport, frame: Uint8Array, name: Sub, command: number): Promise<void> {
  try {
    await transport.sendFeature(frame);
  } catch (cause) {
    throw lostContact('keys_lost_contact_sending', name, command, cause);
  }
}

async function receive(transport: FeatureTransport, name: Sub, command: number): Promise<Uint8Array> {
  try {
    return await transport.receiveFeature();
  } catch (cause) {
    throw lostContact('keys_lost_contact_waiting', name, command, cause);
  }
}

/** Whether a pre-send read shows the device still working (BUSY or RECEIVED); unreadable counts as idle. */
function isWorking(buffer: Uint8Array): boolean {
  try {
    const status = decodeResponse(buffer).deviceStatus;
    return status === DeviceStatus.BUSY || status === DeviceStatus.RECEIVED;
  } catch (error) {
    if (error instanceof HidFrameError) return false;
    throw error;
  }
}

/**
 * What a Storage-specific answer's status area says (libnitrokey device_proto.h maps it the same
 * way): 'done', 'busy', or an error to throw.
 */
function storageState(response: DecodedResponse, name: Sub, command: number): 'done' | 'busy' {
  const status = response.payload[STORAGE_STATUS_INDEX] ?? STORAGE_IDLE;
  switch (status) {
    case STORAGE_IDLE:
    case STORAGE_OK:
      return 'done';
    case STORAGE_BUSY:
    case STORAGE_BUSY_PROGRESSBAR:
      return 'busy';
    case STORAGE_WRONG_PASSWORD:
      return thrown(
        new NitrokeyError('wrong-password', inCommand(text('keys_status_wrong_password'), name), { command }),
      );
    case STORAGE_NO_USER_PASSWORD_UNLOCK:
      return thrown(
        new NitrokeyError('aes-dec-failed', inCommand(text('keys_storage_needs_user_pin'), name), { command }),
      );
    default:
      return thrown(new NitrokeyError('device-error', text('keys_storage_status', String(status), name), { command }));
  }
}

function thrown(error: NitrokeyError): never {
  throw error;
}

/**
 * Sends `frame` and returns the device's answer to it. Time only moves through `clock`, so tests
 * with a fake clock run instantly. Callers serialise per device (`DeviceQueue`).
 */
export async function transact(
  transport: FeatureTransport,
  frame: Uint8Array,
  clock: HidClock,
  options: TransactOptions = {},
): Promise<TransactResult> {
  const sent: SentFrame = sentFrameOf(frame);
  const name = commandName(sent.command);
  const timeoutMs = options.timeoutMs ?? commandTimeoutMs(sent.command);
  const delays = options.pollDelaysMs ?? DEFAULT_POLL_DELAYS_MS;
  const resendIfDropped = options.resendIfDropped ?? true;
  const warn = options.onWarning ?? (() => undefined);

  const start = clock.now();
  const deadline = start + timeoutMs;
  let step = 0;
  let reads = 0;
  let staleInARow = 0;
  let sawStale = false;
  let resent = false;

  // docs/hardware-protocol.md "Polling": a SET_REPORT that arrives while the device is not READY is silently dropped,
  // and the answer it keeps showing may come from an identical earlier frame (same command, same CRC, e.g. the same
  // HOTP slot), which no echo check can tell from ours. So first wait until it is idle.
  for (let waited = 0; isWorking(await receive(transport, name, sent.command)); waited++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new NitrokeyError('timeout', text('keys_timeout_busy', name, timeoutMs), { command: sent.command });
    }
    await clock.sleep(Math.min(delays[Math.min(waited, delays.length - 1)] ?? 40, remaining));
  }

  await send(transport, frame, name, sent.command);
  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new NitrokeyError('timeout', text(sawStale ? 'keys_timeout_stale' : 'keys_timeout', name, timeoutMs), {
        command: sent.command,
      });
    }
    const gap = delays[Math.min(step, delays.length - 1)] ?? 40;
    step++;
    await clock.sleep(Math.min(gap, remaining));

    const buffer = await receive(transport, name, sent.command);
    reads++;

    let response: DecodedResponse;
    try {
      response = decodeResponse(buffer, sent);
    } catch (error) {
      if (error instanceof HidFrameError) continue; // a malformed read: poll again until the deadline
      throw error;
    }

    if (response.deviceStatus === DeviceStatus.ERROR) {
      throw new NitrokeyError('device-error', text('keys_device_error', name), { command: sent.command });
    }
    if (response.deviceStatus === DeviceStatus.BUSY || response.deviceStatus === DeviceStatus.RECEIVED) {
      staleInARow = 0;
      continue;
    }
    if (response.deviceStatus !== DeviceStatus.READY) continue; // not a status byte: unreadable

    if (!echoMatches(response, sent)) {
      // Garbage (bad CRC) proves nothing; an intact READY answer to another frame means ours was
      // dropped while the device was busy (docs/hardware-protocol.md "Polling"), or another program's command ran.
      if (!response.crcOk) continue;
      sawStale = true;
      staleInARow++;
      if (resendIfDropped && !resent && staleInARow >= STALE_READS_BEFORE_RESEND) {
        resent = true;
        staleInARow = 0;
        step = 0;
        warn({ kind: 'resent', command: sent.command });
        await send(transport, frame, name, sent.command);
      }
      continue;
    }

    if (isStorageCommand(sent.command) && storageState(response, name, sent.command) === 'busy') continue;
    if (response.shifted) warn({ kind: 'shifted-buffer', command: sent.command });
    if (!response.crcOk) warn({ kind: 'response-crc', command: sent.command });
    if (response.commandStatus !== 0) throw commandStatusError(response.commandStatus, sent.command, name);
    return {
      response,
      payload: response.payload,
      crcWarning: !response.crcOk,
      resent,
      reads,
      elapsedMs: clock.now() - start,
    };
  }
}
