import en from '../../locales/en/picker.json';
import { textsOf } from '../i18n/text';
import { CrossSiteError } from './errors';

const text = textsOf(en);

/** The frame that asked for another site's account, as the background knows it (from the browser's sender record). */
export interface CrossSiteTarget {
  tabId: number;
  frameId: number;
  /** The frame's origin ("https://login.example.com"). */
  origin: string;
  /**
   * The offer token of the field whose "Use another account…" opened the window
   * (docs/architecture.md "Cross-site choices"): the grant names it, so the code lands in that field even if focus
   * moved. Absent for a request made without an offer.
   */
  offer?: string;
}

export interface PendingRequest {
  target: CrossSiteTarget;
  /** When it was made (ms since the epoch). */
  at: number;
}

/**
 * The pending requests, by id: plain JSON so the background can keep it in session storage and a service-worker
 * restart while the picker is open loses nothing.
 */
export type PendingRequests = Readonly<Record<string, PendingRequest>>;

/** Long enough to read the warning and search; short enough that a forgotten window is useless. */
export const REQUEST_TTL_MS = 2 * 60_000;
/** More would only come from a page asking in a loop; the oldest go first. */
export const MAX_PENDING = 8;
/** 128 bits: the id is the only thing that ties a picker window to its request. */
export const ID_BYTES = 16;

const isLive = (r: PendingRequest, now: number) => now - r.at >= 0 && now - r.at <= REQUEST_TTL_MS;

/** The requests still live at `now`. */
export function pruneRequests(pending: PendingRequests, now: number): PendingRequests {
  return Object.fromEntries(Object.entries(pending).filter(([, r]) => isLive(r, now)));
}

/**
 * Adds a request for `target`. One frame has at most one: a newer request replaces the older one, so only the
 * newest window can pick for that frame. `randomBytes` are the id's entropy (ID_BYTES of them, from the CSPRNG).
 */
export function addRequest(
  pending: PendingRequests,
  target: CrossSiteTarget,
  now: number,
  randomBytes: Uint8Array,
): { pending: PendingRequests; id: string } {
  if (randomBytes.length < ID_BYTES) throw new RangeError(`addRequest needs ${ID_BYTES} random bytes`);
  const id = Array.from(randomBytes.subarray(0, ID_BYTES), (b) => b.toString(16).padStart(2, '0')).join('');
  const kept = Object.entries(pruneRequests(pending, now))
    .filter(([, r]) => r.target.tabId !== target.tabId || r.target.frameId !== target.frameId)
    .sort(([, a], [, b]) => a.at - b.at)
    .slice(-(MAX_PENDING - 1));
  return { pending: Object.fromEntries([...kept, [id, { target: { ...target }, at: now }]]), id };
}

/** The live request `id`, or a CrossSiteError ('unknown-request', 'expired'). */
export function findRequest(pending: PendingRequests, id: string, now: number): PendingRequest {
  const request = Object.hasOwn(pending, id) ? pending[id] : undefined;
  if (!request) throw new CrossSiteError('unknown-request', text('picker_error_unknown'));
  if (!isLive(request, now)) throw new CrossSiteError('expired', text('picker_error_expired'));
  return request;
}

/** Removes request `id` (one pick per request); throws like {@link findRequest}. */
export function takeRequest(
  pending: PendingRequests,
  id: string,
  now: number,
): { pending: PendingRequests; request: PendingRequest } {
  const request = findRequest(pending, id, now);
  return { pending: Object.fromEntries(Object.entries(pending).filter(([key]) => key !== id)), request };
}
