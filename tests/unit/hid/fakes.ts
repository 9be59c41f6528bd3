/**
 * Scripted fakes for the HID unit tests: a fake clock and a transport whose answers a test scripts.
 * Answers are built here byte by byte (docs/hardware-protocol.md "Framing" layout), independently of lib/hid/frame.ts.
 */
import { expect } from 'vitest';
import type { FeatureTransport, HidClock } from '../../../lib/hid/transport';

/** Time moves only when the code under test sleeps, so tests are instant and deterministic. */
export class FakeClock implements HidClock {
  t = 1000;
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

/** A second STM32 CRC (docs/hardware-protocol.md "CRC"), independent of lib/hid/crc.ts. */
export function crc32stm(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 4) {
    crc = (crc ^ new DataView(bytes.buffer, bytes.byteOffset + i, 4).getUint32(0, true)) >>> 0;
    for (let b = 0; b < 32; b++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
  }
  return crc;
}

export function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}

export interface AnswerOptions {
  /** Byte 0; default 0 (READY). */
  status?: number;
  /** Byte 6; default 0. */
  commandStatus?: number;
  /** Written at report offset 7 onwards. */
  payload?: Uint8Array;
  /** Flip a CRC bit after sealing. */
  badCrc?: boolean;
}

/** A device answer to `request` (its command and CRC echoed), CRC computed with byte 0 = 0. */
export function answerTo(request: Uint8Array, options: AnswerOptions = {}): Uint8Array {
  const out = new Uint8Array(64);
  out[1] = request[0] ?? 0;
  out.set(request.subarray(60, 64), 2);
  out[6] = options.commandStatus ?? 0;
  if (options.payload) out.set(options.payload.subarray(0, 53), 7);
  new DataView(out.buffer).setUint32(60, crc32stm(out.subarray(0, 60)), true);
  if (options.badCrc) out[63] = (out[63] ?? 0) ^ 0x01;
  out[0] = options.status ?? 0;
  return out;
}

/** A request-like frame for a command the device handled before (for stale answers). */
export function otherFrame(command: number, salt = 0x55): Uint8Array {
  const f = new Uint8Array(64);
  f[0] = command;
  f[1] = salt;
  new DataView(f.buffer).setUint32(60, crc32stm(f.subarray(0, 60)), true);
  return f;
}

/** Pre-fix Windows (docs/hardware-protocol.md "Report buffers"): a leading 0, then the first 63 device bytes. */
export function shifted(answer: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  out.set(answer.subarray(0, 63), 1);
  return out;
}

/** 65 bytes with a leading report ID 0 (docs/hardware-protocol.md "Report buffers"). */
export function withReportId(answer: Uint8Array): Uint8Array {
  const out = new Uint8Array(65);
  out.set(answer, 1);
  return out;
}

/** Returns the next buffer for a read, or an Error to throw. `sends` counts sendFeature calls so far. */
export type Responder = (lastSent: Uint8Array, readSinceSend: number, sends: number) => Uint8Array | Error;

export class ScriptedTransport implements FeatureTransport {
  readonly sent: Uint8Array[] = [];
  reads = 0;
  opens = 0;
  closes = 0;
  sendError: Error | undefined;
  /** Answers to reads before the first send (the loop's pre-send status read); default: idle power-up buffer. */
  preSend: ((read: number) => Uint8Array | Error) | undefined;
  #readSinceSend = 0;
  #preSendReads = 0;

  constructor(
    public responder: Responder,
    readonly vendorId = 0x20a0,
    readonly productId = 0x4108,
    readonly usagePage = 0xff00,
  ) {}

  async open(): Promise<void> {
    this.opens++;
  }
  async close(): Promise<void> {
    this.closes++;
  }
  async sendFeature(data: Uint8Array): Promise<void> {
    if (this.sendError) throw this.sendError;
    expect(data.length).toBe(64);
    this.sent.push(data.slice());
    this.#readSinceSend = 0;
  }
  async receiveFeature(): Promise<Uint8Array> {
    const last = this.sent.at(-1);
    this.reads++;
    if (last === undefined) {
      const r = this.preSend?.(this.#preSendReads++) ?? new Uint8Array(64);
      if (r instanceof Error) throw r;
      return r;
    }
    const r = this.responder(last, this.#readSinceSend++, this.sent.length);
    if (r instanceof Error) throw r;
    return r;
  }
}
