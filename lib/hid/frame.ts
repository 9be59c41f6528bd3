import { readU32le, writeU32le } from './bytes';
import { stmCrc32 } from './crc';
import { HidFrameError } from './errors';
import { text } from './text';

/**
 * Nitrokey Pro/Storage report framing (docs/hardware-protocol.md "Framing"). All offsets are in the 64-byte WebHID
 * view, without the report-ID byte ("Report buffers").
 *
 * Request:  [0] command, [1..59] payload, [60..63] CRC32 LE over [0..59].
 * Response: [0] device status, [1] command echo, [2..5] CRC echo, [6] command status,
 *           [7..59] payload (53 bytes), [60..63] CRC32 LE over [0..59] computed with [0] = 0.
 */
export const REPORT_SIZE = 64;
export const CRC_OFFSET = 60;
export const REQUEST_PAYLOAD_SIZE = CRC_OFFSET - 1;
export const RESPONSE_PAYLOAD_OFFSET = 7;
export const RESPONSE_PAYLOAD_SIZE = 53;

/** Byte 0 of a response (the firmware's `device_status`, docs/hardware-protocol.md "Framing"). */
export const DeviceStatus = { READY: 0, BUSY: 1, ERROR: 2, RECEIVED: 3 } as const;

/**
 * What a response must echo to belong to a request: its command byte and its CRC (docs/hardware-protocol.md "Polling").
 */
export interface SentFrame {
  command: number;
  crc: number;
}

export interface DecodedResponse {
  /** Byte 0: 0 ready, 1 busy, 2 error, 3 received (see DeviceStatus). */
  deviceStatus: number;
  /** Byte 1: the command the device last received. */
  command: number;
  /** Bytes 2..5: the CRC of the request the device last received. */
  echoCrc: number;
  /** Byte 6: the last command's status (0 = ok; docs/hardware-protocol.md "Command status"). */
  commandStatus: number;
  /** Bytes 7..59, a copy. */
  payload: Uint8Array;
  /** The response CRC as received: 32 bits, or only the low 24 bits when `shifted`. */
  crc: number;
  /** Whether the response CRC verifies (only its low 24 bits when `shifted`). */
  crcOk: boolean;
  /**
   * True when the buffer was the pre-fix Windows shape (docs/hardware-protocol.md "Report buffers"): a leading 0 and
   * the first 63 device bytes, the top byte of the response CRC lost.
   */
  shifted: boolean;
}

function assertCommand(command: number): void {
  if (!Number.isInteger(command) || command < 0 || command > 0xff) {
    throw new HidFrameError('bad-command', text('keys_command_not_byte', String(command)));
  }
}

/** A zeroed 64-byte request with the command byte set; fill the payload, then `sealFrame`. */
export function newFrame(command: number): Uint8Array {
  assertCommand(command);
  const frame = new Uint8Array(REPORT_SIZE);
  frame[0] = command;
  return frame;
}

/** Writes the CRC of bytes 0..59 into bytes 60..63 (docs/hardware-protocol.md "CRC") and returns the same frame. */
export function sealFrame(frame: Uint8Array): Uint8Array {
  if (frame.length !== REPORT_SIZE) {
    throw new HidFrameError('bad-length', text('keys_request_bad_length', REPORT_SIZE, frame.length));
  }
  writeU32le(frame, CRC_OFFSET, stmCrc32(frame.subarray(0, CRC_OFFSET)));
  return frame;
}

/**
 * A complete request frame: `payload` (at most 59 bytes) lands at bytes 1..59, zero-padded.
 *
 * @example encodeFrame(0x00) // GET_STATUS: 60 zero bytes, then CRC df b7 6e ef (tests/vectors/nitrokey-frames.json)
 */
export function encodeFrame(command: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length > REQUEST_PAYLOAD_SIZE) {
    throw new HidFrameError(
      'payload-too-long',
      text('keys_request_payload_too_long', REQUEST_PAYLOAD_SIZE, payload.length),
    );
  }
  const frame = newFrame(command);
  frame.set(payload, 1);
  return sealFrame(frame);
}

/** The command byte and CRC a response must echo for this request frame. */
export function sentFrameOf(frame: Uint8Array): SentFrame {
  if (frame.length !== REPORT_SIZE) {
    throw new HidFrameError('bad-length', text('keys_request_bad_length', REPORT_SIZE, frame.length));
  }
  return { command: frame[0] ?? 0, crc: readU32le(frame, CRC_OFFSET) };
}

/** CRC over the 60 device bytes before the CRC field, with byte 0 (device status) taken as 0. */
function responseCrc(device: Uint8Array): number {
  const copy = device.slice(0, CRC_OFFSET);
  copy[0] = 0;
  return stmCrc32(copy);
}

function echoAt(buffer: Uint8Array, at: number, sent: SentFrame): boolean {
  return buffer[at] === sent.command && readU32le(buffer, at + 1) === sent.crc;
}

function fromDevice(device: Uint8Array, shifted: boolean): DecodedResponse {
  const computed = responseCrc(device);
  const crc = shifted
    ? (device[CRC_OFFSET] ?? 0) | ((device[CRC_OFFSET + 1] ?? 0) << 8) | ((device[CRC_OFFSET + 2] ?? 0) << 16)
    : readU32le(device, CRC_OFFSET);
  return {
    deviceStatus: device[0] ?? 0,
    command: device[1] ?? 0,
    echoCrc: readU32le(device, 2),
    commandStatus: device[6] ?? 0,
    payload: device.slice(RESPONSE_PAYLOAD_OFFSET, RESPONSE_PAYLOAD_OFFSET + RESPONSE_PAYLOAD_SIZE),
    crc,
    crcOk: shifted ? (computed & 0xffffff) === crc : computed === crc,
    shifted,
  };
}

/**
 * Reads a GET_FEATURE answer (docs/hardware-protocol.md "Framing"). Accepts the 64 bytes WebHID normally returns, 65
 * bytes with a leading report ID 0 (hidraw-style), and the pre-fix Windows buffer ("Report buffers": `00` + the first
 * 63 device bytes). The shifted shape is recognised when the command and CRC echo of `sent` sit one byte later, or,
 * without a match, when byte 0 is 0, the normal reading's CRC fails and the 24 CRC bits that survived verify one byte
 * later. Throws only `HidFrameError`.
 */
export function decodeResponse(buffer: Uint8Array, sent?: SentFrame): DecodedResponse {
  let bytes = buffer;
  if (bytes.length === REPORT_SIZE + 1) {
    if (bytes[0] !== 0) {
      throw new HidFrameError('bad-report-id', text('keys_answer_bad_report_id', String(bytes[0])));
    }
    bytes = bytes.subarray(1);
  } else if (bytes.length !== REPORT_SIZE) {
    throw new HidFrameError('bad-length', text('keys_answer_bad_length', REPORT_SIZE, bytes.length));
  }
  const normal = fromDevice(bytes, false);
  if (bytes.length !== buffer.length || bytes[0] !== 0) return normal;
  if (sent !== undefined) {
    if (echoAt(bytes, 1, sent)) return normal;
    if (echoAt(bytes, 2, sent)) return fromDevice(bytes.subarray(1), true);
  }
  if (normal.crcOk) return normal;
  const shifted = fromDevice(bytes.subarray(1), true);
  return shifted.crcOk ? shifted : normal;
}

/** Whether a decoded answer belongs to the request (command and CRC echo, docs/hardware-protocol.md "Polling"). */
export function echoMatches(response: DecodedResponse, sent: SentFrame): boolean {
  return response.command === sent.command && response.echoCrc === sent.crc;
}
