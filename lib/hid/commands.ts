import { beforeNul, readU32le, readU64le, u32Hex, writeU64le } from './bytes';
import { CommandId } from './command-ids';
import { HidFrameError, NitrokeyError } from './errors';
import { newFrame, RESPONSE_PAYLOAD_SIZE, sealFrame } from './frame';
import { SLOT_CONFIG_8_DIGITS } from './slots';
import { text } from './text';

/**
 * Request encoders and answer decoders for the 0.8-style commands (docs/hardware-protocol.md "Payloads",
 * where each layout's libnitrokey struct is named). Every encoder returns a sealed 64-byte frame;
 * offsets in comments are absolute report offsets, as on that page.
 * Decoders take the 53-byte answer payload (`DecodedResponse.payload`, report bytes 7..59), so
 * payload index = report offset - 7.
 */

/** PIN and temporary-password fields: 25 bytes, C strings that need no terminator. */
export const PIN_FIELD_SIZE = 25;
export const TEMP_PASSWORD_SIZE = 25;
export const SLOT_NAME_SIZE = 15;
export const TOKEN_ID_SIZE = 13;
/**
 * The firmware stores at most 40 secret bytes (320 bits, docs/hardware-protocol.md "Writing a slot"), sent 30 at a
 * time.
 */
export const SECRET_MAX_SIZE = 40;
export const OTP_DATA_CHUNK_SIZE = 30;

/** `read_slot` counter format byte: 1 = binary u64 (Storage >= 0.54; Pro ignores it). */
const READ_SLOT_BINARY_COUNTER = 1;
/** SEND_OTP_DATA type byte. */
const OTP_DATA_NAME = 0x4e; // 'N'
const OTP_DATA_SECRET = 0x53; // 'S'

const U64_LIMIT = 1n << 64n;
const utf8 = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8');

export type PinKind = 'user' | 'admin';
export type SetTimeMode = 'soft' | 'force';
export type OtpDataKind = 'name' | 'secret';

export interface FirmwareVersion {
  major: number;
  minor: number;
}

/** GET_STATUS answer (libnitrokey `stick10::GetStatus::ResponsePayload`). */
export interface DeviceStatusInfo {
  /**
   * [7] minor, [8] major. Storage answers a constant here (docs/hardware-protocol.md "Payloads"); use GET_DEVICE_STATUS
   * there.
   */
  firmware: FirmwareVersion;
  /** [9..12] smart card serial, u32 LE (0 on a Storage). */
  cardSerial: number;
  /** The serial as libnitrokey / Nitrokey App print it: 8 lower-case hex digits of the u32. */
  cardSerialHex: string;
  /** [13..15] HOTP slot typed on a NumLock/CapsLock/ScrollLock double press (other values: off). */
  numlock: number;
  capslock: number;
  scrolllock: number;
  /**
   * [16] enable_user_password == 1: GET_CODE needs a temporary user password
   * (docs/hardware-protocol.md "PIN and temporary passwords").
   */
  otpPinRequired: boolean;
}

/** Storage GET_DEVICE_STATUS answer (libnitrokey `DeviceConfigurationResponsePacket`). */
export interface StorageStatusInfo {
  /** VersionInfo major/minor; minor + 1 when build_iteration != 0, as libnitrokey does for test builds. */
  firmware: FirmwareVersion;
  buildIteration: number;
  /** ActiveSmartCardID_u32, read LE as libnitrokey does. */
  cardSerial: number;
  cardSerialHex: string;
  userRetries: number;
  adminRetries: number;
}

/** READ_SLOT answer. */
export interface SlotData {
  name: string;
  config: number;
  digits: 6 | 8;
  tokenId: Uint8Array;
  /** HOTP: the counter the next code uses. TOTP: the interval in seconds. */
  counterOrInterval: bigint;
}

/** GET_CODE answer: the numeric code and the slot's config byte. */
export interface CodeAnswer {
  value: number;
  config: number;
  digits: 6 | 8;
}

export interface WriteToSlotFields {
  /** HOTP: start counter. TOTP: interval in seconds. */
  counterOrInterval: bigint | number;
  /** Slot config byte (bit 0 = 8 digits). */
  config: number;
  /** OATH token id, at most 13 bytes; zeros when absent. */
  tokenId?: Uint8Array;
}

function assertByte(value: number, what: 'keys_chunk_id_not_byte' | 'keys_slot_config_not_byte'): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new HidFrameError('bad-field', text(what, String(value)));
  }
}

function assertSlotByte(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot > 0xff) {
    throw new NitrokeyError('bad-slot', text('keys_slot_number_not_byte', String(slot)));
  }
}

const U64_MESSAGES = {
  'bad-time': { whole: 'keys_time_not_whole', range: 'keys_time_out_of_range' },
  'bad-counter': { whole: 'keys_counter_not_whole', range: 'keys_counter_out_of_range' },
} as const;

function toU64(value: bigint | number, code: 'bad-counter' | 'bad-time'): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new NitrokeyError(code, text(U64_MESSAGES[code].whole, String(value)));
  }
  const v = BigInt(value);
  if (v < 0n || v >= U64_LIMIT) throw new NitrokeyError(code, text(U64_MESSAGES[code].range, String(v)));
  return v;
}

const PIN_MESSAGES = {
  user: { empty: 'keys_user_pin_empty', nul: 'keys_user_pin_nul', long: 'keys_user_pin_too_long' },
  admin: { empty: 'keys_admin_pin_empty', nul: 'keys_admin_pin_nul', long: 'keys_admin_pin_too_long' },
} as const;

/**
 * A PIN as the 25-byte C-string field of FIRST/USER_AUTHENTICATE: UTF-8, NUL-padded, at
 * most 25 bytes (libnitrokey `strcpyT` refuses longer ones). The message never repeats the PIN.
 */
export function encodePin(pin: string, kind: PinKind): Uint8Array {
  const messages = PIN_MESSAGES[kind];
  if (typeof pin !== 'string' || pin.length === 0) throw new NitrokeyError('bad-pin', text(messages.empty));
  if (pin.includes('\0')) throw new NitrokeyError('bad-pin', text(messages.nul));
  const bytes = utf8.encode(pin);
  if (bytes.length > PIN_FIELD_SIZE) throw new NitrokeyError('pin-too-long', text(messages.long, PIN_FIELD_SIZE));
  const field = new Uint8Array(PIN_FIELD_SIZE);
  field.set(bytes);
  return field;
}

/** A temporary password as its 25-byte field (NUL-padded when shorter). */
export function tempPasswordField(password: Uint8Array): Uint8Array {
  if (password.length > TEMP_PASSWORD_SIZE) {
    throw new NitrokeyError(
      'bad-temp-password',
      text('keys_temp_password_too_long', TEMP_PASSWORD_SIZE, password.length),
    );
  }
  const field = new Uint8Array(TEMP_PASSWORD_SIZE);
  field.set(password);
  return field;
}

/** A slot name as stored: UTF-8, 1..15 bytes, no NUL (the firmware answers no_name for an empty one). */
export function encodeSlotName(name: string): Uint8Array {
  if (typeof name !== 'string' || name.length === 0) {
    throw new NitrokeyError('bad-name', text('keys_slot_name_missing'));
  }
  if (name.includes('\0')) throw new NitrokeyError('bad-name', text('keys_slot_name_nul'));
  const bytes = utf8.encode(name);
  if (bytes.length > SLOT_NAME_SIZE) {
    throw new NitrokeyError('name-too-long', text('keys_slot_name_too_long', name, bytes.length, SLOT_NAME_SIZE));
  }
  return bytes;
}

function payloadOf(payload: Uint8Array): Uint8Array {
  if (payload.length !== RESPONSE_PAYLOAD_SIZE) {
    throw new HidFrameError('bad-length', text('keys_payload_bad_length', RESPONSE_PAYLOAD_SIZE, payload.length));
  }
  return payload;
}

function digitsOf(config: number): 6 | 8 {
  return config & SLOT_CONFIG_8_DIGITS ? 8 : 6;
}

function decodeName(field: Uint8Array): string {
  return utf8Lenient.decode(beforeNul(field));
}

// ---- Requests without payload -------------------------------------------------------------------

/** GET_STATUS 0x00: firmware version, card serial, OTP PIN flag. */
export function encodeGetStatus(): Uint8Array {
  return sealFrame(newFrame(CommandId.GET_STATUS));
}

/** GET_DEVICE_STATUS 0x2E, Storage only: the Storage firmware version. */
export function encodeGetDeviceStatus(): Uint8Array {
  return sealFrame(newFrame(CommandId.GET_DEVICE_STATUS));
}

/** GET_PASSWORD_RETRY_COUNT 0x09: admin PIN attempts left. */
export function encodeGetPasswordRetryCount(): Uint8Array {
  return sealFrame(newFrame(CommandId.GET_PASSWORD_RETRY_COUNT));
}

/** GET_USER_PASSWORD_RETRY_COUNT 0x0F: user PIN attempts left. */
export function encodeGetUserPasswordRetryCount(): Uint8Array {
  return sealFrame(newFrame(CommandId.GET_USER_PASSWORD_RETRY_COUNT));
}

// ---- Slot reads ---------------------------------------------------------------------------------

/** READ_SLOT_NAME 0x02: [1] slot. */
export function encodeReadSlotName(slot: number): Uint8Array {
  assertSlotByte(slot);
  const frame = newFrame(CommandId.READ_SLOT_NAME);
  frame[1] = slot;
  return sealFrame(frame);
}

/** READ_SLOT 0x03: [1] slot, [2] counter format 1 = binary. */
export function encodeReadSlot(slot: number): Uint8Array {
  assertSlotByte(slot);
  const frame = newFrame(CommandId.READ_SLOT);
  frame[1] = slot;
  frame[2] = READ_SLOT_BINARY_COUNTER;
  return sealFrame(frame);
}

/**
 * GET_CODE 0x04 (libnitrokey `stick10_08::GetTOTP`): [1] slot, [2..18] unused challenge /
 * last time / last interval (zero), [19..43] temporary user password (zeros without PIN protection).
 */
export function encodeGetCode(slot: number, tempUserPassword?: Uint8Array): Uint8Array {
  assertSlotByte(slot);
  const frame = newFrame(CommandId.GET_CODE);
  frame[1] = slot;
  if (tempUserPassword !== undefined) frame.set(tempPasswordField(tempUserPassword), 19);
  return sealFrame(frame);
}

// ---- Clock --------------------------------------------------------------------------------------

/**
 * SET_TIME 0x0B: [1] reset (0 soft = "check", 1 force), [2..9] unix seconds u64 LE (docs/hardware-protocol.md "Clock").
 */
export function encodeSetTime(unixSeconds: bigint | number, mode: SetTimeMode): Uint8Array {
  const time = toU64(unixSeconds, 'bad-time');
  const frame = newFrame(CommandId.SET_TIME);
  frame[1] = mode === 'force' ? 1 : 0;
  writeU64le(frame, 2, time);
  return sealFrame(frame);
}

// ---- PIN commands -------------------------------------------------------------------------------

/** FIRST_AUTHENTICATE 0x07: [1..25] admin PIN, [26..50] new temporary admin password. */
export function encodeFirstAuthenticate(adminPin: string, tempAdminPassword: Uint8Array): Uint8Array {
  const frame = newFrame(CommandId.FIRST_AUTHENTICATE);
  frame.set(encodePin(adminPin, 'admin'), 1);
  frame.set(tempPasswordField(tempAdminPassword), 26);
  return sealFrame(frame);
}

/** USER_AUTHENTICATE 0x0E: [1..25] user PIN, [26..50] new temporary user password. */
export function encodeUserAuthenticate(userPin: string, tempUserPassword: Uint8Array): Uint8Array {
  const frame = newFrame(CommandId.USER_AUTHENTICATE);
  frame.set(encodePin(userPin, 'user'), 1);
  frame.set(tempPasswordField(tempUserPassword), 26);
  return sealFrame(frame);
}

// ---- Slot writes (admin) ------------------------------------------------------------------------

/**
 * SEND_OTP_DATA 0x17 (libnitrokey `stick10_08::SendOTPData`): [1..25] temporary admin
 * password, [26] type (0x4e name, 0x53 secret), [27] chunk id (30-byte chunks), [28..57] data, zero-padded.
 */
export function encodeSendOtpData(
  tempAdminPassword: Uint8Array,
  kind: OtpDataKind,
  chunkId: number,
  data: Uint8Array,
): Uint8Array {
  if (data.length > OTP_DATA_CHUNK_SIZE) {
    throw new HidFrameError('payload-too-long', text('keys_otp_data_too_long', OTP_DATA_CHUNK_SIZE, data.length));
  }
  assertByte(chunkId, 'keys_chunk_id_not_byte');
  const frame = newFrame(CommandId.SEND_OTP_DATA);
  frame.set(tempPasswordField(tempAdminPassword), 1);
  frame[26] = kind === 'name' ? OTP_DATA_NAME : OTP_DATA_SECRET;
  frame[27] = chunkId;
  frame.set(data, 28);
  return sealFrame(frame);
}

/**
 * The secret as SEND_OTP_DATA chunks (docs/hardware-protocol.md "Writing a slot"): 1..40 bytes, 30 per report. Always
 * two chunks (the second zero-filled for secrets up to 30 bytes) so the firmware's 40-byte buffer is fully defined even
 * after an earlier write that stopped half-way (firmware clears it only when a new write starts).
 */
export function secretChunks(secret: Uint8Array): Uint8Array[] {
  if (secret.length === 0) throw new NitrokeyError('empty-secret', text('keys_secret_empty'));
  if (secret.length > SECRET_MAX_SIZE) {
    throw new NitrokeyError('secret-too-long', text('keys_secret_too_long', secret.length, SECRET_MAX_SIZE));
  }
  const padded = new Uint8Array(SECRET_MAX_SIZE);
  padded.set(secret);
  return [padded.slice(0, OTP_DATA_CHUNK_SIZE), padded.slice(OTP_DATA_CHUNK_SIZE)];
}

/**
 * WRITE_TO_SLOT 0x01, 0.8 style (libnitrokey `stick10_08::WriteToOTPSlot`): [1..25]
 * temporary admin password, [26] slot, [27..34] u64 counter (HOTP) or interval (TOTP), [35] config,
 * [36..48] token id. Name and secret were sent before with SEND_OTP_DATA.
 */
export function encodeWriteToSlot(tempAdminPassword: Uint8Array, slot: number, fields: WriteToSlotFields): Uint8Array {
  assertSlotByte(slot);
  assertByte(fields.config, 'keys_slot_config_not_byte');
  const tokenId = fields.tokenId ?? new Uint8Array(0);
  if (tokenId.length > TOKEN_ID_SIZE) {
    throw new HidFrameError('payload-too-long', text('keys_token_id_too_long', TOKEN_ID_SIZE, tokenId.length));
  }
  const frame = newFrame(CommandId.WRITE_TO_SLOT);
  frame.set(tempPasswordField(tempAdminPassword), 1);
  frame[26] = slot;
  writeU64le(frame, 27, toU64(fields.counterOrInterval, 'bad-counter'));
  frame[35] = fields.config;
  frame.set(tokenId, 36);
  return sealFrame(frame);
}

/** ERASE_SLOT 0x06, 0.8 style (`stick10_08::EraseSlot`): [1] slot, [2..26] temporary admin password. */
export function encodeEraseSlot(slot: number, tempAdminPassword: Uint8Array): Uint8Array {
  assertSlotByte(slot);
  const frame = newFrame(CommandId.ERASE_SLOT);
  frame[1] = slot;
  frame.set(tempPasswordField(tempAdminPassword), 2);
  return sealFrame(frame);
}

// ---- Decoders -----------------------------------------------------------------------------------

/** GET_STATUS payload: [7] minor, [8] major, [9..12] serial, [13..15] keys, [16] OTP PIN. */
export function decodeStatus(payload: Uint8Array): DeviceStatusInfo {
  const p = payloadOf(payload);
  const cardSerial = readU32le(p, 2);
  return {
    firmware: { minor: p[0] ?? 0, major: p[1] ?? 0 },
    cardSerial,
    cardSerialHex: u32Hex(cardSerial),
    numlock: p[6] ?? 0,
    capslock: p[7] ?? 0,
    scrolllock: p[8] ?? 0,
    otpPinRequired: p[9] === 1,
  };
}

/**
 * Storage GET_DEVICE_STATUS payload: an 18-byte status area and 4 bytes of transmission
 * data, MagicNumber u16, two RW flags, then VersionInfo {major, minor, reserved, build_iteration} at
 * payload 26..29 (minor = report [34]); retry counters at 40/41, ActiveSmartCardID_u32 at 42..45.
 */
export function decodeDeviceStatus(payload: Uint8Array): StorageStatusInfo {
  const p = payloadOf(payload);
  const buildIteration = p[29] ?? 0;
  const cardSerial = readU32le(p, 42);
  return {
    firmware: { major: p[26] ?? 0, minor: (p[27] ?? 0) + (buildIteration !== 0 ? 1 : 0) },
    buildIteration,
    cardSerial,
    cardSerialHex: u32Hex(cardSerial),
    userRetries: p[40] ?? 0,
    adminRetries: p[41] ?? 0,
  };
}

/** GET_(USER_)PASSWORD_RETRY_COUNT payload: [7] attempts left. */
export function decodeRetryCount(payload: Uint8Array): number {
  return payloadOf(payload)[0] ?? 0;
}

/** READ_SLOT_NAME payload: [7..21] name, NUL-padded. */
export function decodeSlotName(payload: Uint8Array): string {
  return decodeName(payloadOf(payload).subarray(0, SLOT_NAME_SIZE));
}

/** READ_SLOT payload: [7..21] name, [22] config, [23..35] token id, [36..43] u64. */
export function decodeReadSlot(payload: Uint8Array): SlotData {
  const p = payloadOf(payload);
  const config = p[15] ?? 0;
  return {
    name: decodeName(p.subarray(0, SLOT_NAME_SIZE)),
    config,
    digits: digitsOf(config),
    tokenId: p.slice(16, 16 + TOKEN_ID_SIZE),
    counterOrInterval: readU64le(p, 29),
  };
}

/** GET_CODE payload: [7..10] code u32 LE, [11] config. */
export function decodeCode(payload: Uint8Array): CodeAnswer {
  const p = payloadOf(payload);
  const config = p[4] ?? 0;
  return { value: readU32le(p, 0), config, digits: digitsOf(config) };
}

/**
 * The code as shown (libnitrokey `getFilledOTPCode`): zero-padded to 6 or 8 digits. A value with more
 * digits than that is not something the firmware produces, so it is refused rather than cut.
 *
 * @example formatCode(7081804, 8) // '07081804'
 */
export function formatCode(value: number, digits: 6 | 8): string {
  if (!Number.isInteger(value) || value < 0 || value >= 10 ** digits) {
    throw new NitrokeyError('bad-response', text('keys_code_too_long', digits));
  }
  return value.toString().padStart(digits, '0');
}
