/**
 * A small scripted Nitrokey for the driver tests: per-command handlers over raw report offsets
 * (docs/hardware-protocol.md "Payloads"), written independently of lib/hid/commands.ts. Not a firmware simulator (that lives in
 * tests/hid-sim/): answers are ready after `busyReads` busy reads, codes come from a list.
 */
import { answerTo } from './fakes';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface FakeSlot {
  name: string;
  config: number;
  counterOrInterval: bigint;
  /** Values GET_CODE returns, in order (HOTP advances). */
  codes: number[];
  secret?: Uint8Array;
}

export interface FakeKeyOptions {
  vendorId?: number;
  productId?: number;
  usagePage?: number;
  /** GET_STATUS version (Pro/Librem). */
  firmware?: { major: number; minor: number };
  /** GET_DEVICE_STATUS version (Storage). */
  storageVersion?: { major: number; minor: number; build?: number };
  /** Storage: busy reads in the Storage status area before GET_DEVICE_STATUS is done. */
  storageBusyReads?: number;
  serial?: number;
  otpPin?: boolean;
  userPin?: string;
  adminPin?: string;
  userRetries?: number;
  adminRetries?: number;
  slots?: Record<number, FakeSlot>;
  /** Stored device time in seconds, 0 = never set. */
  storedTime?: number;
  busyReads?: number;
}

function cstr(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return dec.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function u64(bytes: Uint8Array, at: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigUint64(0, true);
}

interface Result {
  commandStatus?: number;
  /** Absolute report offset -> bytes. */
  out?: Array<[number, Uint8Array | number[]]>;
}

export class FakeKey {
  readonly vendorId: number;
  readonly productId: number;
  readonly usagePage: number;
  readonly log: number[] = [];
  readonly sent: Uint8Array[] = [];
  opens = 0;
  closes = 0;
  reads = 0;
  interleaved = false;
  /** SETs that arrived while busy and were dropped. */
  dropped = 0;
  /** Throw on this read number (1-based), simulating an unplug. */
  failOnRead: number | undefined;
  opts: Required<Omit<FakeKeyOptions, 'storageVersion' | 'vendorId' | 'productId' | 'usagePage'>> & {
    storageVersion?: FakeKeyOptions['storageVersion'];
  };
  slots: Map<number, FakeSlot>;
  tempUser: Uint8Array | undefined;
  tempAdmin: Uint8Array | undefined;
  pendingName: Uint8Array = new Uint8Array(15);
  pendingSecret: Uint8Array = new Uint8Array(40);
  #output: Uint8Array = new Uint8Array(64);
  #busyLeft = 0;
  #storageBusyLeft = 0;
  #answered = true;

  constructor(options: FakeKeyOptions = {}) {
    this.vendorId = options.vendorId ?? 0x20a0;
    this.productId = options.productId ?? 0x4108;
    this.usagePage = options.usagePage ?? 0xff00;
    this.opts = {
      firmware: { major: 0, minor: 15 },
      storageBusyReads: 0,
      serial: 0x00005f11,
      otpPin: false,
      userPin: '123456',
      adminPin: '12345678',
      userRetries: 3,
      adminRetries: 3,
      slots: {},
      storedTime: 1700000000,
      busyReads: 1,
      ...options,
    };
    this.slots = new Map(Object.entries(structuredClone(this.opts.slots)).map(([k, v]) => [Number(k), v]));
  }

  async open(): Promise<void> {
    this.opens++;
  }
  async close(): Promise<void> {
    this.closes++;
  }

  async sendFeature(frame: Uint8Array): Promise<void> {
    if (this.#busyLeft > 0 || this.#storageBusyLeft > 0) {
      this.dropped++; // docs/hardware-protocol.md "Polling": a SET while not READY is silently dropped
      return;
    }
    if (!this.#answered) this.interleaved = true;
    this.#answered = false;
    this.sent.push(frame.slice());
    this.log.push(frame[0] ?? 0);
    const result = this.#handle(frame);
    const payload = new Uint8Array(53);
    for (const [at, bytes] of result.out ?? []) payload.set(bytes, at - 7);
    this.#output = answerTo(frame, { commandStatus: result.commandStatus ?? 0, payload });
    this.#busyLeft = this.opts.busyReads;
  }

  async receiveFeature(): Promise<Uint8Array> {
    this.reads++;
    if (this.failOnRead === this.reads) throw new DOMException('The device was disconnected.', 'NetworkError');
    if (this.#busyLeft > 0) {
      this.#busyLeft--;
      const busy = this.#output.slice();
      busy[0] = 1;
      return busy;
    }
    if (this.#storageBusyLeft > 0) {
      this.#storageBusyLeft--;
      const busy = this.#output.slice();
      busy[22] = 2; // stick20 busy (docs/hardware-protocol.md "Commands", report [20..23])
      return busy;
    }
    this.#answered = true;
    return this.#output.slice();
  }

  /** Commands received, by id. */
  commands(): number[] {
    return [...this.log];
  }

  #handle(f: Uint8Array): Result {
    const o = this.opts;
    switch (f[0]) {
      case 0x00: {
        const serial = new Uint8Array(4);
        new DataView(serial.buffer).setUint32(0, o.serial, true);
        const isStorage = this.productId === 0x4109;
        return {
          out: [
            [7, isStorage ? [1, 0] : [o.firmware.minor, o.firmware.major]],
            [9, isStorage ? [0, 0, 0, 0] : serial],
            [13, [0xff, 0xff, 0xff]],
            [16, [o.otpPin ? 1 : 0, 0]],
          ],
        };
      }
      case 0x2e: {
        if (this.productId !== 0x4109 || !o.storageVersion) return { commandStatus: 9 };
        const v = o.storageVersion;
        this.#storageBusyLeft = o.storageBusyReads;
        const serial = new Uint8Array(4);
        new DataView(serial.buffer).setUint32(0, o.serial, true);
        return {
          out: [
            [22, [1]], // stick20 status ok
            [7 + 26, [v.major, v.minor, 0, v.build ?? 0]],
            [7 + 40, [o.userRetries, o.adminRetries]],
            [7 + 42, serial],
          ],
        };
      }
      case 0x0f:
        return { out: [[7, [o.userRetries]]] };
      case 0x09:
        return { out: [[7, [o.adminRetries]]] };
      case 0x0e: {
        if (o.userRetries === 0 || cstr(f.subarray(1, 26)) !== o.userPin) {
          o.userRetries = Math.max(0, o.userRetries - 1);
          return { commandStatus: 4 };
        }
        o.userRetries = 3;
        this.tempUser = f.slice(26, 51);
        return {};
      }
      case 0x07: {
        if (o.adminRetries === 0 || cstr(f.subarray(1, 26)) !== o.adminPin) {
          o.adminRetries = Math.max(0, o.adminRetries - 1);
          return { commandStatus: 4 };
        }
        o.adminRetries = 3;
        this.tempAdmin = f.slice(26, 51);
        return {};
      }
      case 0x03: {
        const n = f[1] ?? 0;
        if (!((n >= 0x10 && n < 0x13) || (n >= 0x20 && n < 0x2f))) return { commandStatus: 2 };
        const s = this.slots.get(n);
        if (!s) return { commandStatus: 3 };
        const counter = new Uint8Array(8);
        new DataView(counter.buffer).setBigUint64(0, s.counterOrInterval, true);
        return {
          out: [
            [7, enc.encode(s.name)],
            [22, [s.config]],
            [36, counter],
          ],
        };
      }
      case 0x04: {
        if (o.otpPin && !(this.tempUser && equal(f.subarray(19, 44), this.tempUser))) return { commandStatus: 5 };
        const s = this.slots.get(f[1] ?? 0);
        if (!s) return { commandStatus: 3 };
        const value = s.codes.shift() ?? 0;
        if ((f[1] ?? 0) < 0x20) s.counterOrInterval++;
        const code = new Uint8Array(4);
        new DataView(code.buffer).setUint32(0, value, true);
        return {
          out: [
            [7, code],
            [11, [s.config]],
          ],
        };
      }
      case 0x0b: {
        const t = Number(u64(f, 2));
        if (f[1] === 0 && (o.storedTime === 0 || o.storedTime > t)) return { commandStatus: 6 };
        o.storedTime = t;
        return {};
      }
      case 0x17: {
        if (!this.tempAdmin || !equal(f.subarray(1, 26), this.tempAdmin)) return { commandStatus: 5 };
        const data = f.subarray(28, 58);
        if (f[26] === 0x4e) this.pendingName = data.slice(0, 15);
        else if (f[26] === 0x53) {
          const at = (f[27] ?? 0) * 30;
          this.pendingSecret.set(data.subarray(0, Math.min(30, 40 - at)), at);
        }
        return {};
      }
      case 0x01: {
        if (!this.tempAdmin || !equal(f.subarray(1, 26), this.tempAdmin)) return { commandStatus: 5 };
        if (this.pendingName[0] === 0) return { commandStatus: 7 };
        this.slots.set(f[26] ?? 0, {
          name: cstr(this.pendingName),
          config: f[35] ?? 0,
          counterOrInterval: u64(f, 27),
          codes: [],
          secret: this.pendingSecret.slice(),
        });
        this.pendingName = new Uint8Array(15);
        this.pendingSecret = new Uint8Array(40);
        return {};
      }
      case 0x06: {
        if (!this.tempAdmin || !equal(f.subarray(2, 27), this.tempAdmin)) return { commandStatus: 5 };
        this.slots.delete(f[1] ?? 0);
        return {};
      }
      default:
        return { commandStatus: 9 };
    }
  }
}
