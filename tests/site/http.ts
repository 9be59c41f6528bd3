// Minimal request/response helpers on top of node:http (no framework, so the
// site's behaviour is all visible in this folder).
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 64 * 1024;

/** Form (urlencoded) or JSON body as flat string fields. */
export async function readFields(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const fields: Record<string, string> = {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new HttpError(400, 'invalid JSON body');
    }
    if (parsed && typeof parsed === 'object') {
      for (const [k, v] of Object.entries(parsed))
        if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v);
    }
  } else {
    for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
  }
  return fields;
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  // no-store: a back/forward-cached 2FA page would show a stale form.
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(value));
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  // 303 so a POSTed form is followed by a GET, as browsers and fetch expect.
  res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(text);
}

/** Thrown by handlers for a client error; the server turns it into a response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
