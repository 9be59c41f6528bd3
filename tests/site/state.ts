// In-memory state shared by the main and the cross-origin server. Both run in
// one process, which is what lets the cross-origin frame verify a code for a
// user who signed in on the main origin (the cookie jar is not shared).
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Algorithm, SiteEvent, SiteEventType, SiteUser, Variant } from './types';

export interface UserRecord {
  username: string;
  password: string;
  algorithm: Algorithm;
  digits: number;
  period: number;
  /** Active secret when 2FA is enabled, else null. */
  secret: string | null;
  /** Secret shown on /enrol but not yet confirmed with a code. */
  pendingSecret: string | null;
  recoveryCodes: string[];
  usedRecoveryCodes: Set<string>;
  /** Last code "sent by SMS" (the sms variant), one use. */
  smsCode: string | null;
}

export interface Store {
  users: Map<string, UserRecord>;
  events: SiteEvent[];
  now: () => number;
  /** Per-process key for the tokens handed to the cross-origin frame. */
  tokenKey: Buffer;
  usedTokens: Set<string>;
}

export function createStore(users: SiteUser[], now: () => number): Store {
  const store: Store = {
    users: new Map(),
    events: [],
    now,
    tokenKey: randomBytes(32),
    usedTokens: new Set(),
  };
  for (const u of users) putUser(store, u);
  return store;
}

export function putUser(store: Store, u: SiteUser): UserRecord {
  const rec: UserRecord = {
    username: u.username,
    password: u.password,
    algorithm: u.algorithm ?? 'SHA1',
    digits: u.digits ?? 6,
    period: u.period ?? 30,
    secret: u.secret ? u.secret.replace(/\s+/g, '').toUpperCase() : null,
    pendingSecret: null,
    recoveryCodes: [...(u.recoveryCodes ?? [])],
    usedRecoveryCodes: new Set(),
    smsCode: null,
  };
  store.users.set(rec.username, rec);
  return rec;
}

/** A user who has a password but no second factor yet (signup / reset). */
export function putUserWithout2fa(store: Store, username: string, password: string): UserRecord {
  return putUser(store, { username, password, secret: '' });
}

export function logEvent(store: Store, type: SiteEventType, variant: Variant | 'enrol', username: string): void {
  store.events.push({ type, variant, username, at: store.now() });
}

// Unambiguous alphabet (no 0/o, 1/l/i) as real recovery codes use.
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(count = 8): string[] {
  const pick = (n: number) => Array.from({ length: n }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => `${pick(4)}-${pick(4)}`);
}

export function stateJson(rec: UserRecord) {
  return {
    username: rec.username,
    enabled: rec.secret !== null,
    // What the user's authenticator should hold right now: the pending secret
    // during enrolment, otherwise the active one.
    secret: rec.pendingSecret ?? rec.secret,
    activeSecret: rec.secret,
    pendingSecret: rec.pendingSecret,
    algorithm: rec.algorithm,
    digits: rec.digits,
    period: rec.period,
    recoveryCodes: rec.recoveryCodes,
    usedRecoveryCodes: [...rec.usedRecoveryCodes],
  };
}

// ---- one-time signed tokens (main origin <-> cross-origin frame) ----

export interface TokenPayload {
  purpose: 'frame' | 'login';
  username: string;
  /** Main-origin session the token belongs to; only that session can use it. */
  sid: string;
  exp: number;
  nonce: string;
}

const TOKEN_TTL_MS = 10 * 60_000;

export function mintToken(store: Store, purpose: TokenPayload['purpose'], username: string, sid: string): string {
  const payload: TokenPayload = {
    purpose,
    username,
    sid,
    exp: store.now() + TOKEN_TTL_MS,
    nonce: randomBytes(12).toString('base64url'),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(store, body)}`;
}

/** Checks signature, purpose, expiry and that it was not used. Does not consume. */
export function readToken(store: Store, token: string | null, purpose: TokenPayload['purpose']): TokenPayload | null {
  if (!token) return null;
  const [body, sig] = token.split('.');
  if (!body || !sig) return null;
  const expected = Buffer.from(sign(store, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return null;
  }
  if (payload.purpose !== purpose || payload.exp < store.now() || store.usedTokens.has(payload.nonce)) return null;
  return payload;
}

export function consumeToken(store: Store, payload: TokenPayload): void {
  store.usedTokens.add(payload.nonce);
}

function sign(store: Store, body: string): string {
  return createHmac('sha256', store.tokenKey).update(body).digest('base64url');
}
