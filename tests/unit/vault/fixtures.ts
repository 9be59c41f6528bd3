import { randomBytes, randomUUID } from 'node:crypto';
import type { Account } from '../../../lib/vault/account-data';
import type { Effects } from '../../../lib/vault/slots';

/** Real randomness from Node's CSPRNG, a fixed clock: what the extension injects, minus the browser. */
export const fx: Effects = {
  random: (n) => new Uint8Array(randomBytes(n)),
  now: () => 1_800_000_000_000,
  uuid: () => randomUUID(),
};

/** Argon2id parameters small enough for unit tests; the real ones are tested once, separately. */
export const CHEAP = { memoryKiB: 64, iterations: 1, parallelism: 1 };

export function sampleAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: randomUUID(),
    createdAt: 1_790_000_000_000,
    updatedAt: 1_790_000_000_500,
    otp: {
      kind: 'totp',
      secret: new TextEncoder().encode('12345678901234567890'),
      issuer: 'Example',
      account: 'alice@example.com',
      algorithm: 'SHA256',
      digits: 8,
      period: 30,
    },
    sites: ['example.com'],
    notes: 'work laptop',
    recoveryCodes: [{ code: 'abcd-efgh' }, { code: 'ijkl-mnop', usedAt: 1_795_000_000_000 }],
    pinned: true,
    order: 3,
    ...overrides,
  };
}
