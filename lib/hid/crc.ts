import { HidFrameError } from './errors';
import { text } from './text';

/** CRC polynomial of the STM32 CRC unit (CRC-32/MPEG-2 polynomial; docs/hardware-protocol.md "CRC"). */
const POLY = 0x04c11db7;

/**
 * The "STM32 CRC" of docs/hardware-protocol.md "CRC" (libnitrokey misc.cc `stm_crc32`, firmware `CRC_CalcBlockCRC`):
 * start at 0xFFFFFFFF, feed the buffer as 32-bit words read little-endian, shift MSB first with
 * polynomial 0x04C11DB7; no reflection, no final XOR. The length must be a multiple of 4 (the
 * protocol always uses the 60 bytes before the CRC field).
 *
 * @example stmCrc32(new Uint8Array(60)) // 0xEF6EB7DF (the check value)
 */
export function stmCrc32(bytes: Uint8Array): number {
  if (bytes.length % 4 !== 0) {
    throw new HidFrameError('bad-length', text('keys_crc_bad_length', bytes.length));
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 4) {
    const word =
      (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    crc = (crc ^ word) >>> 0;
    for (let bit = 0; bit < 32; bit++) {
      crc = crc & 0x80000000 ? ((crc << 1) ^ POLY) >>> 0 : (crc << 1) >>> 0;
    }
  }
  return crc;
}
