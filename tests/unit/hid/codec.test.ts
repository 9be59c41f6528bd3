import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readU32le } from '../../../lib/hid/bytes';
import {
  decodeCode,
  encodeEraseSlot,
  encodeFirstAuthenticate,
  encodeGetCode,
  encodeGetPasswordRetryCount,
  encodeGetStatus,
  encodeGetUserPasswordRetryCount,
  encodeReadSlot,
  encodeReadSlotName,
  encodeSendOtpData,
  encodeSetTime,
  encodeUserAuthenticate,
  encodeWriteToSlot,
  formatCode,
  type OtpDataKind,
  type SetTimeMode,
} from '../../../lib/hid/commands';
import { stmCrc32 } from '../../../lib/hid/crc';
import { HidFrameError } from '../../../lib/hid/errors';
import { decodeResponse, echoMatches, encodeFrame, newFrame, sealFrame, sentFrameOf } from '../../../lib/hid/frame';
import { fromHex, hex, loadVectors } from '../vectors';
import { answerTo, crc32stm, otherFrame, shifted, withReportId } from './fakes';

interface FrameCase {
  name: string;
  command: string;
  args: {
    slot?: number;
    time?: number;
    mode?: SetTimeMode;
    pin?: string;
    tempPasswordHex?: string;
    kind?: OtpDataKind;
    chunkId?: number;
    dataHex?: string;
    counterOrInterval?: number;
    config?: number;
  };
  frameHex: string;
  crc: string;
}
interface ResponseCase {
  name: string;
  hex: string;
  crc: string;
  expect: {
    deviceStatus: number;
    command: number;
    echoCrc: string;
    commandStatus: number;
    codeValue: number;
    config: number;
    code: string;
  };
}
interface Vectors {
  crcCheck: { inputHex: string; crc: string };
  cases: FrameCase[];
  responses: ResponseCase[];
}

const v = loadVectors<Vectors>('nitrokey-frames.json');

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`vector is missing ${what}`);
  return value;
}

/** Builds each golden frame with the matching encoder of lib/hid/commands.ts. */
function encodeCase(c: FrameCase): Uint8Array {
  const a = c.args;
  const temp = () => fromHex(need(a.tempPasswordHex, 'tempPasswordHex'));
  switch (c.command) {
    case 'GET_STATUS':
      return encodeGetStatus();
    case 'GET_USER_PASSWORD_RETRY_COUNT':
      return encodeGetUserPasswordRetryCount();
    case 'GET_PASSWORD_RETRY_COUNT':
      return encodeGetPasswordRetryCount();
    case 'READ_SLOT_NAME':
      return encodeReadSlotName(need(a.slot, 'slot'));
    case 'READ_SLOT':
      return encodeReadSlot(need(a.slot, 'slot'));
    case 'SET_TIME':
      return encodeSetTime(need(a.time, 'time'), need(a.mode, 'mode'));
    case 'GET_CODE':
      return encodeGetCode(need(a.slot, 'slot'), a.tempPasswordHex === undefined ? undefined : temp());
    case 'USER_AUTHENTICATE':
      return encodeUserAuthenticate(need(a.pin, 'pin'), temp());
    case 'FIRST_AUTHENTICATE':
      return encodeFirstAuthenticate(need(a.pin, 'pin'), temp());
    case 'SEND_OTP_DATA':
      return encodeSendOtpData(
        temp(),
        need(a.kind, 'kind'),
        need(a.chunkId, 'chunkId'),
        fromHex(need(a.dataHex, 'dataHex')),
      );
    case 'WRITE_TO_SLOT':
      return encodeWriteToSlot(temp(), need(a.slot, 'slot'), {
        counterOrInterval: need(a.counterOrInterval, 'counterOrInterval'),
        config: need(a.config, 'config'),
      });
    default:
      throw new Error(`no encoder for ${c.command}`);
  }
}

describe('STM32 CRC', () => {
  it('has the check value 0xEF6EB7DF for 60 zero bytes', () => {
    expect(stmCrc32(fromHex(v.crcCheck.inputHex))).toBe(Number.parseInt(v.crcCheck.crc, 16));
    expect(stmCrc32(new Uint8Array(60))).toBe(0xef6eb7df);
  });
  it('of no bytes is the initial value', () => expect(stmCrc32(new Uint8Array(0))).toBe(0xffffffff));
  it('refuses a length that is not whole words', () => {
    expect(() => stmCrc32(new Uint8Array(61))).toThrow(HidFrameError);
  });
});

describe('golden request frames', () => {
  it('has all fifteen', () => expect(v.cases).toHaveLength(15));
  for (const c of v.cases) {
    it(`${c.name}: encoder output is byte for byte the golden frame`, () => {
      const frame = encodeCase(c);
      expect(hex(frame)).toBe(c.frameHex);
      expect(stmCrc32(frame.subarray(0, 60))).toBe(Number.parseInt(c.crc, 16));
      expect(sentFrameOf(frame)).toEqual({ command: frame[0], crc: Number.parseInt(c.crc, 16) });
    });
    it(`${c.name}: the golden CRC checks out with an independent CRC`, () => {
      const golden = fromHex(c.frameHex);
      expect(golden).toHaveLength(64);
      expect(crc32stm(golden.subarray(0, 60))).toBe(Number.parseInt(c.crc, 16));
      expect(readU32le(golden, 60)).toBe(Number.parseInt(c.crc, 16));
    });
    it(`${c.name}: the generic encodeFrame gives the same bytes`, () => {
      const golden = fromHex(c.frameHex);
      expect(hex(encodeFrame(golden[0] ?? 0, golden.subarray(1, 60)))).toBe(c.frameHex);
    });
  }
});

describe('ERASE_SLOT layout (no golden frame)', () => {
  it('puts the slot at [1] and the temporary admin password at [2..26]', () => {
    const temp = new TextEncoder().encode('123123123');
    const frame = encodeEraseSlot(0x21, temp);
    expect(frame[0]).toBe(0x06);
    expect(frame[1]).toBe(0x21);
    expect(hex(frame.subarray(2, 11))).toBe(hex(temp));
    expect(frame.subarray(11, 60).every((b) => b === 0)).toBe(true);
    expect(readU32le(frame, 60)).toBe(stmCrc32(frame.subarray(0, 60)));
  });
});

describe('response decoding', () => {
  const r = v.responses[0] as ResponseCase;
  const golden = fromHex(r.hex);
  const request = fromHex((v.cases.find((c) => c.name === 'GET_CODE 0x20, no PIN') as FrameCase).frameHex);
  const sent = sentFrameOf(request);

  function expectGolden(d: ReturnType<typeof decodeResponse>): void {
    expect(d.deviceStatus).toBe(r.expect.deviceStatus);
    expect(d.command).toBe(r.expect.command);
    expect(d.echoCrc).toBe(Number.parseInt(r.expect.echoCrc, 16));
    expect(d.commandStatus).toBe(r.expect.commandStatus);
    expect(d.payload).toHaveLength(53);
    const code = decodeCode(d.payload);
    expect(code.value).toBe(r.expect.codeValue);
    expect(code.config).toBe(r.expect.config);
    expect(formatCode(code.value, code.digits)).toBe(r.expect.code);
    expect(echoMatches(d, sent)).toBe(true);
  }

  it('the golden answer CRC (byte 0 taken as 0) checks out with an independent CRC', () => {
    const z = golden.slice(0, 60);
    z[0] = 0;
    expect(crc32stm(z)).toBe(Number.parseInt(r.crc, 16));
  });

  it('decodes the synthetic GET_CODE answer', () => {
    const d = decodeResponse(golden, sent);
    expectGolden(d);
    expect(d.crc).toBe(Number.parseInt(r.crc, 16));
    expect(d.crcOk).toBe(true);
    expect(d.shifted).toBe(false);
  });

  it('decodes it without knowing the request', () => {
    const d = decodeResponse(golden);
    expectGolden(d);
    expect(d.shifted).toBe(false);
  });

  it('accepts 65 bytes with a leading report ID 0', () => {
    const d = decodeResponse(withReportId(golden), sent);
    expectGolden(d);
    expect(d.crcOk).toBe(true);
    expect(d.shifted).toBe(false);
  });

  it('refuses 65 bytes whose first byte is not report ID 0', () => {
    const bad = withReportId(golden);
    bad[0] = 1;
    expect(() => decodeResponse(bad)).toThrow(expect.objectContaining({ code: 'bad-report-id' }));
  });

  it('recognises the shifted pre-fix Windows buffer by the echo one byte later', () => {
    const d = decodeResponse(shifted(golden), sent);
    expectGolden(d);
    expect(d.shifted).toBe(true);
    expect(d.crcOk).toBe(true); // the 24 CRC bits that survived
    expect(d.crc).toBe(Number.parseInt(r.crc, 16) & 0xffffff);
  });

  it('recognises a shifted buffer without the request, by its surviving CRC bits', () => {
    const d = decodeResponse(shifted(golden));
    expectGolden(d);
    expect(d.shifted).toBe(true);
  });

  it('reads the status of a shifted busy answer', () => {
    const busy = golden.slice();
    busy[0] = 1;
    const d = decodeResponse(shifted(busy), sent);
    expect(d.shifted).toBe(true);
    expect(d.deviceStatus).toBe(1);
  });

  it('reports a damaged response CRC', () => {
    const bad = golden.slice();
    bad[20] = 0x99;
    const d = decodeResponse(bad, sent);
    expect(d.crcOk).toBe(false);
    expect(d.shifted).toBe(false);
    expect(echoMatches(d, sent)).toBe(true);
  });

  it('does not take a stale answer to another command for ours', () => {
    const stale = answerTo(otherFrame(0x03));
    const d = decodeResponse(stale, sent);
    expect(d.shifted).toBe(false);
    expect(d.crcOk).toBe(true);
    expect(echoMatches(d, sent)).toBe(false);
  });

  for (const length of [0, 1, 53, 63, 66, 70]) {
    it(`refuses a ${length}-byte buffer with HidFrameError`, () => {
      expect(() => decodeResponse(new Uint8Array(length))).toThrow(HidFrameError);
    });
  }
});

describe('frame builder errors', () => {
  it('refuses a payload over 59 bytes', () => {
    expect(() => encodeFrame(1, new Uint8Array(60))).toThrow(expect.objectContaining({ code: 'payload-too-long' }));
  });
  it('refuses a command outside one byte', () => {
    expect(() => newFrame(256)).toThrow(expect.objectContaining({ code: 'bad-command' }));
    expect(() => newFrame(-1)).toThrow(HidFrameError);
    expect(() => newFrame(1.5)).toThrow(HidFrameError);
  });
  it('seals only 64-byte frames', () => {
    expect(() => sealFrame(new Uint8Array(63))).toThrow(expect.objectContaining({ code: 'bad-length' }));
  });
});

describe('properties', () => {
  it('the decoder throws nothing but HidFrameError on random 0..70-byte buffers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 70 }),
        fc.option(fc.record({ command: fc.integer({ min: 0, max: 255 }), crc: fc.nat({ max: 0xffffffff }) })),
        (buffer, sent) => {
          try {
            const d = decodeResponse(buffer, sent ?? undefined);
            expect(d.payload).toHaveLength(53);
          } catch (error) {
            expect(error).toBeInstanceOf(HidFrameError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every encoded frame carries a CRC that verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 59 }), (command, payload) => {
        const frame = encodeFrame(command, payload);
        expect(frame).toHaveLength(64);
        expect(readU32le(frame, 60)).toBe(stmCrc32(frame.subarray(0, 60)));
      }),
    );
  });

  it('command encoders always seal a verifying CRC', () => {
    const pin = fc.string({ minLength: 1, maxLength: 25, unit: 'grapheme-ascii' }).filter((s) => !s.includes('\0'));
    const temp = fc.uint8Array({ minLength: 0, maxLength: 25 });
    const slot = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(pin, temp, slot, fc.nat(), fc.uint8Array({ maxLength: 30 }), (p, t, s, n, data) => {
        for (const frame of [
          encodeUserAuthenticate(p, t),
          encodeFirstAuthenticate(p, t),
          encodeGetCode(s, t),
          encodeReadSlot(s),
          encodeEraseSlot(s, t),
          encodeSetTime(n, 'soft'),
          encodeSendOtpData(t, 'secret', 1, data),
          encodeWriteToSlot(t, s, { counterOrInterval: BigInt(n), config: 1 }),
        ]) {
          expect(readU32le(frame, 60)).toBe(stmCrc32(frame.subarray(0, 60)));
          expect(decodeResponse(answerTo(frame), sentFrameOf(frame)).crcOk).toBe(true);
        }
      }),
    );
  });

  it('a device answer decodes the same plain, with a report ID, and shifted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 59 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 14 }),
        fc.uint8Array({ minLength: 53, maxLength: 53 }),
        (command, body, status, commandStatus, payload) => {
          const request = encodeFrame(command, body);
          const sent = sentFrameOf(request);
          const answer = answerTo(request, { status, commandStatus, payload });
          const plain = decodeResponse(answer, sent);
          expect(plain.crcOk).toBe(true);
          expect(echoMatches(plain, sent)).toBe(true);
          for (const other of [decodeResponse(withReportId(answer), sent), decodeResponse(shifted(answer), sent)]) {
            expect(other.deviceStatus).toBe(status);
            expect(other.commandStatus).toBe(commandStatus);
            expect(echoMatches(other, sent)).toBe(true);
            expect(hex(other.payload)).toBe(hex(plain.payload));
            expect(other.crcOk).toBe(true);
          }
        },
      ),
    );
  });
});
