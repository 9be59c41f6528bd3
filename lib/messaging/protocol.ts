import { TwofoldError } from '../errors';

/*
 * The one message protocol between the extension's contexts (docs/architecture.md "Messages").
 * Every request is validated here, in the background, before any handler sees it: unknown types,
 * wrong payload shapes and senders not allowed to send a type are refused with a ProtocolError.
 */

/** Where a message came from, as the background sees it from the browser's own sender record. */
export type SenderKind = 'content' | 'extension-page';

export interface RequestMap {
  /** A content script found code fields in its frame (count only: never values, never the URL). */
  'otp-fields-seen': { count: number };
  /** An extension page asks what Twofold knows about a tab. */
  'tab-status': { tabId: number };
}

export interface ResponseMap {
  'otp-fields-seen': { ok: true };
  'tab-status': { otpFields: number };
}

export type RequestType = keyof RequestMap;
export type Request<T extends RequestType = RequestType> = { [K in T]: { type: K } & RequestMap[K] }[T];

/** Which senders may send each request. Content scripts get the smallest surface. */
export const ALLOWED_SENDERS: { [K in RequestType]: readonly SenderKind[] } = {
  'otp-fields-seen': ['content'],
  'tab-status': ['extension-page'],
};

export type ProtocolErrorCode = 'bad-message' | 'bad-sender' | 'forbidden';
export class ProtocolError extends TwofoldError<ProtocolErrorCode> {}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < 100_000;
const isTabId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

const VALIDATORS: { [K in RequestType]: (m: Record<string, unknown>) => Request<K> | undefined } = {
  'otp-fields-seen': (m) => (isCount(m.count) ? { type: 'otp-fields-seen', count: m.count } : undefined),
  'tab-status': (m) => (isTabId(m.tabId) ? { type: 'tab-status', tabId: m.tabId } : undefined),
};

/** Checks a message's shape; returns a fresh object holding only the known fields. */
export function parseRequest(raw: unknown): Request {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError('bad-message', 'A message must be an object.');
  }
  const m = raw as Record<string, unknown>;
  const type = m.type;
  if (typeof type !== 'string' || !Object.hasOwn(VALIDATORS, type)) {
    throw new ProtocolError('bad-message', `Unknown message type ${JSON.stringify(type)}.`);
  }
  const parsed = VALIDATORS[type as RequestType](m);
  if (!parsed) throw new ProtocolError('bad-message', `Malformed “${type}” message.`);
  return parsed;
}

/** The parts of the browser's MessageSender the background trusts (set by the browser, not the page). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tabId?: number;
  frameId?: number;
}

/**
 * Classifies a sender from the browser-provided record: our own pages have our origin; content
 * scripts run in a tab with a web URL. Anything else (another extension, no tab) is refused.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) throw new ProtocolError('bad-sender', 'Message from another extension.');
  const url = sender.url ?? '';
  if (url.startsWith(ownOrigin)) return 'extension-page';
  if (sender.tabId !== undefined && sender.tabId >= 0 && /^(https?|file):/.test(url)) return 'content';
  throw new ProtocolError('bad-sender', 'Message from an unknown context.');
}

/** Validates sender and payload together; the only way a request reaches a handler. */
export function acceptRequest(raw: unknown, sender: SenderInfo, ownId: string, ownOrigin: string): { request: Request; from: SenderKind } {
  const from = classifySender(sender, ownId, ownOrigin);
  const request = parseRequest(raw);
  if (!ALLOWED_SENDERS[request.type].includes(from)) {
    throw new ProtocolError('forbidden', `“${request.type}” may not be sent from a ${from === 'content' ? 'web page' : 'extension page'}.`);
  }
  return { request, from };
}
