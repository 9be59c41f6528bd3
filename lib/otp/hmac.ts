import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { Algorithm } from './types';

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

/** HMAC over the 8-byte big-endian counter (RFC 4226 §5.2 step 1; RFC 6238 §1.2 for SHA-2). */
export function hmacCounter(algorithm: Algorithm, key: Uint8Array, counter: bigint): Uint8Array {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, counter, false);
  return hmac(HASHES[algorithm], key, message);
}

/**
 * Dynamic truncation (RFC 4226 §5.3): the low 4 bits of the last byte pick an offset, and the 31
 * bits read there are the code's integer value before it is rendered.
 */
export function dynamicTruncate(mac: Uint8Array): number {
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  return (
    (((mac[offset] as number) & 0x7f) << 24) |
    ((mac[offset + 1] as number) << 16) |
    ((mac[offset + 2] as number) << 8) |
    (mac[offset + 3] as number)
  );
}
