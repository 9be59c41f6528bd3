/*
 * Independent reference implementations for re-checking the vector files (tests/vectors/SOURCES.md "How every
 * value is checked"). Nothing here imports lib/: each function is written from its public definition, so a
 * vector that matches both this file and lib/ is confirmed by two implementations.
 */
import { createHmac } from 'node:crypto';

export type HashName = 'SHA1' | 'SHA256' | 'SHA512';

const NODE_HASH: Record<HashName, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/** The 8-byte big-endian counter of RFC 4226 §5.1 (BigInt: RFC 6238's 20000000000 needs more than 32 bits). */
export function counterBytes(counter: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(counter);
  return out;
}

/** HMAC over the counter with node:crypto (RFC 2104 as OpenSSL implements it). */
export function hmac(algorithm: HashName, key: Buffer, counter: bigint): Buffer {
  return createHmac(NODE_HASH[algorithm], key).update(counterBytes(counter)).digest();
}

/** RFC 4226 §5.3 dynamic truncation: 31 bits from the offset the low nibble of the last byte names. */
export function truncate(mac: Buffer): number {
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fffffff;
}

/** RFC 4226 §5.3 / RFC 6238 §4: the truncated value mod 10^digits, zero-padded. */
export function hotp(algorithm: HashName, key: Buffer, counter: bigint, digits: number): string {
  return String(truncate(hmac(algorithm, key, counter)) % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((time - T0) / X). */
export function totpCounter(time: number, period: number, t0 = 0): bigint {
  return BigInt(Math.floor((time - t0) / period));
}

/**
 * Steam Guard rendering (as Steam's mobile app, KeePassXC `Totp::generateTotp` and Aegis `SteamOTP` do it):
 * the truncated value, five times "alphabet[value mod 26], value div 26".
 */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';
export function steam(key: Buffer, time: number): string {
  let value = truncate(hmac('SHA1', key, totpCounter(time, 30)));
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 with `=` padding. */
export function base32Encode(bytes: Buffer): string {
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += B32[Number.parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Strict RFC 4648 decode of upper-case, padded or unpadded text: undefined for anything else. */
export function base32DecodeStrict(text: string): Buffer | undefined {
  const body = text.replace(/=+$/, '');
  if (!/^[A-Z2-7]*$/.test(body)) return undefined;
  return fromBits(body);
}

/**
 * The secret decoder policy of docs/otpauth-policy.md 5: case ignored, spaces, dashes and `=` dropped, trailing
 * bits that make no whole byte dropped. Returns undefined for an alphabet error or an empty secret.
 */
export function base32DecodeSecret(text: string): Buffer | undefined {
  const body = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (body === '' || !/^[A-Z2-7]+$/.test(body)) return undefined;
  return fromBits(body);
}

function fromBits(body: string): Buffer {
  let bits = '';
  for (const ch of body) bits += B32.indexOf(ch).toString(2).padStart(5, '0');
  const out: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}

/**
 * The Nitrokey "STM32 CRC" as docs/hardware-protocol.md "CRC" describes it, written bit by bit from that
 * description (init 0xFFFFFFFF, little-endian 32-bit words, polynomial 0x04C11DB7 shifted left, no
 * reflection, no final XOR).
 */
export function stm32Crc(bytes: Uint8Array): number {
  if (bytes.length % 4 !== 0) throw new Error('whole words only');
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 4) {
    const word =
      ((bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24)) >>>
      0;
    crc = (crc ^ word) >>> 0;
    for (let bit = 0; bit < 32; bit++) {
      crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
    }
  }
  return crc;
}

/** One protobuf field (https://protobuf.dev/programming-guides/encoding/): varints as BigInt, bytes as Buffer. */
export type ProtoField = { no: number; varint: bigint } | { no: number; bytes: Buffer };

/** Reads the fields of one message, skipping nothing (the caller ignores what it does not know). */
export function protoFields(buf: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++] as number;
      value |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ no, varint: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      fields.push({ no, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`wire type ${wire}`);
  }
  return fields;
}

/** A varint read as the int32 it encodes (negative int32s are written as 10-byte two's complement). */
export function asInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}
