import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hotp } from '../../../lib/otp/hotp';
import { totp } from '../../../lib/otp/totp';
import { hex } from '../vectors';

/*
 * Differential test against OATH Toolkit's oathtool (Debian package `oathtool`; .ci/run installs it),
 * an independent C implementation of RFC 4226/6238. oathtool renders 6, 7 and 8 digits only.
 * `-w N` prints N further codes (consecutive counters or time steps), so one process checks N+1 codes.
 */
const WINDOW = 4;

function oathtool(args: string[]): string[] {
  try {
    return execFileSync('oathtool', args, { encoding: 'utf8' }).trim().split('\n');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('oathtool is not installed: run `apt-get install -y oathtool` (scripts/setup.sh does).');
    }
    throw e;
  }
}

const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const);
const digits = fc.constantFrom(6, 7, 8);
const secret = fc.uint8Array({ minLength: 1, maxLength: 64 });

describe('cross-check with oathtool', () => {
  it('TOTP agrees over random secrets, hashes, digits, periods and times (to year 2600)', () => {
    fc.assert(
      fc.property(
        secret,
        algorithm,
        digits,
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 0, max: 20_000_000_000 }),
        (key, alg, d, period, now) => {
          const expected = oathtool([
            `--totp=${alg}`,
            `--digits=${d}`,
            `--time-step-size=${period}s`,
            `--now=@${now}`,
            `--window=${WINDOW}`,
            hex(key),
          ]);
          const ours = Array.from({ length: WINDOW + 1 }, (_, i) =>
            totp(key, now + i * period, { algorithm: alg, digits: d, period }),
          );
          expect(ours).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('HOTP agrees over random secrets, digits and 64-bit counters', () => {
    fc.assert(
      fc.property(secret, digits, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n - BigInt(WINDOW) }), (key, d, counter) => {
        const expected = oathtool([`--digits=${d}`, `--counter=${counter}`, `--window=${WINDOW}`, hex(key)]);
        const ours = Array.from({ length: WINDOW + 1 }, (_, i) =>
          hotp(key, counter + BigInt(i), { algorithm: 'SHA1', digits: d }),
        );
        expect(ours).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
