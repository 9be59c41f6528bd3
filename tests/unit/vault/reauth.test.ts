import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { confirmPassword, FREE_ATTEMPTS } from '../../../lib/vault/reauth';
import { fx } from './fixtures';
import { memoryVault } from './memory-session';

const MASTER = 'correct horse';

function setup() {
  return memoryVault('reauth-unit', MASTER);
}

describe('confirmPassword (issue 14 finding 12, review finding 9)', () => {
  it('counts wrong guesses sent all at once one after another, so the back-off still holds', async () => {
    const { store, port } = await setup();
    const now = fx.now();
    const guesses = Array.from({ length: FREE_ATTEMPTS + 5 }, (_, i) =>
      confirmPassword(store, port, now, `guess ${i}`).then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      ),
    );
    const codes = await Promise.all(guesses);
    expect(codes.filter((c) => c === 'wrong-password')).toHaveLength(FREE_ATTEMPTS);
    expect(codes.filter((c) => c === 'throttled')).toHaveLength(5);
    // The right password is refused too until the wait is over: the count was not lost to a race.
    await expect(confirmPassword(store, port, now, MASTER)).rejects.toMatchObject({ code: 'throttled' });
  });

  it('still accepts the right password sent next to wrong ones within the free attempts', async () => {
    const { store, port } = await setup();
    const now = fx.now();
    const results = await Promise.allSettled([
      confirmPassword(store, port, now, 'wrong'),
      confirmPassword(store, port, now, MASTER),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  });
});
