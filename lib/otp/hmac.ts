import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesEqual } from '../encoding/bytes';
import type { Algorithm } from './types';

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

type Keyed = ReturnType<typeof hmac.create>;

interface CacheEntry {
  /** The bytes the states were keyed with: a secret changed in place must not reuse old states. */
  key: Uint8Array;
  states: Partial<Record<Algorithm, Keyed>>;
}

/**
 * Keyed HMAC states, one per secret and hash. Keying costs two compression-function calls (RFC 2104
 * §2, the ipad/opad blocks); copying a keyed state skips them, which halves the cost of a refresh.
 * Entries are checked against the secret's current bytes on every use, and the WeakMap lets an entry
 * go when its secret does; {@link forgetKey} drops one at once (on lock or delete).
 */
const keyedStates = new WeakMap<Uint8Array, CacheEntry>();

function keyed(algorithm: Algorithm, key: Uint8Array): Keyed {
  let entry = keyedStates.get(key);
  if (!entry || !bytesEqual(entry.key, key)) {
    if (entry) wipe(entry);
    entry = { key: key.slice(), states: {} };
    keyedStates.set(key, entry);
  }
  entry.states[algorithm] ??= hmac.create(HASHES[algorithm], key);
  return entry.states[algorithm];
}

function wipe(entry: CacheEntry): void {
  entry.key.fill(0);
  for (const state of Object.values(entry.states)) state?.destroy();
}

/** Drops the cached keyed states of a secret (call before wiping or forgetting it). */
export function forgetKey(key: Uint8Array): void {
  const entry = keyedStates.get(key);
  if (entry) wipe(entry);
  keyedStates.delete(key);
}

/** One reusable working state per hash: codes are computed one at a time, so copies need no allocation. */
const scratch: Partial<Record<Algorithm, Keyed>> = {};

/** HMAC over the 8-byte big-endian counter (RFC 4226 §5.2 step 1; RFC 6238 §1.2 for SHA-2). */
export function hmacCounter(algorithm: Algorithm, key: Uint8Array, counter: bigint): Uint8Array {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, counter, false);
  scratch[algorithm] ??= hmac.create(HASHES[algorithm], new Uint8Array(1));
  return keyed(algorithm, key)._cloneInto(scratch[algorithm]).update(message).digest();
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
