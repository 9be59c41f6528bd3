// Cookie sessions, one in-memory map per server.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookie } from './http';

export interface Session {
  id: string;
  username: string;
  /** 'password': first factor done, second pending (or 2FA not set up yet). */
  stage: 'password' | 'done';
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  /**
   * Cookies are scoped by host, not port, so two sites on 127.0.0.1 (or the
   * main and cross-origin servers) would overwrite one another's cookie
   * unless the name differs: callers include the port in it.
   */
  constructor(readonly cookieName: string) {}

  get(req: IncomingMessage): Session | null {
    const id = readCookie(req, this.cookieName);
    return (id && this.byId.get(id)) || null;
  }

  /** New session plus the Set-Cookie header that binds it to the browser. */
  create(username: string, stage: Session['stage']): { session: Session; setCookie: string } {
    const session: Session = { id: randomBytes(24).toString('base64url'), username, stage };
    this.byId.set(session.id, session);
    return { session, setCookie: `${this.cookieName}=${session.id}; HttpOnly; Path=/; SameSite=Lax` };
  }

  destroy(req: IncomingMessage): string {
    const id = readCookie(req, this.cookieName);
    if (id) this.byId.delete(id);
    return `${this.cookieName}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0`;
  }
}
