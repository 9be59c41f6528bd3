import { TEMP_PASSWORD_SIZE } from './commands';
import { NitrokeyError } from './errors';
import { text } from './text';

/** Randomness is a parameter of the core: `(n) => crypto.getRandomValues(new Uint8Array(n))` at the edge. */
export type RandomBytes = (length: number) => Uint8Array;

const MAX_ROUNDS = 16;

/**
 * A fresh temporary password: 25 random bytes in 1..255, no NUL
 * (docs/hardware-protocol.md "PIN and temporary passwords"; Nitrokey App `generateTemporaryPassword`). Zero bytes are
 * dropped and replaced by fresh ones, so the bytes stay uniform over 1..255. It is a bearer token for the key until
 * replug: keep it in memory or `storage.session`, never on disk, never in logs.
 */
export function newTempPassword(random: RandomBytes): Uint8Array {
  const out = new Uint8Array(TEMP_PASSWORD_SIZE);
  let filled = 0;
  for (let round = 0; round < MAX_ROUNDS && filled < TEMP_PASSWORD_SIZE; round++) {
    const want = TEMP_PASSWORD_SIZE - filled;
    const bytes = random(want);
    if (!(bytes instanceof Uint8Array) || bytes.length !== want) {
      throw new NitrokeyError('bad-random', text('keys_random_wrong_length', want));
    }
    for (const b of bytes) if (b !== 0 && filled < TEMP_PASSWORD_SIZE) out[filled++] = b;
  }
  if (filled < TEMP_PASSWORD_SIZE) {
    throw new NitrokeyError('bad-random', text('keys_random_zeros'));
  }
  return out;
}
