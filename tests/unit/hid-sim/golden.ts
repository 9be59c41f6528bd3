// Request frames produced by libnitrokey's own encoders (tests/vectors/SOURCES.md
// "nitrokey-frames.json") and the RFC expectations libnitrokey's unittest/test_pro.py runs against
// real keys, shared by the simulator's tests.

import { hexToBytes } from '../../hid-sim/protocol';

/** A 64-byte frame: the given leading bytes, zeros up to byte 59, then the CRC bytes as libnitrokey wrote them. */
function frame(prefixHex: string, crcHex: string): Uint8Array {
  const out = new Uint8Array(64);
  out.set(hexToBytes(prefixHex));
  out.set(hexToBytes(crcHex), 60);
  return out;
}

export const GOLDEN = {
  getStatus: frame('00', 'dfb76eef'),
  getUserRetryCount: frame('0f', '6e5f595e'),
  getAdminRetryCount: frame('09', '92c23abc'),
  readSlotName20: frame('0220', 'e98113fd'),
  readSlot20Binary: frame('032001', '3d1463b9'),
  setTimeForce1111111111: frame('0b01c7353a4200000000', 'c8700ae3'),
  setTimeSoft1111111111: frame('0b00c7353a4200000000', 'f8da9caf'),
  getCode20: frame('0420', '151c701f'),
  getCode10: frame('0410', 'c67f0275'),
  userAuthenticate: hexToBytes(
    '0e31323334353600000000000000000000000000000000000000323334323334323334000000000000000000000000000000000000000000000000009bad181e',
  ),
  firstAuthenticate: hexToBytes(
    '073132333435363738000000000000000000000000000000000031323331323331323300000000000000000000000000000000000000000000000000f01e9e32',
  ),
  getCode20WithTempUser: hexToBytes(
    '04200000000000000000000000000000000000323334323334323334000000000000000000000000000000000000000000000000000000000000000017c718d6',
  ),
  sendOtpDataName: hexToBytes(
    '17313233313233313233000000000000000000000000000000004e00707974686f6e5f74657374000000000000000000000000000000000000000000110df240',
  ),
  sendOtpDataSecret: hexToBytes(
    '17313233313233313233000000000000000000000000000000005300313233343536373839303132333435363738393000000000000000000000000013a55327',
  ),
  writeToSlot21: hexToBytes(
    '0131323331323331323300000000000000000000000000000000211e00000000000000010000000000000000000000000000000000000000000000004e7b513f',
  ),
  /** Synthetic response to getCode20 at device time 1111111109 for the RFC secret, 8 digits. */
  getCode20Response: hexToBytes(
    '0004151c701f004c0f6c0001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e579b9ed',
  ),
};

/** RFC 4226 / 6238 SHA-1 secret, ASCII "12345678901234567890". */
export const RFC_SECRET_HEX = '3132333435363738393031323334353637383930';

/** libnitrokey unittest/test_pro.py: HOTP from counter 0 (last 8 digits, and 6-digit). */
export const HOTP_8 = [
  '84755224',
  '94287082',
  '37359152',
  '26969429',
  '40338314',
  '68254676',
  '18287922',
  '82162583',
  '73399871',
  '45520489',
];
export const HOTP_6 = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

/** TOTP SHA-1, step 30: [unix seconds, 8 digits, 6 digits]. */
export const TOTP_CASES: Array<[number, string, string]> = [
  [59, '94287082', '287082'],
  [1111111109, '07081804', '081804'],
  [1111111111, '14050471', '050471'],
  [1234567890, '89005924', '005924'],
  [2000000000, '69279037', '279037'],
  [20000000000, '65353130', '353130'],
];
