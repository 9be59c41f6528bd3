import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryAfterMs, serverDateOf, statusError } from '../../../lib/sync/http-status';

const NOW = Date.UTC(2026, 11, 7, 18, 0, 0);
const put = { method: 'PUT', what: 'x.a.tfsync' };

describe('statusError', () => {
  it('maps each status to its code and its own message, with the status in the details', () => {
    const table: [number, string, string][] = [
      [401, 'auth', 'syncdav_auth'],
      [403, 'forbidden', 'syncdav_forbidden'],
      [404, 'not-found', 'syncdav_not_found'],
      [409, 'conflict', 'syncdav_conflict'],
      [412, 'precondition', 'syncdav_precondition'],
      [423, 'locked', 'syncdav_locked'],
      [500, 'server', 'syncdav_server'],
      [502, 'server', 'syncdav_server'],
      [503, 'server', 'syncdav_server'],
      [504, 'server', 'syncdav_server'],
      [507, 'full', 'syncdav_full'],
      [301, 'bad-response', 'syncdav_redirect'],
      [307, 'bad-response', 'syncdav_redirect'],
      [400, 'bad-response', 'syncdav_unexpected_status'],
      [418, 'bad-response', 'syncdav_unexpected_status'],
    ];
    for (const [status, code, key] of table) {
      const e = statusError(status, put, null, NOW);
      expect([e.code, e.text?.key, e.details], String(status)).toEqual([code, key, { status }]);
    }
    expect(statusError(503, put, null, NOW).message).toBe('The server had a problem (503).');
    expect(statusError(404, put, null, NOW).message).toContain('x.a.tfsync');
  });

  it('a 409 on MKCOL is the missing parent folder, named', () => {
    const e = statusError(409, { method: 'MKCOL', what: 'https://cloud.example.org/dav/' }, null, NOW);
    expect(e.code).toBe('folder-missing');
    expect(e.message).toBe('The folder https://cloud.example.org/dav/ does not exist on the server.');
  });

  it('carries Retry-After in ms', () => {
    expect(statusError(503, put, '120', NOW).details).toEqual({ status: 503, retryAfterMs: 120_000 });
    expect(statusError(507, put, 'Mon, 07 Dec 2026 18:05:00 GMT', NOW).details).toEqual({
      status: 507,
      retryAfterMs: 300_000,
    });
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and each HTTP-date form (RFC 9110 §5.6.7), clamped to [0, a day]', () => {
    expect(retryAfterMs('0', NOW)).toBe(0);
    expect(retryAfterMs(' 30 ', NOW)).toBe(30_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 18:00:10 GMT', NOW)).toBe(10_000);
    expect(retryAfterMs('Monday, 07-Dec-26 18:00:20 GMT', NOW)).toBe(20_000);
    expect(retryAfterMs('Mon Dec  7 18:00:40 2026', NOW)).toBe(40_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 17:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores what is neither', () => {
    for (const v of [null, '', '-5', '1.5', 'soon', '2026-12-07T18:00:10Z', '12 apples'])
      expect(retryAfterMs(v, NOW), String(v)).toBeUndefined();
  });
});

describe('serverDateOf', () => {
  it('reads the Date header, or nothing', () => {
    expect(serverDateOf('Mon, 07 Dec 2026 18:00:00 GMT')).toBe(NOW);
    expect(serverDateOf(null)).toBeUndefined();
    expect(serverDateOf('yesterday')).toBeUndefined();
  });
});
