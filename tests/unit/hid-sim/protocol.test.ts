import { describe, expect, it } from 'vitest';
import {
  base32ToBytes,
  bytesToHex,
  hexToBytes,
  parseResponse,
  readU32le,
  requests,
  stmCrc32,
} from '../../hid-sim/protocol';
import { GOLDEN } from './golden';

describe("the simulator's STM32 CRC", () => {
  it('CRC(60 zero bytes) = 0xEF6EB7DF', () => {
    expect(stmCrc32(new Uint8Array(60))).toBe(0xef6eb7df);
  });

  for (const [name, frame] of Object.entries(GOLDEN)) {
    if (name === 'getCode20Response') continue;
    it(`matches the CRC of golden frame ${name}`, () => {
      expect(stmCrc32(frame)).toBe(readU32le(frame, 60));
    });
  }

  it('checks a response with byte 0 taken as 0', () => {
    const r = GOLDEN.getCode20Response.slice();
    expect(parseResponse(r).crcOk).toBe(true);
    r[0] = 1; // a BUSY status byte does not change the CRC
    expect(parseResponse(r).crcOk).toBe(true);
    r[9] = (r[9] ?? 0) ^ 1;
    expect(parseResponse(r).crcOk).toBe(false);
  });
});

describe("the simulator's request builders reproduce the golden frames", () => {
  const cases: Array<[string, Uint8Array, Uint8Array]> = [
    ['GET_STATUS', requests.getStatus(), GOLDEN.getStatus],
    ['GET_USER_PASSWORD_RETRY_COUNT', requests.getUserRetryCount(), GOLDEN.getUserRetryCount],
    ['GET_PASSWORD_RETRY_COUNT', requests.getAdminRetryCount(), GOLDEN.getAdminRetryCount],
    ['READ_SLOT_NAME 0x20', requests.readSlotName(0x20), GOLDEN.readSlotName20],
    ['READ_SLOT 0x20', requests.readSlot(0x20), GOLDEN.readSlot20Binary],
    ['SET_TIME force', requests.setTime(1111111111, true), GOLDEN.setTimeForce1111111111],
    ['SET_TIME soft', requests.setTime(1111111111, false), GOLDEN.setTimeSoft1111111111],
    ['GET_CODE 0x20', requests.getCode(0x20), GOLDEN.getCode20],
    ['GET_CODE 0x10', requests.getCode(0x10), GOLDEN.getCode10],
    ['USER_AUTHENTICATE', requests.userAuthenticate('123456', '234234234'), GOLDEN.userAuthenticate],
    ['FIRST_AUTHENTICATE', requests.firstAuthenticate('12345678', '123123123'), GOLDEN.firstAuthenticate],
    ['GET_CODE with temp user pw', requests.getCode(0x20, '234234234'), GOLDEN.getCode20WithTempUser],
    ['SEND_OTP_DATA N', requests.sendOtpData('123123123', 'N', 0, 'python_test'), GOLDEN.sendOtpDataName],
    [
      'SEND_OTP_DATA S',
      requests.sendOtpData('123123123', 'S', 0, hexToBytes('3132333435363738393031323334353637383930')),
      GOLDEN.sendOtpDataSecret,
    ],
    ['WRITE_TO_SLOT', requests.writeToSlot('123123123', 0x21, 30, 0x01), GOLDEN.writeToSlot21],
  ];
  for (const [name, built, golden] of cases) {
    it(name, () => expect(bytesToHex(built)).toBe(bytesToHex(golden)));
  }
});

describe('encoding helpers', () => {
  it('decodes base32', () => {
    expect(bytesToHex(base32ToBytes('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'))).toBe(
      '3132333435363738393031323334353637383930',
    );
  });
  it('rejects bad hex', () => {
    expect(() => hexToBytes('abc')).toThrow();
  });
});
