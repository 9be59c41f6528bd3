import { CommandId } from './command-ids';
import {
  decodeCode,
  decodeDeviceStatus,
  decodeReadSlot,
  decodeRetryCount,
  decodeStatus,
  encodeEraseSlot,
  encodeFirstAuthenticate,
  encodeGetCode,
  encodeGetDeviceStatus,
  encodeGetPasswordRetryCount,
  encodeGetStatus,
  encodeGetUserPasswordRetryCount,
  encodePin,
  encodeReadSlot,
  encodeSendOtpData,
  encodeSetTime,
  encodeSlotName,
  encodeUserAuthenticate,
  encodeWriteToSlot,
  type FirmwareVersion,
  formatCode,
  type PinKind,
  type SetTimeMode,
  secretChunks,
  TEMP_PASSWORD_SIZE,
} from './commands';
import { NitrokeyError } from './errors';
import {
  assertFirmwareSupported,
  assertModernDescriptor,
  formatFirmware,
  MODEL_NAMES,
  modelOf,
  type NitrokeyModel,
} from './models';
import { deviceQueue } from './queue';
import { allSlots, SLOT_CONFIG_8_DIGITS, type SlotRef, slotId, slotNumber } from './slots';
import { newTempPassword, type RandomBytes } from './temp-password';
import { text } from './text';
import { assertSyncTime, totpValidity } from './time';
import { commandTimeoutMs, type HidWarning, type TransactOptions, type TransactResult, transact } from './transact';
import type { FeatureTransport, HidClock } from './transport';

export { needsResync } from './time';

/**
 * Driver for one Nitrokey Pro, Nitrokey Storage or Librem Key over a `FeatureTransport`
 * (docs/hardware-protocol.md), 0.8-style protocol only. Every public method is one queued session: open, a few
 * transactions, close. PIN commands are never retried automatically, and the retry counter is read
 * before each one.
 */

export interface NitrokeyEnv extends HidClock {
  /** Diagnostics (CRC warnings, resent frames). Carries no payload, PIN or secret. */
  onWarning?: (warning: HidWarning) => void;
}

export interface NitrokeyDriverOptions {
  /** A temporary user password from an earlier `unlock()` (e.g. kept in `storage.session`). */
  tempUserPassword?: Uint8Array;
  /** When this key's clock was last set (unix seconds), for `needsResync`. */
  lastSyncSec?: number;
  /** Overrides the poll gaps of the transaction loop (ms). */
  pollDelaysMs?: readonly number[];
}

export interface NitrokeyInfo {
  model: NitrokeyModel;
  /** "Nitrokey Pro", "Nitrokey Storage", "Librem Key". */
  modelName: string;
  /** Firmware version as "major.minor", e.g. "0.15". */
  fw: string;
  firmware: FirmwareVersion;
  /** Smart card serial, 8 lower-case hex digits as libnitrokey prints it. */
  serial: string;
  /** GET_STATUS [16]: codes need the user PIN (`unlock`) first. */
  otpPinRequired: boolean;
  userRetries: number;
  adminRetries: number;
}

export interface NitrokeySlot extends SlotRef {
  /** "totp-0", "hotp-2". */
  id: string;
  name: string;
  digits: 6 | 8;
  /** TOTP only. */
  periodSec?: number;
  /** HOTP only: the counter the next code uses. */
  counter?: bigint;
}

export interface NitrokeyCode {
  code: string;
  digits: 6 | 8;
  /** TOTP with a known period and `nowSec`: when the code changes, by the host clock. */
  validUntilSec?: number;
  secondsLeft?: number;
}

export interface WriteSlotSpec extends SlotRef {
  /** 1..15 bytes of UTF-8. */
  name: string;
  /** 1..40 bytes. */
  secret: Uint8Array;
  digits: number;
  /**
   * The key only does HMAC-SHA1 (docs/hardware-protocol.md "Writing a slot"); anything else is refused. Default 'SHA1'.
   */
  algorithm?: string;
  /** TOTP interval, 1..65535 s. Default 30. */
  periodSec?: number;
  /** HOTP start counter. Default 0. */
  counter?: bigint | number;
}

export type SyncResult = 'ok' | 'needs-confirmation';

const DEFAULT_PERIOD = 30;
const MAX_PERIOD = 0xffff; // the firmware keeps the TOTP interval in 16 bits (READ_SLOT copies 2 bytes)
// The Storage answers more slowly (libnitrokey polls it 55 x 40 ms: docs/hardware-protocol.md "Polling").
const STORAGE_TIMEOUT_FACTOR = 2;

function copyOf(bytes: Uint8Array): Uint8Array {
  return bytes.slice();
}

const PIN_MESSAGES = {
  user: {
    blocked: 'keys_user_pin_blocked',
    wrong: 'keys_wrong_user_pin',
    nowBlocked: 'keys_wrong_user_pin_blocked',
    left: 'keys_wrong_user_pin_left',
  },
  admin: {
    blocked: 'keys_admin_pin_blocked',
    wrong: 'keys_wrong_admin_pin',
    nowBlocked: 'keys_wrong_admin_pin_blocked',
    left: 'keys_wrong_admin_pin_left',
  },
} as const;

export class NitrokeyDriver {
  readonly model: NitrokeyModel;
  readonly transport: FeatureTransport;
  readonly #env: NitrokeyEnv;
  readonly #pollDelaysMs: readonly number[] | undefined;
  #tempUserPassword: Uint8Array | undefined;
  #lastSyncSec: number | undefined;
  #firmware: FirmwareVersion | undefined;
  readonly #periods = new Map<string, number>();

  /** Throws 'unsupported-device' when the transport is not one of the three models. */
  constructor(transport: FeatureTransport, env: NitrokeyEnv, options: NitrokeyDriverOptions = {}) {
    this.model = modelOf(transport.vendorId, transport.productId);
    this.transport = transport;
    this.#env = env;
    this.#pollDelaysMs = options.pollDelaysMs;
    if (options.tempUserPassword !== undefined) {
      if (options.tempUserPassword.length !== TEMP_PASSWORD_SIZE) {
        throw new NitrokeyError('bad-temp-password', text('keys_temp_password_bad_size', TEMP_PASSWORD_SIZE));
      }
      this.#tempUserPassword = copyOf(options.tempUserPassword);
    }
    this.#lastSyncSec = options.lastSyncSec;
  }

  /** The temporary user password of the last successful `unlock()` (a copy), for session storage. */
  get tempUserPassword(): Uint8Array | undefined {
    return this.#tempUserPassword === undefined ? undefined : copyOf(this.#tempUserPassword);
  }

  /** Drops the temporary user password (the key keeps it until replug; we just stop sending it). */
  forgetUnlock(): void {
    this.#tempUserPassword = undefined;
  }

  /** Unix seconds of the last successful `syncTime`, if any (see `needsResync`). */
  get lastSyncSec(): number | undefined {
    return this.#lastSyncSec;
  }

  /**
   * Firmware, serial, OTP PIN protection and both PIN retry counters (docs/hardware-protocol.md "Payloads"). Throws
   * 'firmware-too-old' for firmware without the 0.8-style protocol or with the keyboard descriptor.
   */
  async info(): Promise<NitrokeyInfo> {
    return this.#session(async () => {
      const { firmware, serial, otpPinRequired } = await this.#readVersion();
      const userRetries = await this.#retries('user');
      const adminRetries = await this.#retries('admin');
      return {
        model: this.model,
        modelName: MODEL_NAMES[this.model],
        fw: formatFirmware(firmware),
        firmware,
        serial,
        otpPinRequired,
        userRetries,
        adminRetries,
      };
    });
  }

  /**
   * Sets the key's clock (docs/hardware-protocol.md "Clock"; no PIN needed). 'soft' only moves the clock forward and
   * answers 'needs-confirmation' when the key's stored time is newer or was never set (timestamp_warning); ask the
   * user, then call again with 'force'. Each success writes flash: see `needsResync`.
   */
  async syncTime(nowSec: number, mode: SetTimeMode): Promise<SyncResult> {
    assertSyncTime(nowSec);
    return this.#session(async () => {
      await this.#ensureSupported();
      try {
        await this.#tx(encodeSetTime(nowSec, mode));
      } catch (error) {
        if (!(error instanceof NitrokeyError) || error.code !== 'timestamp-warning') throw error;
        if (mode === 'soft') return 'needs-confirmation';
        // A forced SET_TIME reports timestamp_warning only when storing the time in flash failed.
        throw new NitrokeyError('timestamp-warning', text('keys_clock_store_failed'), {
          cause: error,
          command: error.command,
          commandStatus: error.commandStatus,
        });
      }
      this.#lastSyncSec = nowSec;
      return 'ok';
    });
  }

  /**
   * USER_AUTHENTICATE with a fresh temporary password (docs/hardware-protocol.md "PIN and temporary passwords"). Reads
   * the user retry counter first and refuses ('pin-blocked') at 0; a wrong PIN fails with 'wrong-password' and
   * `retriesLeft`, and is never retried. Returns the temporary password (also kept in this driver) so the caller may
   * keep it in `storage.session`.
   */
  async unlock(userPin: string, random: RandomBytes): Promise<Uint8Array> {
    encodePin(userPin, 'user'); // refuse an impossible PIN before touching the key
    return this.#session(async () => {
      await this.#ensureSupported();
      await this.#refuseIfBlocked('user');
      const temp = newTempPassword(random);
      await this.#authenticate('user', encodeUserAuthenticate(userPin, temp));
      this.#tempUserPassword = temp;
      return copyOf(temp);
    });
  }

  /**
   * Every programmed slot (READ_SLOT over TOTP 0..14 and HOTP 0..2, docs/hardware-protocol.md "Payloads"): name, kind,
   * digits (config bit 0), TOTP period, HOTP counter. Empty slots are left out. Needs no PIN.
   */
  async listSlots(): Promise<NitrokeySlot[]> {
    return this.#session(async () => {
      await this.#ensureSupported();
      const slots: NitrokeySlot[] = [];
      for (const ref of allSlots()) {
        let result: TransactResult;
        try {
          result = await this.#tx(encodeReadSlot(slotNumber(ref)));
        } catch (error) {
          if (error instanceof NitrokeyError && error.code === 'slot-not-programmed') continue;
          throw error;
        }
        const data = decodeReadSlot(result.payload);
        const id = slotId(ref);
        const slot: NitrokeySlot = { kind: ref.kind, index: ref.index, id, name: data.name, digits: data.digits };
        if (ref.kind === 'totp') {
          const period = Number(data.counterOrInterval & 0xffffn);
          if (period > 0) {
            slot.periodSec = period;
            this.#periods.set(id, period);
          }
        } else {
          slot.counter = data.counterOrInterval;
        }
        slots.push(slot);
      }
      return slots;
    });
  }

  /**
   * A code from a slot (GET_CODE, docs/hardware-protocol.md "Payloads"). TOTP codes come from the key's own clock; pass
   * `nowSec` (and a period, from `listSlots` or `slot.periodSec`) to get the validity. HOTP advances
   * the key's counter. With OTP PIN protection on and no valid temporary password: 'pin-required'.
   */
  async getCode(slot: SlotRef & { periodSec?: number }, nowSec?: number): Promise<NitrokeyCode> {
    const number = slotNumber(slot);
    return this.#session(async () => {
      await this.#ensureSupported();
      const period = slot.kind === 'totp' ? (slot.periodSec ?? this.#periods.get(slotId(slot))) : undefined;
      let result: TransactResult;
      try {
        result = await this.#tx(encodeGetCode(number, this.#tempUserPassword));
      } catch (error) {
        if (error instanceof NitrokeyError && error.code === 'not-authorized') {
          this.#tempUserPassword = undefined; // stale after a replug or another unlock
          throw new NitrokeyError('pin-required', text('keys_pin_required'), {
            cause: error,
            command: CommandId.GET_CODE,
            commandStatus: error.commandStatus,
          });
        }
        throw error;
      }
      const answer = decodeCode(result.payload);
      const code: NitrokeyCode = { code: formatCode(answer.value, answer.digits), digits: answer.digits };
      if (period !== undefined && nowSec !== undefined) Object.assign(code, totpValidity(nowSec, period));
      return code;
    });
  }

  /**
   * Writes an account into a slot with the admin PIN (docs/hardware-protocol.md "Writing a slot"): FIRST_AUTHENTICATE,
   * SEND_OTP_DATA (name, then the secret in 30-byte chunks), WRITE_TO_SLOT. The key does HMAC-SHA1 with 6 or 8 digits
   * and at most 40 secret bytes; anything else is refused before the key is touched.
   */
  async writeSlot(spec: WriteSlotSpec, adminPin: string, random: RandomBytes): Promise<void> {
    const number = slotNumber(spec);
    const algorithm = spec.algorithm ?? 'SHA1';
    if (algorithm.toUpperCase().replace('-', '') !== 'SHA1') {
      throw new NitrokeyError('unsupported-algorithm', text('keys_algorithm_unsupported', algorithm));
    }
    if (spec.digits !== 6 && spec.digits !== 8) {
      throw new NitrokeyError('bad-digits', text('keys_digits_unsupported', String(spec.digits)));
    }
    const name = encodeSlotName(spec.name);
    const chunks = secretChunks(spec.secret);
    let counterOrInterval: bigint | number;
    if (spec.kind === 'totp') {
      const period = spec.periodSec ?? DEFAULT_PERIOD;
      if (!Number.isSafeInteger(period) || period < 1 || period > MAX_PERIOD) {
        throw new NitrokeyError('bad-period', text('keys_period_out_of_range', MAX_PERIOD, String(period)));
      }
      counterOrInterval = period;
    } else {
      counterOrInterval = spec.counter ?? 0;
    }
    const config = spec.digits === 8 ? SLOT_CONFIG_8_DIGITS : 0;
    // Validates the counter range (throws 'bad-counter') before any I/O.
    encodeWriteToSlot(new Uint8Array(TEMP_PASSWORD_SIZE), number, { counterOrInterval, config });
    encodePin(adminPin, 'admin');

    return this.#session(async () => {
      await this.#ensureSupported();
      const tempAdmin = await this.#adminAuthenticate(adminPin, random);
      await this.#tx(encodeSendOtpData(tempAdmin, 'name', 0, name));
      for (const [id, chunk] of chunks.entries()) await this.#tx(encodeSendOtpData(tempAdmin, 'secret', id, chunk));
      await this.#tx(encodeWriteToSlot(tempAdmin, number, { counterOrInterval, config }));
      if (spec.kind === 'totp') this.#periods.set(slotId(spec), Number(counterOrInterval));
    });
  }

  /** Erases a slot with the admin PIN (FIRST_AUTHENTICATE, then 0.8-style ERASE_SLOT). */
  async eraseSlot(slot: SlotRef, adminPin: string, random: RandomBytes): Promise<void> {
    const number = slotNumber(slot);
    encodePin(adminPin, 'admin');
    return this.#session(async () => {
      await this.#ensureSupported();
      const tempAdmin = await this.#adminAuthenticate(adminPin, random);
      await this.#tx(encodeEraseSlot(number, tempAdmin));
      this.#periods.delete(slotId(slot));
    });
  }

  // ---- internals --------------------------------------------------------------------------------

  /**
   * One queued session: descriptor check, open, `task`, close (docs/hardware-protocol.md "Sessions": close after each
   * use).
   */
  #session<T>(task: () => Promise<T>): Promise<T> {
    return deviceQueue(this.transport).run(async () => {
      assertModernDescriptor(this.model, this.transport.usagePage);
      try {
        await this.transport.open();
      } catch (cause) {
        if (cause instanceof NitrokeyError) throw cause;
        throw new NitrokeyError('cannot-open', text('keys_cannot_open', MODEL_NAMES[this.model]), { cause });
      }
      try {
        return await task();
      } finally {
        await this.transport.close().catch(() => undefined); // an unplugged key cannot be closed
      }
    });
  }

  #tx(frame: Uint8Array, options: TransactOptions = {}): Promise<TransactResult> {
    const factor = this.model === 'nitrokey-storage' ? STORAGE_TIMEOUT_FACTOR : 1;
    const base: TransactOptions = { timeoutMs: commandTimeoutMs(frame[0] ?? 0) * factor };
    if (this.#pollDelaysMs !== undefined) base.pollDelaysMs = this.#pollDelaysMs;
    if (this.#env.onWarning !== undefined) base.onWarning = this.#env.onWarning;
    return transact(this.transport, frame, this.#env, { ...base, ...options });
  }

  /** GET_STATUS (and GET_DEVICE_STATUS on a Storage, docs/hardware-protocol.md "Payloads"), then the firmware check. */
  async #readVersion(): Promise<{ firmware: FirmwareVersion; serial: string; otpPinRequired: boolean }> {
    const status = decodeStatus((await this.#tx(encodeGetStatus())).payload);
    let firmware = status.firmware;
    let serial = status.cardSerialHex;
    if (this.model === 'nitrokey-storage') {
      const storage = decodeDeviceStatus((await this.#tx(encodeGetDeviceStatus())).payload);
      firmware = storage.firmware;
      serial = storage.cardSerialHex;
    }
    assertFirmwareSupported(this.model, firmware);
    this.#firmware = firmware;
    return { firmware, serial, otpPinRequired: status.otpPinRequired };
  }

  /** The firmware check, once per driver. */
  async #ensureSupported(): Promise<void> {
    if (this.#firmware === undefined) await this.#readVersion();
  }

  async #retries(kind: PinKind): Promise<number> {
    const frame = kind === 'user' ? encodeGetUserPasswordRetryCount() : encodeGetPasswordRetryCount();
    return decodeRetryCount((await this.#tx(frame)).payload);
  }

  async #refuseIfBlocked(kind: PinKind): Promise<void> {
    if ((await this.#retries(kind)) > 0) return;
    throw new NitrokeyError('pin-blocked', text(PIN_MESSAGES[kind].blocked), { retriesLeft: 0 });
  }

  /** Sends a PIN command exactly once; a wrong PIN becomes 'wrong-password' with the attempts left. */
  async #authenticate(kind: PinKind, frame: Uint8Array): Promise<void> {
    try {
      await this.#tx(frame, { resendIfDropped: false });
    } catch (error) {
      if (!(error instanceof NitrokeyError) || error.code !== 'wrong-password') throw error;
      const left = await this.#retries(kind).catch(() => undefined);
      const messages = PIN_MESSAGES[kind];
      // A counted message: the reader's language picks its plural form (docs/i18n.md).
      const message =
        left === undefined
          ? text(messages.wrong)
          : left === 0
            ? text(messages.nowBlocked)
            : text.counted(messages.left, left);
      throw new NitrokeyError('wrong-password', message, {
        cause: error,
        command: error.command,
        commandStatus: error.commandStatus,
        ...(left === undefined ? {} : { retriesLeft: left }),
      });
    }
  }

  async #adminAuthenticate(adminPin: string, random: RandomBytes): Promise<Uint8Array> {
    await this.#refuseIfBlocked('admin');
    const tempAdmin = newTempPassword(random);
    await this.#authenticate('admin', encodeFirstAuthenticate(adminPin, tempAdmin));
    return tempAdmin;
  }
}
