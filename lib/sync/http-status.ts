import en from '../../locales/en/syncdav.json';
import { textsOf } from '../i18n/text';
import { SyncError } from './errors';

/*
 * What an HTTP answer from the WebDAV server means for sync (docs/sync-format.md "Failures"). Pure: the transport
 * (platform/webdav-transport.ts) hands in the status, the `Retry-After` header and the time, and throws what comes
 * back. Codes are RFC 9110's (401, 403, 404, 409, 412, 5xx) and RFC 4918's (423 Locked, 507 Insufficient Storage,
 * §11); a 409 on MKCOL means the parent collection is missing (RFC 4918 §9.3.1), elsewhere a server rule of its own.
 */

export const davText = textsOf(en);

/** What the request was, where the meaning of a status depends on it. */
export interface FailedRequest {
  /** `MKCOL` turns a 409 into 'folder-missing'. */
  method: string;
  /** The file name (for 404) or the configured folder URL (for 409 on MKCOL), shown in the message. */
  what: string;
}

/**
 * The SyncError for a status that is not the success the request expects. `details.status` is always set;
 * `details.retryAfterMs` when `retryAfter` (the header's value) is seconds or an HTTP date.
 */
export function statusError(status: number, request: FailedRequest, retryAfter: string | null, now: number): SyncError {
  const wait = retryAfterMs(retryAfter, now);
  const details = wait === undefined ? { status } : { status, retryAfterMs: wait };
  const fail = (code: ConstructorParameters<typeof SyncError>[0], text: ReturnType<typeof davText>) =>
    new SyncError(code, text, details);
  if (status >= 300 && status < 400) return fail('bad-response', davText('syncdav_redirect'));
  switch (status) {
    case 401:
      return fail('auth', davText('syncdav_auth'));
    case 403:
      return fail('forbidden', davText('syncdav_forbidden'));
    case 404:
      return fail('not-found', davText('syncdav_not_found', request.what));
    case 409:
      return request.method === 'MKCOL'
        ? fail('folder-missing', davText('syncdav_folder_missing', request.what))
        : fail('conflict', davText('syncdav_conflict'));
    case 412:
      return fail('precondition', davText('syncdav_precondition'));
    case 423:
      return fail('locked', davText('syncdav_locked'));
    case 507:
      return fail('full', davText('syncdav_full'));
  }
  if (status >= 500 && status < 600) return fail('server', davText('syncdav_server', status));
  return fail('bad-response', davText('syncdav_unexpected_status', status));
}

/** Longest wait taken from a server: a day. A larger value (or a date years away) is a server's mistake. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * `Retry-After` (RFC 9110 §10.2.3): either delay-seconds (a non-negative integer) or an HTTP-date; in ms from `now`,
 * never negative, at most a day. Anything else is ignored (undefined), as the header is advice.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP-date names its weekday and zone in letters ("Sun, 06 Nov 1994 08:49:37 GMT"); a bare number or an
  // ISO string is not one.
  if (!/^[A-Za-z]{3},? /.test(v) && !/^[A-Za-z]{6,9}, /.test(v)) return undefined;
  const at = Date.parse(v);
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/** The `Date` header (RFC 9110 §6.6.1) in ms, when there is a readable one. */
export function serverDateOf(value: string | null): number | undefined {
  if (value === null) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}
