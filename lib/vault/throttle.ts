import type { Text } from '../i18n/text';
import { VaultError } from './errors';
import type { SessionPort } from './session';

/**
 * Throttled, lockout-free password attempts (docs/vault-format.md "Unlock attempts"), shared by unlock and the export
 * confirmation (lib/vault/reauth.ts). A few wrong passwords are free; then each further attempt waits, doubling from
 * 1 s up to a cap, and is refused before any key derivation runs. Nothing ever locks for good: the right password,
 * once the wait is over, resets the count. The count lives in session storage, so restarting the service worker does
 * not reset it (closing the browser does: this slows guessing through Twofold's own pages, nothing more; an attacker
 * with a copy of the disk is held back only by the KDF's cost).
 */
export interface AttemptPolicy {
  /** The session-storage key holding the count. */
  key: string;
  /** Wrong passwords allowed before any wait. */
  freeAttempts: number;
  /** The longest wait between two attempts. */
  maxWaitMs: number;
  /** The refusal's words, given the whole seconds left to wait. */
  throttledText: (seconds: number) => Text;
}

interface Failures {
  count: number;
  at: number;
}

/** How long to wait after `failures` wrong passwords in a row: none for the first few, then 1 s, 2 s, 4 s… */
export function waitAfter(failures: number, policy: Pick<AttemptPolicy, 'freeAttempts' | 'maxWaitMs'>): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxWaitMs, 1000 * 2 ** (failures - policy.freeAttempts));
}

/**
 * The attempt running or last run, per policy key, in this JavaScript context: the next one starts after it. Keyed on
 * the count's storage key alone, not on the SessionPort object: two port objects over the same storage (an adapter
 * made twice) share the count, so they must share the queue too, or each could read the count before the other wrote
 * it. A restarted worker starts with an empty queue, and nothing of the old worker runs any more.
 */
const running = new Map<string, Promise<unknown>>();

/**
 * Runs one password attempt under `policy`. Attempts under one policy run one after another: each reads the count
 * only after the one before has written it, so guesses sent all at once cannot all pass as "the first". `now` is read
 * when the attempt's turn comes. `attempt` throwing VaultError('wrong-password') counts as a failure; its success
 * resets the count; any other error leaves the count as it was.
 */
export function throttledAttempt<T>(
  session: SessionPort,
  policy: AttemptPolicy,
  now: () => number,
  attempt: () => Promise<T>,
): Promise<T> {
  const before = running.get(policy.key) ?? Promise.resolve();
  const once = () => attemptOnce(session, policy, now(), attempt);
  const mine = before.then(once, once);
  const settled = mine.catch(() => undefined);
  running.set(policy.key, settled);
  // The last attempt forgets its place once done, so the map holds nothing between attempts.
  void settled.then(() => {
    if (running.get(policy.key) === settled) running.delete(policy.key);
  });
  return mine;
}

async function attemptOnce<T>(
  session: SessionPort,
  policy: AttemptPolicy,
  now: number,
  attempt: () => Promise<T>,
): Promise<T> {
  const failures = (await session.get<Failures>(policy.key)) ?? { count: 0, at: 0 };
  const wait = waitAfter(failures.count, policy) - (now - failures.at);
  if (wait > 0) throw new VaultError('throttled', policy.throttledText(Math.ceil(wait / 1000)));
  let result: T;
  try {
    result = await attempt();
  } catch (e) {
    if (e instanceof VaultError && e.code === 'wrong-password')
      await session.set(policy.key, { count: failures.count + 1, at: now } satisfies Failures);
    throw e;
  }
  if (failures.count > 0) await session.remove(policy.key);
  return result;
}
