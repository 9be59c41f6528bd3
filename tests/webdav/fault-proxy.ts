// A fault-injecting HTTP proxy for the sync tests, put between the extension (or a test's fetch) and the real
// WebDAV server (tests/webdav/server.ts). It forwards everything unchanged unless a rule matches, and records every
// request so tests can assert what a client sent (the Authorization value is never recorded, only its scheme).
// The faults are the failures docs/sync-format.md "Failures" lists: 500/503/507, a 401 after a password change, a 412 from a concurrent
// writer, 423 from a lock, a write or a read cut halfway, a slow server, a truncated or tampered body.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultStatus = 401 | 412 | 423 | 500 | 503 | 507;

export type Fault =
  /** Answer with this status without forwarding; the request body is read and dropped. */
  | { kind: 'status'; status: FaultStatus; headers?: Record<string, string>; body?: string }
  /** Forward `afterBytes` of the request body to the server, then cut both connections (a PUT cut halfway). */
  | { kind: 'cut-request'; afterBytes: number }
  /** Forward the request; pass the server's headers and `afterBytes` of its body on, then cut the connection. */
  | { kind: 'cut-response'; afterBytes: number }
  /** Wait `ms` before forwarding (a slow server or network). */
  | { kind: 'delay'; ms: number }
  /** Forward; hand back only the first `bytes` of the body, with a Content-Length that matches (a clean but short answer). */
  | { kind: 'truncate-response'; bytes: number }
  /** Forward; hand back `alter(body)` with a matching Content-Length (a tampered answer). */
  | { kind: 'alter-response'; alter: (body: Buffer) => Buffer };

export interface FaultRule {
  /** Request method to match (upper case); any when absent. */
  method?: string;
  /** Path (with query) to match: exact string, or a RegExp tested against it; any when absent. */
  path?: string | RegExp;
  /** How many matching requests get the fault; then the rule is spent. Default 1; Infinity for "until cleared". */
  times?: number;
  fault: Fault;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as the client sent them. */
  path: string;
  /** The request's headers; `authorization` is reduced to its scheme (`Basic`), never the credentials. */
  headers: IncomingHttpHeaders;
  /** The fault applied, if a rule matched. */
  fault?: Fault['kind'];
  /** Status the client was given, when it got one (a cut request gets none). */
  status?: number;
}

export interface FaultProxy {
  /** http://127.0.0.1:PORT: use it in place of the server's origin. */
  origin: string;
  /** Every request seen, oldest first. */
  requests: RecordedRequest[];
  /** Adds a rule; rules are tried in the order added, the first matching one applies. */
  inject(rule: FaultRule): void;
  /** Removes every rule (recorded requests stay; empty `requests` to reset them). */
  clear(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (free port) forwarding to `target` (an origin such as WebDav.origin). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: (FaultRule & { left: number })[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const take = (method: string, path: string): Fault | undefined => {
    const i = rules.findIndex(
      (r) =>
        r.left > 0 &&
        (r.method === undefined || r.method === method) &&
        (r.path === undefined || (typeof r.path === 'string' ? r.path === path : r.path.test(path))),
    );
    const rule = rules[i];
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) rules.splice(i, 1);
    return rule.fault;
  };

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = take(method, path);
    const record: RecordedRequest = { method, path, headers: redact(req.headers), fault: fault?.kind };
    requests.push(record);
    res.on('close', () => {
      if (res.headersSent) record.status = res.statusCode;
    });
    const client = req.socket;
    handle(req, res, fault, upstream).catch(() => {
      client.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    clear() {
      rules.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function redact(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  if (copy.authorization !== undefined) copy.authorization = copy.authorization.split(' ')[0] ?? '';
  return copy;
}

async function handle(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined, upstream: URL) {
  // Kept here: Node detaches req.socket once the request is destroyed.
  const client = req.socket;
  if (fault?.kind === 'status') {
    req.resume();
    await new Promise((r) => req.once('end', r));
    const body = fault.body ?? `injected ${fault.status}\n`;
    // A real 401 names its scheme (RFC 9110 §11.6.1); the others need no extra header.
    const challenge = fault.status === 401 ? { 'www-authenticate': 'Basic realm="twofold-test"' } : {};
    res.writeHead(fault.status, {
      'content-type': 'text/plain',
      'content-length': Buffer.byteLength(body),
      ...challenge,
      ...fault.headers,
    });
    res.end(body);
    return;
  }
  if (fault?.kind === 'delay') {
    await new Promise((r) => setTimeout(r, fault.ms));
    // A client that gave up meanwhile (its timeout) must not turn into a half-sent request to the server.
    if (client.destroyed) return;
  }

  const up = request({
    host: upstream.hostname,
    port: upstream.port,
    method: req.method,
    path: req.url,
    headers: { ...req.headers, host: upstream.host },
  });
  // Late errors (the server or the client hanging up mid-transfer) end that exchange, never the test process.
  up.on('error', () => client.destroy());

  if (fault?.kind === 'cut-request') {
    // Forward exactly afterBytes of the body, then drop both sides: the server sees a body shorter than its
    // Content-Length, the client sees its connection reset with no answer.
    await new Promise<void>((resolve) => {
      let sent = 0;
      const onData = (chunk: Buffer) => {
        const part = chunk.subarray(0, Math.max(0, fault.afterBytes - sent));
        if (part.length) up.write(part);
        sent += part.length;
        if (sent >= fault.afterBytes) {
          req.off('data', onData);
          req.pause();
          resolve();
        }
      };
      req.on('data', onData);
      req.once('end', resolve);
    });
    // Let the partial body reach the server before the cut, so the server really starts writing.
    await sentAll(up);
    up.destroy();
    client.destroy();
    return;
  }

  req.pipe(up);
  const answer = await new Promise<IncomingMessage>((resolve, reject) => {
    up.once('response', resolve);
    up.once('error', reject);
  });
  const status = answer.statusCode ?? 502;
  answer.on('error', () => res.destroy());

  if (fault?.kind === 'cut-response') {
    const headers = { ...answer.headers };
    res.writeHead(status, headers);
    let sent = 0;
    for await (const chunk of answer as AsyncIterable<Buffer>) {
      const part = chunk.subarray(0, Math.max(0, fault.afterBytes - sent));
      if (part.length) res.write(part);
      sent += part.length;
      if (sent >= fault.afterBytes) break;
    }
    answer.destroy();
    await sentAll(res);
    client.destroy();
    return;
  }

  if (fault?.kind === 'truncate-response' || fault?.kind === 'alter-response') {
    const chunks: Buffer[] = [];
    for await (const chunk of answer as AsyncIterable<Buffer>) chunks.push(chunk);
    const whole = Buffer.concat(chunks);
    const body = fault.kind === 'truncate-response' ? whole.subarray(0, fault.bytes) : fault.alter(whole);
    const headers = { ...answer.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    res.writeHead(status, headers);
    res.end(body);
    return;
  }

  res.writeHead(status, answer.headers);
  answer.pipe(res);
}

/** Resolves once what was written to `out` has left the process, and the peer has had a moment to read it. */
async function sentAll(out: OutgoingMessage): Promise<void> {
  const pending = () => !out.socket || out.socket.connecting || out.writableLength > 0;
  while (!out.destroyed && pending()) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
}
