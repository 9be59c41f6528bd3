import { NitrokeyError } from './errors';
import { text } from './text';

/**
 * The device clock (docs/hardware-protocol.md "Clock"): RAM seconds, set by SET_TIME, which also stores
 * `(t - 1388534400) / 60` in flash. It runs about 1 % slow, and every SET_TIME programs a flash
 * word, so sync on attach and again only when the last sync is older than ~10 minutes (~6 s drift).
 */
export const NITROKEY_TIME_EPOCH = 1388534400; // 2014-01-01T00:00:00Z
export const RESYNC_AFTER_SEC = 600;

/**
 * Whether the key's clock should be set again: never synced, last sync more than 10 minutes ago,
 * or the host clock went backwards since.
 */
export function needsResync(lastSyncSec: number | undefined, nowSec: number): boolean {
  if (lastSyncSec === undefined || !Number.isFinite(lastSyncSec)) return true;
  if (nowSec < lastSyncSec) return true;
  return nowSec - lastSyncSec > RESYNC_AFTER_SEC;
}

/** SET_TIME takes whole unix seconds after the firmware's epoch (earlier values underflow its minute counter). */
export function assertSyncTime(nowSec: number): void {
  if (!Number.isSafeInteger(nowSec) || nowSec < NITROKEY_TIME_EPOCH) {
    throw new NitrokeyError('bad-time', text('keys_sync_time_invalid', String(NITROKEY_TIME_EPOCH), String(nowSec)));
  }
}

/**
 * How long a TOTP code read at `nowSec` stays valid, by the host clock. The key computes codes with its own clock (set
 * at the last sync), so near a step boundary this can be a second or two off (docs/hardware-protocol.md "Clock").
 */
export function totpValidity(nowSec: number, periodSec: number): { validUntilSec: number; secondsLeft: number } {
  if (!Number.isFinite(nowSec) || nowSec < 0) {
    throw new NitrokeyError('bad-time', text('keys_time_invalid', String(nowSec)));
  }
  if (!Number.isSafeInteger(periodSec) || periodSec < 1) {
    throw new NitrokeyError('bad-period', text('keys_totp_period_invalid', String(periodSec)));
  }
  const validUntilSec = (Math.floor(nowSec / periodSec) + 1) * periodSec;
  return { validUntilSec, secondsLeft: validUntilSec - nowSec };
}
