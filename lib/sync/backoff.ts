import type { SyncError, SyncErrorCode } from './errors';

/*
 * When a failed round is tried again (docs/sync-format.md "Failures"): 30 s, 1, 2, 4, 8, then every 15 minutes,
 * each ±20 % so devices that failed together do not retry together; the server's `Retry-After` wins (RFC 9110
 * §10.2.3); a full server (507) at most hourly. Failures only the person can mend get no automatic retry: a 401
 * retried on a timer locks the account on Nextcloud and others (brute-force protection).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const STEPS = [30 * SECOND, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 15 * MINUTE];
const HOUR = 60 * MINUTE;
const JITTER = 0.2;

/** Failures that wait for the person (new credentials, a settings change, an update, a re-join). */
const WAITS_FOR_PERSON: ReadonlySet<SyncErrorCode> = new Set<SyncErrorCode>([
  'auth',
  'forbidden',
  'folder-missing',
  'newer-version',
  'other-sync',
  'wrong-password',
  'origin-refused',
  'no-permission',
]);

/**
 * Milliseconds until the next automatic try after `failures` failed rounds in a row (1 for the first), or
 * `undefined` for none. `random` is uniform in [0, 1).
 */
export function nextRetry(failures: number, error: SyncError, random: () => number): number | undefined {
  if (WAITS_FOR_PERSON.has(error.code)) return undefined;
  const step = STEPS[Math.min(Math.max(failures, 1), STEPS.length) - 1] as number;
  const jittered = Math.round(step * (1 - JITTER + 2 * JITTER * random()));
  const wait = error.details.retryAfterMs ?? jittered;
  return error.code === 'full' ? Math.max(wait, HOUR) : wait;
}
