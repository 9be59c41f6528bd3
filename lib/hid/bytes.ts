/**
 * Little-endian integer helpers for the Nitrokey report layouts (every integer is little-endian:
 * docs/hardware-protocol.md "Framing").
 */

export function readU32le(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) |
      ((bytes[offset + 1] ?? 0) << 8) |
      ((bytes[offset + 2] ?? 0) << 16) |
      ((bytes[offset + 3] ?? 0) << 24)) >>>
    0
  );
}

export function writeU32le(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = (value >>> 24) & 0xff;
}

export function readU64le(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 7; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i] ?? 0);
  return value;
}

/** Writes `value` (0 <= value < 2^64, checked by the caller) as 8 bytes LE. */
export function writeU64le(bytes: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = 0; i < 8; i++) {
    bytes[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Bytes before the first NUL (C string in a fixed field). */
export function beforeNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}

/** Lower-case hex of a u32, 8 digits. For messages and serials, never for secrets. */
export function u32Hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
