import { describe, expect, it } from 'vitest';
import {
  addRequest,
  findRequest,
  ID_BYTES,
  MAX_PENDING,
  type PendingRequests,
  pruneRequests,
  REQUEST_TTL_MS,
  takeRequest,
} from '../../../lib/cross-site/requests';

const T0 = 1_800_000_000_000;
const bytes = (fill: number) => new Uint8Array(ID_BYTES).fill(fill);
const frame = (tabId: number, frameId = 0, origin = 'https://evil.example') => ({ tabId, frameId, origin });

describe('cross-site request store', () => {
  it('makes the id from the random bytes it is given, and binds it to the target and the time', () => {
    const { pending, id } = addRequest({}, frame(3, 2), T0, bytes(0xab));
    expect(id).toBe('ab'.repeat(ID_BYTES));
    expect(findRequest(pending, id, T0 + 1000)).toEqual({ target: frame(3, 2), at: T0 });
  });

  it('refuses too few random bytes rather than a guessable id', () => {
    expect(() => addRequest({}, frame(1), T0, new Uint8Array(ID_BYTES - 1))).toThrow(RangeError);
  });

  it('answers a request until it is older than its time to live, then says it expired', () => {
    const { pending, id } = addRequest({}, frame(1), T0, bytes(1));
    expect(findRequest(pending, id, T0 + REQUEST_TTL_MS).target.tabId).toBe(1);
    expect(() => findRequest(pending, id, T0 + REQUEST_TTL_MS + 1)).toThrow(
      expect.objectContaining({ code: 'expired' }),
    );
    // A clock that went back is not a younger request.
    expect(() => findRequest(pending, id, T0 - 1)).toThrow(expect.objectContaining({ code: 'expired' }));
  });

  it('gives each request to one pick only', () => {
    const { pending, id } = addRequest({}, frame(1), T0, bytes(1));
    const taken = takeRequest(pending, id, T0 + 5);
    expect(taken.request.target).toEqual(frame(1));
    expect(() => takeRequest(taken.pending, id, T0 + 6)).toThrow(expect.objectContaining({ code: 'unknown-request' }));
  });

  it('refuses unknown ids, including names every object has', () => {
    const { pending } = addRequest({}, frame(1), T0, bytes(1));
    for (const id of ['00'.repeat(ID_BYTES), 'constructor', '__proto__', 'toString']) {
      expect(() => findRequest(pending, id, T0)).toThrow(expect.objectContaining({ code: 'unknown-request' }));
    }
  });

  it('keeps one request per frame: a newer one replaces the older', () => {
    const first = addRequest({}, frame(1, 0), T0, bytes(1));
    const other = addRequest(first.pending, frame(1, 5), T0 + 1, bytes(2));
    const second = addRequest(other.pending, frame(1, 0, 'https://evil.example'), T0 + 2, bytes(3));
    expect(() => findRequest(second.pending, first.id, T0 + 3)).toThrow(
      expect.objectContaining({ code: 'unknown-request' }),
    );
    expect(findRequest(second.pending, other.id, T0 + 3).target.frameId).toBe(5);
    expect(findRequest(second.pending, second.id, T0 + 3).at).toBe(T0 + 2);
  });

  it('keeps at most MAX_PENDING requests, dropping the oldest, and drops expired ones when adding', () => {
    let pending: PendingRequests = {};
    const ids: string[] = [];
    for (let i = 0; i < MAX_PENDING + 3; i++) {
      const added = addRequest(pending, frame(i), T0 + i, bytes(i));
      pending = added.pending;
      ids.push(added.id);
    }
    expect(Object.keys(pending)).toHaveLength(MAX_PENDING);
    expect(() => findRequest(pending, ids[0] as string, T0 + 20)).toThrow(
      expect.objectContaining({ code: 'unknown-request' }),
    );
    expect(findRequest(pending, ids.at(-1) as string, T0 + 20).target.tabId).toBe(MAX_PENDING + 2);
    const later = addRequest(pending, frame(99), T0 + REQUEST_TTL_MS + 100, bytes(0xee));
    expect(Object.keys(later.pending)).toEqual([later.id]);
  });

  it('prunes what has expired and nothing else', () => {
    const a = addRequest({}, frame(1), T0, bytes(1));
    const b = addRequest(a.pending, frame(2), T0 + 60_000, bytes(2));
    expect(Object.keys(pruneRequests(b.pending, T0 + REQUEST_TTL_MS + 1))).toEqual([b.id]);
  });
});
