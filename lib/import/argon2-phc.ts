import { bytesEqual } from '../encoding/bytes';
import { argon2id, DEFAULT_MAX_KDF_MEMORY, fromBase64, utf8 } from './crypto';
import type { ReadOptions } from './types';

/*
 * Checking a password against an Argon2 hash in the PHC string format the reference implementation
 * (and argon2-browser) writes: `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, salt and
 * hash in unpadded standard base64 (P-H-C string format; argon2 src/encoding.c).
 */

export interface Argon2Phc {
  type: string;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** The parts of an Argon2 PHC string, or undefined when it is not one. */
export function parseArgon2Phc(encoded: unknown): Argon2Phc | undefined {
  if (typeof encoded !== 'string') return undefined;
  const m = /^\$(argon2(?:id|i|d))(?:\$v=\d+)?\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
    encoded,
  );
  if (!m) return undefined;
  const [, type = '', memory, passes, lanes, salt, hash] = m;
  try {
    return {
      type,
      memoryKiB: Number(memory),
      iterations: Number(passes),
      parallelism: Number(lanes),
      salt: fromBase64(salt, 'salt'),
      hash: fromBase64(hash, 'hash'),
    };
  } catch {
    return undefined;
  }
}

/**
 * True or false when `password` does or does not match an Argon2id PHC string; undefined when the
 * string cannot be checked (not Argon2id, unparsable, or asking more memory than allowed), so the caller
 * falls back on another sign of a wrong password.
 */
export async function verifyArgon2idPhc(
  password: string,
  encoded: unknown,
  options: ReadOptions,
): Promise<boolean | undefined> {
  const phc = parseArgon2Phc(encoded);
  if (phc?.type !== 'argon2id' || phc.hash.length < 4 || phc.iterations > 64) return undefined;
  if (phc.memoryKiB * 1024 > (options.maxKdfMemory ?? DEFAULT_MAX_KDF_MEMORY)) return undefined;
  try {
    return bytesEqual(await argon2id(utf8(password), phc.salt, phc, phc.hash.length), phc.hash);
  } catch {
    return undefined;
  }
}
