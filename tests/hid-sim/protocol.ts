// The simulator's own view of the Nitrokey Pro/Storage OTP HID protocol
// (docs/hardware-protocol.md "Framing", "Commands", "Payloads"). Written independently of lib/hid on
// purpose: the simulator is the reference the driver is tested against, so it must
// not share the driver's CRC, framing or offsets.

/** Feature report size without the report-ID byte (the WebHID view). */
export const REPORT_SIZE = 64;
/** Bytes covered by the STM32 CRC (15 little-endian words). */
export const CRC_COVERED = 60;
export const CRC_OFFSET = 60;

/** Response layout (firmware report_protocol.h). */
export const OUT_STATUS = 0;
export const OUT_CMD_TYPE = 1;
export const OUT_CMD_CRC = 2;
export const OUT_CMD_STATUS = 6;
export const OUT_RESULT = 7;
export const OUT_RESULT_LENGTH = 53;

/** Byte 0 of every GET_REPORT: the device's state machine. */
export const DeviceStatus = {
  READY: 0,
  BUSY: 1,
  ERROR: 2,
  RECEIVED: 3,
} as const;
export type DeviceStatusCode = (typeof DeviceStatus)[keyof typeof DeviceStatus];

/** Byte 6 of a response: the outcome of the last command. */
export const CommandStatus = {
  ok: 0,
  wrong_CRC: 1,
  wrong_slot: 2,
  slot_not_programmed: 3,
  wrong_password: 4,
  not_authorized: 5,
  timestamp_warning: 6,
  no_name_error: 7,
  not_supported: 8,
  unknown_command: 9,
  AES_dec_failed: 10,
} as const;
export type CommandStatusCode = (typeof CommandStatus)[keyof typeof CommandStatus];

export const Cmd = {
  GET_STATUS: 0x00,
  WRITE_TO_SLOT: 0x01,
  READ_SLOT_NAME: 0x02,
  READ_SLOT: 0x03,
  GET_CODE: 0x04,
  WRITE_CONFIG: 0x05,
  ERASE_SLOT: 0x06,
  FIRST_AUTHENTICATE: 0x07,
  AUTHORIZE: 0x08,
  GET_PASSWORD_RETRY_COUNT: 0x09,
  SET_TIME: 0x0b,
  USER_AUTHENTICATE: 0x0e,
  GET_USER_PASSWORD_RETRY_COUNT: 0x0f,
  USER_AUTHORIZE: 0x10,
  LOCK_DEVICE: 0x12,
  SEND_OTP_DATA: 0x17,
  /** Storage only: 0x20 + 14. */
  GET_DEVICE_STATUS: 0x2e,
} as const;

export const NITROKEY_VID = 0x20a0;
export const NITROKEY_PRO_PID = 0x4108;
export const NITROKEY_STORAGE_PID = 0x4109;
export const PURISM_VID = 0x316d;
export const LIBREM_KEY_PID = 0x4c4b;

/** SET_TIME stores minutes since this Unix time (2014-01-01). */
export const TIME_EPOCH = 1388534400;

/** Slot numbers on the wire. */
export const HOTP_SLOT_BASE = 0x10;
export const TOTP_SLOT_BASE = 0x20;
export const HOTP_SLOTS = 4; // index 3 is reserved for HOTP verification
export const TOTP_SLOTS = 15;

export const TEMP_PASSWORD_LENGTH = 25;
export const PIN_FIELD_LENGTH = 25;

/** Reads byte i; typed-array indexing is `number | undefined` under noUncheckedIndexedAccess. */
export function byteAt(buf: Uint8Array, i: number): number {
  return buf[i] ?? 0;
}

export function readU32le(buf: Uint8Array, offset: number): number {
  return (
    (byteAt(buf, offset) |
      (byteAt(buf, offset + 1) << 8) |
      (byteAt(buf, offset + 2) << 16) |
      (byteAt(buf, offset + 3) << 24)) >>>
    0
  );
}

export function writeU32le(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value & 0xff;
  buf[offset + 1] = (value >>> 8) & 0xff;
  buf[offset + 2] = (value >>> 16) & 0xff;
  buf[offset + 3] = (value >>> 24) & 0xff;
}

export function readU64le(buf: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(byteAt(buf, offset + i));
  return v;
}

export function writeU64le(buf: Uint8Array, offset: number, value: bigint): void {
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < 8; i++) {
    buf[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/**
 * STM32 CRC peripheral / libnitrokey `stm_crc32`: init 0xFFFFFFFF, each 32-bit word
 * read little-endian, poly 0x04C11DB7 MSB-first, no reflection, no final XOR.
 */
export function stmCrc32(buf: Uint8Array, length = CRC_COVERED): number {
  let crc = 0xffffffff;
  for (let i = 0; i < length; i += 4) {
    crc = (crc ^ readU32le(buf, i)) >>> 0;
    for (let bit = 0; bit < 32; bit++) {
      crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
    }
  }
  return crc >>> 0;
}

/** ASCII/Latin-1 bytes (no TextEncoder: the bundle also runs in bare vm contexts). */
export function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes up to the first NUL, as a string (firmware C-string semantics). */
export function cString(buf: Uint8Array, offset: number, max: number): string {
  let s = '';
  for (let i = 0; i < max; i++) {
    const c = byteAt(buf, offset + i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`not a hex string: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(buf: Uint8Array): string {
  let s = '';
  for (const b of buf) s += b.toString(16).padStart(2, '0');
  return s;
}

/** RFC 4648 base32 (padding and case ignored). */
export function base32ToBytes(input: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${input}`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// Host-side request builders. Only for the simulator's own tests and for test
// scaffolding; the product driver has its own codec in lib/hid.

/** A 64-byte request: [0] command, the given fields, CRC at [60..63]. */
export function buildRequest(
  cmd: number,
  fields: ReadonlyArray<readonly [number, Uint8Array | number]> = [],
): Uint8Array {
  const frame = new Uint8Array(REPORT_SIZE);
  frame[0] = cmd;
  for (const [offset, value] of fields) {
    if (typeof value === 'number') frame[offset] = value;
    else frame.set(value, offset);
  }
  writeU32le(frame, CRC_OFFSET, stmCrc32(frame));
  return frame;
}

function u64(value: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  writeU64le(b, 0, BigInt(value));
  return b;
}

function field(value: string | Uint8Array, length: number): Uint8Array {
  const bytes = typeof value === 'string' ? asciiBytes(value) : value;
  return bytes.slice(0, length);
}

/** 0.8-style request frames (docs/hardware-protocol.md "Payloads"), absolute offsets in the 64-byte report. */
export const requests = {
  getStatus: () => buildRequest(Cmd.GET_STATUS),
  getDeviceStatus: () => buildRequest(Cmd.GET_DEVICE_STATUS),
  getUserRetryCount: () => buildRequest(Cmd.GET_USER_PASSWORD_RETRY_COUNT),
  getAdminRetryCount: () => buildRequest(Cmd.GET_PASSWORD_RETRY_COUNT),
  readSlotName: (slot: number) => buildRequest(Cmd.READ_SLOT_NAME, [[1, slot]]),
  readSlot: (slot: number, binaryCounter = true) =>
    buildRequest(Cmd.READ_SLOT, [
      [1, slot],
      [2, binaryCounter ? 1 : 0],
    ]),
  getCode: (slot: number, tempUserPassword: string | Uint8Array = '') =>
    buildRequest(Cmd.GET_CODE, [
      [1, slot],
      [19, field(tempUserPassword, TEMP_PASSWORD_LENGTH)],
    ]),
  setTime: (unixSeconds: number | bigint, reset: boolean) =>
    buildRequest(Cmd.SET_TIME, [
      [1, reset ? 1 : 0],
      [2, u64(unixSeconds)],
    ]),
  firstAuthenticate: (adminPin: string, tempAdminPassword: string | Uint8Array) =>
    buildRequest(Cmd.FIRST_AUTHENTICATE, [
      [1, field(adminPin, PIN_FIELD_LENGTH)],
      [26, field(tempAdminPassword, TEMP_PASSWORD_LENGTH)],
    ]),
  userAuthenticate: (userPin: string, tempUserPassword: string | Uint8Array) =>
    buildRequest(Cmd.USER_AUTHENTICATE, [
      [1, field(userPin, PIN_FIELD_LENGTH)],
      [26, field(tempUserPassword, TEMP_PASSWORD_LENGTH)],
    ]),
  sendOtpData: (tempAdminPassword: string | Uint8Array, type: 'N' | 'S', id: number, data: string | Uint8Array) =>
    buildRequest(Cmd.SEND_OTP_DATA, [
      [1, field(tempAdminPassword, TEMP_PASSWORD_LENGTH)],
      [26, type.charCodeAt(0)],
      [27, id],
      [28, field(data, 30)],
    ]),
  writeToSlot: (
    tempAdminPassword: string | Uint8Array,
    slot: number,
    counterOrInterval: number | bigint,
    config: number,
    tokenId: Uint8Array = new Uint8Array(13),
  ) =>
    buildRequest(Cmd.WRITE_TO_SLOT, [
      [1, field(tempAdminPassword, TEMP_PASSWORD_LENGTH)],
      [26, slot],
      [27, u64(counterOrInterval)],
      [35, config],
      [36, tokenId.slice(0, 13)],
    ]),
  eraseSlot: (slot: number, tempAdminPassword: string | Uint8Array) =>
    buildRequest(Cmd.ERASE_SLOT, [
      [1, slot],
      [2, field(tempAdminPassword, TEMP_PASSWORD_LENGTH)],
    ]),
  writeConfig: (
    cfg: {
      numlock?: number;
      capslock?: number;
      scrolllock?: number;
      enableUserPassword: boolean;
      deleteUserPassword?: boolean;
    },
    tempAdminPassword: string | Uint8Array,
  ) =>
    buildRequest(Cmd.WRITE_CONFIG, [
      [1, cfg.numlock ?? 0xff],
      [2, cfg.capslock ?? 0xff],
      [3, cfg.scrolllock ?? 0xff],
      [4, cfg.enableUserPassword ? 1 : 0],
      [5, cfg.deleteUserPassword ? 1 : 0],
      [6, field(tempAdminPassword, TEMP_PASSWORD_LENGTH)],
    ]),
};

/** A response split into its fields (for the simulator's tests). */
export interface ParsedResponse {
  deviceStatus: number;
  cmd: number;
  echoCrc: number;
  cmdStatus: number;
  payload: Uint8Array;
  crc: number;
  crcOk: boolean;
}

export function parseResponse(r: Uint8Array): ParsedResponse {
  const copy = r.slice(0, REPORT_SIZE);
  copy[0] = 0;
  return {
    deviceStatus: byteAt(r, OUT_STATUS),
    cmd: byteAt(r, OUT_CMD_TYPE),
    echoCrc: readU32le(r, OUT_CMD_CRC),
    cmdStatus: byteAt(r, OUT_CMD_STATUS),
    payload: r.slice(OUT_RESULT, OUT_RESULT + OUT_RESULT_LENGTH),
    crc: readU32le(r, CRC_OFFSET),
    crcOk: stmCrc32(copy) === readU32le(r, CRC_OFFSET),
  };
}
