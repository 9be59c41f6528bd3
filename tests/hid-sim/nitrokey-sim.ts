// A simulator of the OTP HID interface of Nitrokey Pro, Nitrokey Storage and Librem Key,
// modelled on the firmware behaviour described in docs/hardware-protocol.md (with its sources in
// nitrokey-pro-firmware): the READY → RECEIVED → BUSY → READY state machine, silently dropped SETs
// while not ready, GET returning the last output buffer with byte 0 = current status,
// slot tables, temporary passwords, PIN retry counters, SET_TIME rules and a device
// clock that runs about 1 % slow. No real timers: the device moves on when it is polled
// and/or when the injected clock says enough time has passed.

import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { disconnectedError, domError } from './errors';
import {
  asciiBytes,
  byteAt,
  Cmd,
  CommandStatus,
  type CommandStatusCode,
  CRC_OFFSET,
  cString,
  DeviceStatus,
  type DeviceStatusCode,
  HOTP_SLOT_BASE,
  HOTP_SLOTS,
  hexToBytes,
  LIBREM_KEY_PID,
  NITROKEY_PRO_PID,
  NITROKEY_STORAGE_PID,
  NITROKEY_VID,
  OUT_CMD_CRC,
  OUT_CMD_STATUS,
  OUT_CMD_TYPE,
  OUT_RESULT,
  PURISM_VID,
  REPORT_SIZE,
  readU32le,
  readU64le,
  stmCrc32,
  TEMP_PASSWORD_LENGTH,
  TIME_EPOCH,
  TOTP_SLOT_BASE,
  TOTP_SLOTS,
  writeU32le,
  writeU64le,
} from './protocol';

export type SimModel = 'pro' | 'storage' | 'librem';

export interface FirmwareVersion {
  major: number;
  minor: number;
  /** Storage only: VersionInfo.build_iteration in GET_DEVICE_STATUS (libnitrokey adds 1 to minor if non-zero). */
  build?: number;
}

export interface SlotInit {
  kind: 'totp' | 'hotp';
  /** TOTP 0..14, HOTP 0..2 (3 is the firmware's reserved verification slot). */
  index: number;
  /** Up to 15 bytes are stored; an empty name is allowed here but the device cannot write one. */
  name: string;
  /** Raw secret, at most 40 bytes (320 bit). A string is hex. */
  secret: Uint8Array | readonly number[] | string;
  digits?: 6 | 8;
  /** TOTP interval in seconds (default 30). */
  period?: number;
  /** HOTP moving factor (default 0). */
  counter?: number | bigint;
  /** Up to 13 bytes; a string is ASCII. */
  tokenId?: Uint8Array | string;
  /** Raw slot config byte; overrides `digits` (bit0 = 8 digits, bit1 = enter, bit2 = token id). */
  config?: number;
}

/** A number, or a function of the command byte (e.g. slower PIN commands). */
export type PerCommand = number | ((cmd: number) => number);

export interface NitrokeySimOptions {
  model?: SimModel;
  /** Pro/Librem: reported by GET_STATUS. Storage: reported by GET_DEVICE_STATUS (GET_STATUS says 0.1). */
  firmware?: FirmwareVersion;
  /** Smartcard serial (u32), GET_STATUS [9..12]. */
  serial?: number;
  /** Milliseconds, injected. Defaults to Date.now. */
  clock?: () => number;
  /** Device seconds last (1 + p/100) real seconds. Default 1 (firmware: 101 SysTicks of 10 ms). */
  slowClockPercent?: number;
  /** GET_REPORTs answered RECEIVED/BUSY after an accepted SET before the answer is READY. Default 2. */
  busyPolls?: PerCommand;
  /** Milliseconds of the injected clock before a command completes. Default 0. Both conditions must hold. */
  processMs?: PerCommand;
  /** With processMs: how long status 3 (RECEIVED) shows before 1 (BUSY). Default min(2, processMs). */
  receivedMs?: number;
  slots?: readonly SlotInit[];
  userPin?: string;
  adminPin?: string;
  userRetries?: number;
  adminRetries?: number;
  /** enable_user_password (OTP PIN protection). */
  pinProtected?: boolean;
  /** Minutes since 2014-01-01 in flash (SET_TIME). 0 = never set (soft SET_TIME warns); 0xFFFFFFFF = erased. */
  storedTimeMinutes?: number;
  /** Reject SETs whose length is not 64 (Windows behaviour). Default true. */
  strictLength?: boolean;
  /** Start unplugged. */
  unplugged?: boolean;
  /** Overrides the USB product string. */
  productName?: string;
}

export interface SlotSnapshot {
  kind: 'totp' | 'hotp';
  index: number;
  name: string;
  config: number;
  digits: 6 | 8;
  tokenId: Uint8Array;
  secret: Uint8Array;
  /** TOTP interval. */
  period: number;
  /** HOTP counter. */
  counter: bigint;
}

export interface CommandRecord {
  cmd: number;
  status: CommandStatusCode;
  /** Injected-clock ms at which the command completed. */
  at: number;
  /** Device seconds at completion. */
  deviceTime: number;
}

export interface SimStats {
  sets: number;
  acceptedSets: number;
  droppedSets: number;
  gets: number;
  /** GETs that did not report READY. */
  notReadyGets: number;
}

export interface FlashWrites {
  time: number;
  counter: number;
  slot: number;
  config: number;
}

interface Slot {
  programmed: boolean;
  name: Uint8Array; // 15
  config: number;
  tokenId: Uint8Array; // 13
  secret: Uint8Array; // 40, zero padded
  interval: number; // u16
  counter: bigint; // u64
}

interface Pending {
  request: Uint8Array;
  receivedAt: number;
  busyPolls: number;
  processMs: number;
  polls: number;
  pollsMetAt: number | null;
}

const SECRET_LENGTH = 40;
const NAME_LENGTH = 15;
const TOKEN_ID_LENGTH = 13;
const MAX_RETRIES = 3;

const IDENTITY: Record<
  SimModel,
  { vendorId: number; productId: number; productName: string; firmware: FirmwareVersion }
> = {
  pro: {
    vendorId: NITROKEY_VID,
    productId: NITROKEY_PRO_PID,
    productName: 'Nitrokey Pro',
    firmware: { major: 0, minor: 15 },
  },
  storage: {
    vendorId: NITROKEY_VID,
    productId: NITROKEY_STORAGE_PID,
    productName: 'Nitrokey Storage',
    firmware: { major: 0, minor: 56 },
  },
  librem: {
    vendorId: PURISM_VID,
    productId: LIBREM_KEY_PID,
    productName: 'Librem Key',
    firmware: { major: 0, minor: 12 },
  },
};

function emptySlot(): Slot {
  return {
    programmed: false,
    name: new Uint8Array(NAME_LENGTH),
    config: 0xff,
    tokenId: new Uint8Array(TOKEN_ID_LENGTH).fill(0xff),
    secret: new Uint8Array(SECRET_LENGTH),
    interval: 0,
    counter: 0n,
  };
}

function toBytes(v: Uint8Array | readonly number[] | string, hex: boolean): Uint8Array {
  if (typeof v === 'string') return hex ? hexToBytes(v) : asciiBytes(v);
  return Uint8Array.from(v);
}

function fixed(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, length));
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= byteAt(a, i) ^ byteAt(b, i);
  return diff === 0;
}

/** RFC 4226 with the firmware's 40-byte zero-padded key; returns the number before zero-padding. */
export function firmwareOtp(secret40: Uint8Array, counter: bigint, digits: 6 | 8): number {
  const msg = new Uint8Array(8);
  let c = BigInt.asUintN(64, counter);
  for (let i = 7; i >= 0; i--) {
    msg[i] = Number(c & 0xffn);
    c >>= 8n;
  }
  const mac = hmac(sha1, secret40, msg);
  const off = byteAt(mac, 19) & 0x0f;
  const bin =
    ((byteAt(mac, off) & 0x7f) << 24) |
    (byteAt(mac, off + 1) << 16) |
    (byteAt(mac, off + 2) << 8) |
    byteAt(mac, off + 3);
  return bin % (digits === 8 ? 100_000_000 : 1_000_000);
}

export class NitrokeySim {
  readonly model: SimModel;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly firmware: Readonly<FirmwareVersion>;
  readonly serial: number;
  readonly clock: () => number;

  // ---- fault injection ----
  /** Next GET answers READY with the previous command's response (does not advance the device). */
  staleOnce = false;
  /** Next READY GET has a corrupted response CRC (that copy only). */
  crcErrorOnce = false;
  /** Next SET is silently lost, even while READY. */
  dropNextSet = false;
  /** Next GET answers status 2 (STATUS_ERROR). */
  errorStatusOnce = false;
  /** Accept the next SET, then unplug before anyone can read the answer. */
  unplugAfterNextSet = false;
  /** Pre-fix Windows Chrome: GET yields 64 bytes = 00 + the first 63 device bytes. */
  shiftedBufferMode = false;
  /** GET yields 65 bytes with a leading report ID 0 (ignored while shiftedBufferMode is on). */
  withReportId = false;

  slowClockPercent: number;
  busyPolls: PerCommand;
  processMs: PerCommand;
  receivedMs: number | undefined;
  strictLength: boolean;

  readonly stats: SimStats = { sets: 0, acceptedSets: 0, droppedSets: 0, gets: 0, notReadyGets: 0 };
  readonly flashWrites: FlashWrites = { time: 0, counter: 0, slot: 0, config: 0 };
  /** Every executed command, in order. */
  readonly history: CommandRecord[] = [];

  private connected: boolean;
  private status: DeviceStatusCode = DeviceStatus.READY;
  private output: Uint8Array = new Uint8Array(REPORT_SIZE);
  private previousOutput: Uint8Array = new Uint8Array(REPORT_SIZE);
  private pending: Pending | null = null;
  private stormRemaining = 0;
  private stormStatus: DeviceStatusCode = DeviceStatus.BUSY;
  private readonly listeners = new Set<(connected: boolean) => void>();

  // RAM (lost on power-down)
  private powerUpAt = 0;
  private timeBase = 0;
  private ticksAtSet = 0;
  private tempAdmin: Uint8Array | null = null;
  private tempUser: Uint8Array | null = null;
  private pendingName: Uint8Array = new Uint8Array(NAME_LENGTH);
  private pendingSecret: Uint8Array = new Uint8Array(SECRET_LENGTH);
  private storageCommandCounter = 0;

  // flash / smartcard (kept across power cycles)
  private readonly hotp: Slot[] = Array.from({ length: HOTP_SLOTS }, emptySlot);
  private readonly totp: Slot[] = Array.from({ length: TOTP_SLOTS }, emptySlot);
  private userPin: string;
  private adminPin: string;
  private userRetriesLeft: number;
  private adminRetriesLeft: number;
  private globalConfig = {
    numlock: 0xff,
    capslock: 0xff,
    scrolllock: 0xff,
    enableUserPassword: 0,
    deleteUserPassword: 0,
  };
  private storedMinutes: number;

  constructor(options: NitrokeySimOptions = {}) {
    this.model = options.model ?? 'pro';
    const id = IDENTITY[this.model];
    this.vendorId = id.vendorId;
    this.productId = id.productId;
    this.productName = options.productName ?? id.productName;
    this.firmware = { ...(options.firmware ?? id.firmware) };
    this.serial = (options.serial ?? 0x00005f11) >>> 0;
    this.clock = options.clock ?? (() => Date.now());
    this.slowClockPercent = options.slowClockPercent ?? 1;
    this.busyPolls = options.busyPolls ?? 2;
    this.processMs = options.processMs ?? 0;
    this.receivedMs = options.receivedMs;
    this.strictLength = options.strictLength ?? true;
    this.userPin = options.userPin ?? '123456';
    this.adminPin = options.adminPin ?? '12345678';
    this.userRetriesLeft = options.userRetries ?? MAX_RETRIES;
    this.adminRetriesLeft = options.adminRetries ?? MAX_RETRIES;
    this.storedMinutes = (options.storedTimeMinutes ?? 0) >>> 0;
    this.globalConfig.enableUserPassword = options.pinProtected ? 1 : 0;
    for (const s of options.slots ?? []) this.setSlot(s);
    this.connected = !options.unplugged;
    this.powerUp();
  }

  // ------------------------------------------------------------------ identity

  /** Pro ≤ v0.9 / Storage ≤ V0.52 (and Librem like Pro) expose a GD/Keyboard TLC instead of 0xFF00. */
  get legacyKeyboardDescriptor(): boolean {
    return this.model === 'storage' ? this.firmware.minor <= 52 : this.firmware.minor <= 9;
  }

  /** Pre-0.8 protocol (AUTHORIZE before privileged commands): Pro/Librem minor ≤ 7, Storage ≤ 53. */
  get oldProtocol(): boolean {
    return (
      this.firmware.major === 0 && (this.model === 'storage' ? this.firmware.minor <= 53 : this.firmware.minor <= 7)
    );
  }

  get usagePage(): number {
    return this.legacyKeyboardDescriptor ? 0x0001 : 0xff00;
  }

  get usage(): number {
    return this.legacyKeyboardDescriptor ? 0x06 : 0x01;
  }

  // ------------------------------------------------------------------ connection

  get isConnected(): boolean {
    return this.connected;
  }

  /** Power loss: the answer in flight, the clock and the temporary passwords are gone. */
  unplug(): void {
    if (!this.connected) return;
    this.connected = false;
    this.pending = null;
    for (const l of [...this.listeners]) l(false);
  }

  /** Power-up: device time restarts at 0, READY, empty output buffer; flash state kept. */
  plug(): void {
    if (this.connected) return;
    this.connected = true;
    this.powerUp();
    for (const l of [...this.listeners]) l(true);
  }

  powerCycle(): void {
    this.unplug();
    this.plug();
  }

  /** Called with true on plug, false on unplug. Returns an unsubscribe function. */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------------ faults

  /** The next n GETs report `status` (BUSY by default) without progress; SETs meanwhile are dropped. */
  busyStorm(n: number, status: DeviceStatusCode = DeviceStatus.BUSY): void {
    this.stormRemaining = n;
    this.stormStatus = status;
  }

  // ------------------------------------------------------------------ inspection

  /** Device seconds (the firmware's RAM `current_time`). */
  deviceTime(at: number = this.clock()): number {
    return this.timeBase + this.ticks(at) - this.ticksAtSet;
  }

  /** The state byte a GET would report right now, without counting as a poll. */
  peekStatus(): DeviceStatusCode {
    this.advance(this.clock());
    return this.pending ? this.pendingStatus(this.pending, this.clock()) : this.status;
  }

  get userRetries(): number {
    return this.userRetriesLeft;
  }

  get adminRetries(): number {
    return this.adminRetriesLeft;
  }

  get pinProtected(): boolean {
    return this.globalConfig.enableUserPassword === 1;
  }

  set pinProtected(on: boolean) {
    this.globalConfig.enableUserPassword = on ? 1 : 0;
  }

  get storedTimeMinutes(): number {
    return this.storedMinutes;
  }

  get hasTempUserPassword(): boolean {
    return this.tempUser !== null;
  }

  get hasTempAdminPassword(): boolean {
    return this.tempAdmin !== null;
  }

  /** Executed commands with the given id. */
  commandsOf(cmd: number): CommandRecord[] {
    return this.history.filter((r) => r.cmd === cmd);
  }

  slot(kind: 'totp' | 'hotp', index: number): SlotSnapshot | null {
    const s = (kind === 'totp' ? this.totp : this.hotp)[index];
    if (!s?.programmed) return null;
    return {
      kind,
      index,
      name: cString(s.name, 0, NAME_LENGTH),
      config: s.config,
      digits: s.config & 1 ? 8 : 6,
      tokenId: s.tokenId.slice(),
      secret: s.secret.slice(),
      period: s.interval,
      counter: s.counter,
    };
  }

  /** Programs a slot directly (test setup; no flash-write accounting). */
  setSlot(init: SlotInit): void {
    const table = init.kind === 'totp' ? this.totp : this.hotp;
    const slot = table[init.index];
    if (!slot) throw new RangeError(`no ${init.kind} slot ${init.index}`);
    const secret = toBytes(init.secret, true);
    if (secret.length > SECRET_LENGTH) throw new RangeError('a slot secret is at most 40 bytes');
    slot.programmed = true;
    slot.name = fixed(asciiBytes(init.name), NAME_LENGTH);
    slot.secret = fixed(secret, SECRET_LENGTH);
    slot.config = init.config ?? (init.digits === 8 ? 1 : 0);
    slot.tokenId = fixed(init.tokenId === undefined ? new Uint8Array() : toBytes(init.tokenId, false), TOKEN_ID_LENGTH);
    slot.interval = init.kind === 'totp' ? (init.period ?? 30) & 0xffff : 0;
    slot.counter = init.kind === 'hotp' ? BigInt(init.counter ?? 0) : 0n;
  }

  // ------------------------------------------------------------------ the HID interface

  /**
   * SET_REPORT(feature), 64 bytes as the device receives them (no report ID).
   * Accepted only while READY; otherwise silently dropped.
   */
  setFeatureReport(data: Uint8Array): void {
    if (!this.connected) throw disconnectedError();
    const now = this.clock();
    this.stats.sets++;
    let frame = data;
    if (data.length !== REPORT_SIZE) {
      if (this.strictLength) throw domError('NotAllowedError', 'Failed to write the feature report.');
      frame = fixed(data, REPORT_SIZE);
    }
    if (this.dropNextSet) {
      this.dropNextSet = false;
      this.stats.droppedSets++;
      return;
    }
    this.advance(now);
    if (this.stormRemaining > 0 || this.pending || this.status !== DeviceStatus.READY) {
      this.stats.droppedSets++;
      return;
    }
    this.stats.acceptedSets++;
    const cmd = byteAt(frame, 0);
    const busyPolls = Math.max(0, typeof this.busyPolls === 'function' ? this.busyPolls(cmd) : this.busyPolls);
    const processMs = Math.max(0, typeof this.processMs === 'function' ? this.processMs(cmd) : this.processMs);
    this.pending = {
      request: frame.slice(),
      receivedAt: now,
      busyPolls,
      processMs,
      polls: 0,
      pollsMetAt: busyPolls === 0 ? now : null,
    };
    this.status = DeviceStatus.RECEIVED;
    if (this.unplugAfterNextSet) {
      this.unplugAfterNextSet = false;
      this.unplug();
    }
  }

  /**
   * GET_REPORT(feature): the last output buffer with [0] = current status, shaped by the
   * host-side modes (withReportId → 65 bytes; shiftedBufferMode → 00 + 63 bytes).
   */
  getFeatureReport(): Uint8Array {
    if (!this.connected) throw disconnectedError();
    const now = this.clock();
    this.stats.gets++;

    if (this.stormRemaining > 0) {
      this.stormRemaining--;
      this.stats.notReadyGets++;
      return this.shape(this.output, this.stormStatus);
    }
    if (this.errorStatusOnce) {
      this.errorStatusOnce = false;
      this.stats.notReadyGets++;
      return this.shape(this.output, DeviceStatus.ERROR);
    }
    if (this.staleOnce) {
      this.staleOnce = false;
      return this.shape(this.pending ? this.output : this.previousOutput, DeviceStatus.READY);
    }

    this.advance(now);
    const p = this.pending;
    if (p) {
      const status = this.pendingStatus(p, now);
      p.polls++;
      if (p.pollsMetAt === null && p.polls >= p.busyPolls) p.pollsMetAt = now;
      this.status = status;
      this.stats.notReadyGets++;
      return this.shape(this.output, status);
    }
    if (this.crcErrorOnce) {
      this.crcErrorOnce = false;
      const broken = this.output.slice();
      broken[CRC_OFFSET] = byteAt(broken, CRC_OFFSET) ^ 0xa5;
      return this.shape(broken, DeviceStatus.READY);
    }
    return this.shape(this.output, DeviceStatus.READY);
  }

  /** Convenience for tests: SET, then GET until READY (at most maxPolls). Returns the 64-byte answer. */
  transact(frame: Uint8Array, maxPolls = 1000): Uint8Array {
    this.setFeatureReport(frame);
    for (let i = 0; i < maxPolls; i++) {
      const r = this.getFeatureReport();
      if (r[0] === DeviceStatus.READY) return r;
    }
    throw new Error('simulated device stayed busy');
  }

  // ------------------------------------------------------------------ internals

  private powerUp(): void {
    this.powerUpAt = this.clock();
    this.timeBase = 0;
    this.ticksAtSet = 0;
    this.status = DeviceStatus.READY;
    this.output = new Uint8Array(REPORT_SIZE);
    this.previousOutput = new Uint8Array(REPORT_SIZE);
    this.pending = null;
    this.tempAdmin = null;
    this.tempUser = null;
    this.pendingName = new Uint8Array(NAME_LENGTH);
    this.pendingSecret = new Uint8Array(SECRET_LENGTH);
    this.stormRemaining = 0;
  }

  private ticks(at: number): number {
    const secondMs = 1000 * (1 + this.slowClockPercent / 100);
    return Math.max(0, Math.floor((at - this.powerUpAt) / secondMs));
  }

  private pendingStatus(p: Pending, now: number): DeviceStatusCode {
    const receivedMs = this.receivedMs ?? Math.min(2, p.processMs);
    const firstPoll = p.polls === 0 && p.busyPolls > 0;
    return firstPoll || now - p.receivedAt < receivedMs ? DeviceStatus.RECEIVED : DeviceStatus.BUSY;
  }

  private advance(now: number): void {
    const p = this.pending;
    if (!p || p.pollsMetAt === null) return;
    const readyAt = p.receivedAt + p.processMs;
    if (now < readyAt) return;
    const doneAt = Math.max(p.pollsMetAt, readyAt);
    this.pending = null;
    this.previousOutput = this.output;
    this.output = this.execute(p.request, doneAt);
    this.status = DeviceStatus.READY;
  }

  private shape(buffer: Uint8Array, status: DeviceStatusCode): Uint8Array {
    const copy = buffer.slice();
    copy[0] = status;
    if (this.shiftedBufferMode) {
      const shifted = new Uint8Array(REPORT_SIZE);
      shifted.set(copy.subarray(0, REPORT_SIZE - 1), 1);
      return shifted;
    }
    if (this.withReportId) {
      const withId = new Uint8Array(REPORT_SIZE + 1);
      withId.set(copy, 1);
      return withId;
    }
    return copy;
  }

  /** The firmware's parse_report: returns the new output buffer (CRC over [0..59] with [0] = 0). */
  private execute(req: Uint8Array, at: number): Uint8Array {
    const out = new Uint8Array(REPORT_SIZE);
    const cmd = byteAt(req, 0);
    const calculated = stmCrc32(req);
    out[OUT_CMD_TYPE] = cmd;
    // The firmware echoes the CRC it calculated, not the one it received.
    writeU32le(out, OUT_CMD_CRC, calculated);
    let status: CommandStatusCode = CommandStatus.ok;
    if (calculated !== readU32le(req, CRC_OFFSET)) status = CommandStatus.wrong_CRC;
    else status = this.dispatch(cmd, req, out, at);
    out[OUT_CMD_STATUS] = status;
    writeU32le(out, CRC_OFFSET, stmCrc32(out));
    this.history.push({ cmd, status, at, deviceTime: this.deviceTime(at) });
    return out;
  }

  private dispatch(cmd: number, req: Uint8Array, out: Uint8Array, at: number): CommandStatusCode {
    const modern = !this.oldProtocol;
    switch (cmd) {
      case Cmd.GET_STATUS:
        return this.cmdGetStatus(out);
      case Cmd.READ_SLOT_NAME:
        return this.cmdReadSlotName(req, out);
      case Cmd.READ_SLOT:
        return this.cmdReadSlot(req, out);
      case Cmd.GET_CODE:
        if (this.pinProtected && !(modern && this.validTemp(this.tempUser, req, 19)))
          return CommandStatus.not_authorized;
        return this.cmdGetCode(req, out, at);
      case Cmd.WRITE_CONFIG:
        if (!modern || !this.validTemp(this.tempAdmin, req, 6)) return CommandStatus.not_authorized;
        this.globalConfig = {
          numlock: byteAt(req, 1),
          capslock: byteAt(req, 2),
          scrolllock: byteAt(req, 3),
          enableUserPassword: byteAt(req, 4),
          deleteUserPassword: byteAt(req, 5),
        };
        this.flashWrites.config++;
        return CommandStatus.ok;
      case Cmd.ERASE_SLOT:
        if (!modern || !this.validTemp(this.tempAdmin, req, 2)) return CommandStatus.not_authorized;
        return this.cmdEraseSlot(req);
      case Cmd.FIRST_AUTHENTICATE:
        if (!this.checkPin('admin', req)) return CommandStatus.wrong_password;
        this.tempAdmin = req.slice(26, 26 + TEMP_PASSWORD_LENGTH);
        return CommandStatus.ok;
      case Cmd.USER_AUTHENTICATE:
        if (!this.checkPin('user', req)) return CommandStatus.wrong_password;
        this.tempUser = req.slice(26, 26 + TEMP_PASSWORD_LENGTH);
        return CommandStatus.ok;
      case Cmd.GET_PASSWORD_RETRY_COUNT:
        out[OUT_RESULT] = this.adminRetriesLeft;
        return CommandStatus.ok;
      case Cmd.GET_USER_PASSWORD_RETRY_COUNT:
        out[OUT_RESULT] = this.userRetriesLeft;
        return CommandStatus.ok;
      case Cmd.SET_TIME:
        return this.cmdSetTime(req, at);
      case Cmd.SEND_OTP_DATA:
        if (!modern) return CommandStatus.unknown_command;
        if (!this.validTemp(this.tempAdmin, req, 1)) return CommandStatus.not_authorized;
        return this.cmdSendOtpData(req, out);
      case Cmd.WRITE_TO_SLOT:
        // Pre-0.8 firmware wants AUTHORIZE first (not modelled), so it is never authorized here.
        if (!modern || !this.validTemp(this.tempAdmin, req, 1)) return CommandStatus.not_authorized;
        return this.cmdWriteToSlot(req);
      case Cmd.LOCK_DEVICE:
        return CommandStatus.ok;
      case Cmd.GET_DEVICE_STATUS:
        if (this.model !== 'storage') return CommandStatus.unknown_command;
        return this.cmdGetDeviceStatus(out);
      default:
        // Includes AUTHORIZE / USER_AUTHORIZE, which 0.8+ firmware answers with UNKNOWN_COMMAND.
        return CommandStatus.unknown_command;
    }
  }

  private cmdGetStatus(out: Uint8Array): CommandStatusCode {
    if (this.model === 'storage') {
      // Storage's OTP code base reports the constant FIRMWARE_VERSION 1.
      out[OUT_RESULT] = 1;
      out[OUT_RESULT + 1] = 0;
    } else {
      out[OUT_RESULT] = this.firmware.minor;
      out[OUT_RESULT + 1] = this.firmware.major;
    }
    writeU32le(out, OUT_RESULT + 2, this.serial);
    out[OUT_RESULT + 6] = this.globalConfig.numlock;
    out[OUT_RESULT + 7] = this.globalConfig.capslock;
    out[OUT_RESULT + 8] = this.globalConfig.scrolllock;
    out[OUT_RESULT + 9] = this.globalConfig.enableUserPassword;
    out[OUT_RESULT + 10] = this.globalConfig.deleteUserPassword;
    return CommandStatus.ok;
  }

  private cmdGetDeviceStatus(out: Uint8Array): CommandStatusCode {
    this.storageCommandCounter = (this.storageCommandCounter + 1) & 0xff;
    // stick20 status block at absolute [20..23]: counter, command, device_status (1 = ok), progress.
    out[20] = this.storageCommandCounter;
    out[21] = Cmd.GET_DEVICE_STATUS;
    out[22] = 1;
    out[23] = 0;
    // DeviceConfigurationResponsePacket after 18 pad + 4 TransmissionData + u16 magic + 2 RW flags.
    out[33] = this.firmware.major;
    out[34] = this.firmware.minor;
    out[36] = this.firmware.build ?? 0;
    out[47] = this.userRetriesLeft;
    out[48] = this.adminRetriesLeft;
    writeU32le(out, 49, this.serial);
    return CommandStatus.ok;
  }

  private lookup(slotNo: number): { kind: 'totp' | 'hotp'; index: number; slot: Slot } | null {
    if (slotNo >= HOTP_SLOT_BASE && slotNo < HOTP_SLOT_BASE + HOTP_SLOTS) {
      const index = slotNo - HOTP_SLOT_BASE;
      const slot = this.hotp[index];
      return slot ? { kind: 'hotp', index, slot } : null;
    }
    if (slotNo >= TOTP_SLOT_BASE && slotNo < TOTP_SLOT_BASE + TOTP_SLOTS) {
      const index = slotNo - TOTP_SLOT_BASE;
      const slot = this.totp[index];
      return slot ? { kind: 'totp', index, slot } : null;
    }
    return null;
  }

  private cmdReadSlotName(req: Uint8Array, out: Uint8Array): CommandStatusCode {
    const found = this.lookup(byteAt(req, 1));
    if (!found) return CommandStatus.wrong_slot;
    if (!found.slot.programmed) return CommandStatus.slot_not_programmed;
    out.set(found.slot.name, OUT_RESULT);
    return CommandStatus.ok;
  }

  private cmdReadSlot(req: Uint8Array, out: Uint8Array): CommandStatusCode {
    const found = this.lookup(byteAt(req, 1));
    if (!found) return CommandStatus.wrong_slot;
    const { slot, kind } = found;
    if (!slot.programmed) return CommandStatus.slot_not_programmed;
    out.set(slot.name, OUT_RESULT);
    out[OUT_RESULT + 15] = slot.config;
    out.set(slot.tokenId, OUT_RESULT + 16);
    if (kind === 'totp') {
      out[OUT_RESULT + 29] = slot.interval & 0xff;
      out[OUT_RESULT + 30] = (slot.interval >>> 8) & 0xff;
    } else if (this.model === 'storage' && (this.firmware.minor < 54 || byteAt(req, 2) !== 1)) {
      // Storage ≤ V0.53 (or without the binary-format flag): the counter as ASCII digits.
      out.set(asciiBytes(slot.counter.toString()).subarray(0, 8), OUT_RESULT + 29);
    } else {
      writeU64le(out, OUT_RESULT + 29, slot.counter);
    }
    return CommandStatus.ok;
  }

  private cmdGetCode(req: Uint8Array, out: Uint8Array, at: number): CommandStatusCode {
    const slotNo = byteAt(req, 1);
    // HOTP index 3 is reserved for HOTP verification.
    if (slotNo === HOTP_SLOT_BASE + 3) return CommandStatus.wrong_slot;
    const found = this.lookup(slotNo);
    if (!found) return CommandStatus.wrong_slot;
    const { slot, kind } = found;
    if (!slot.programmed) return CommandStatus.slot_not_programmed;
    const digits = slot.config & 1 ? 8 : 6;
    let code: number;
    if (kind === 'hotp') {
      code = firmwareOtp(slot.secret, slot.counter, digits);
      slot.counter = BigInt.asUintN(64, slot.counter + 1n);
      this.flashWrites.counter++;
    } else {
      const t = this.deviceTime(at);
      const step = slot.interval === 0 ? 0 : Math.floor(t / slot.interval);
      code = firmwareOtp(slot.secret, BigInt(step), digits);
    }
    writeU32le(out, OUT_RESULT, code);
    out[OUT_RESULT + 4] = slot.config;
    out.set(slot.tokenId, OUT_RESULT + 5);
    return CommandStatus.ok;
  }

  private cmdSetTime(req: Uint8Array, at: number): CommandStatusCode {
    const reset = byteAt(req, 1);
    const newTime = readU64le(req, 2);
    const newMinutes = Number(BigInt.asUintN(32, BigInt.asUintN(64, newTime - BigInt(TIME_EPOCH)) / 60n));
    const old = this.storedMinutes;
    if (reset === 0 && old === 0) return CommandStatus.timestamp_warning;
    if (old <= newMinutes || old === 0xffffffff || reset === 1) {
      this.timeBase = Number(newTime);
      this.ticksAtSet = this.ticks(at);
      this.storedMinutes = newMinutes;
      this.flashWrites.time++;
      return CommandStatus.ok;
    }
    return CommandStatus.timestamp_warning;
  }

  private cmdSendOtpData(req: Uint8Array, out: Uint8Array): CommandStatusCode {
    const type = byteAt(req, 26);
    const id = byteAt(req, 27);
    const data = req.subarray(28, 58);
    if (type === 0x4e /* 'N' */) {
      this.pendingName = fixed(data, NAME_LENGTH);
      out.set(this.pendingName, OUT_RESULT);
      return CommandStatus.ok;
    }
    if (type === 0x53 /* 'S' */) {
      const offset = id * data.length;
      if (offset >= SECRET_LENGTH) return CommandStatus.not_supported;
      if (id === 0) this.pendingSecret = new Uint8Array(SECRET_LENGTH);
      this.pendingSecret.set(data.subarray(0, SECRET_LENGTH - offset), offset);
      out.set(this.pendingSecret, OUT_RESULT);
      return CommandStatus.ok;
    }
    return CommandStatus.not_supported;
  }

  private cmdWriteToSlot(req: Uint8Array): CommandStatusCode {
    if (byteAt(this.pendingName, 0) === 0) return CommandStatus.no_name_error;
    const slotNo = byteAt(req, 26);
    if (slotNo === HOTP_SLOT_BASE + 3) return CommandStatus.wrong_slot;
    const found = this.lookup(slotNo);
    if (!found) return CommandStatus.wrong_slot;
    const { slot, kind } = found;
    const value = readU64le(req, 27);
    slot.programmed = true;
    slot.name = this.pendingName.slice();
    slot.secret = this.pendingSecret.slice();
    slot.config = byteAt(req, 35);
    slot.tokenId = req.slice(36, 36 + TOKEN_ID_LENGTH);
    if (kind === 'hotp') {
      slot.counter = value;
      slot.interval = 0;
      this.flashWrites.counter++;
    } else {
      slot.interval = Number(value & 0xffffn);
      slot.counter = 0n;
    }
    this.flashWrites.slot++;
    this.pendingName = new Uint8Array(NAME_LENGTH);
    this.pendingSecret = new Uint8Array(SECRET_LENGTH);
    return CommandStatus.ok;
  }

  private cmdEraseSlot(req: Uint8Array): CommandStatusCode {
    const found = this.lookup(byteAt(req, 1));
    if (!found) return CommandStatus.wrong_slot;
    const table = found.kind === 'totp' ? this.totp : this.hotp;
    table[found.index] = emptySlot();
    this.flashWrites.slot++;
    return CommandStatus.ok;
  }

  /** OpenPGP-card PIN check: C string from [1..25]; wrong → one retry burnt; 0 left → blocked for good. */
  private checkPin(kind: 'user' | 'admin', req: Uint8Array): boolean {
    const entered = cString(req, 1, 25);
    const left = kind === 'user' ? this.userRetriesLeft : this.adminRetriesLeft;
    if (left <= 0) return false;
    const ok = entered === (kind === 'user' ? this.userPin : this.adminPin);
    const next = ok ? MAX_RETRIES : left - 1;
    if (kind === 'user') this.userRetriesLeft = next;
    else this.adminRetriesLeft = next;
    return ok;
  }

  private validTemp(stored: Uint8Array | null, req: Uint8Array, offset: number): boolean {
    return stored !== null && equalBytes(stored, req.subarray(offset, offset + TEMP_PASSWORD_LENGTH));
  }
}
