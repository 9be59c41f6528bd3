import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * The server of the hostile pages (docs/architecture.md "Attacks and their defences"): serves tests/site/hostile/ on
 * 127.0.0.1, under any host name (the browser maps *.test to 127.0.0.1, so bank.test, evil.test and evil.bank.test are
 * distinct sites on one server). One port speaks both plain HTTP and TLS (the first byte of a TLS connection is a
 * handshake record, 0x16, RFC 8446 §5.1), so http://bank.test:P and https://bank.test:P differ in their scheme only.
 * The certificate is made at start with the `openssl` CLI and is self-signed; the browser runs with
 * --ignore-certificate-errors. Whatever a page posts to /loot is kept in `loot`, for the test to read.
 */
const PAGES = resolve('tests/site/hostile');
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };

export interface HostileServer {
  port: number;
  /** Everything pages sent to /loot, in order. */
  loot: string[];
  /** `http://host:port` or `https://host:port`. */
  origin(host: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-hostile-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=bank.test',
        '-addext',
        'subjectAltName=DNS:*.test,DNS:*.bank.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let shared: { key: Buffer; cert: Buffer } | undefined;

export async function startHostileServer(): Promise<HostileServer> {
  const loot: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/loot' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        loot.push(body);
        res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      });
      return;
    }
    const name = url.pathname.replace(/^\/+/, '') || 'index.html';
    if (!/^[a-z0-9-]+\.(html|js)$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(PAGES, name));
      res.writeHead(200, {
        'content-type': TYPES[name.split('.').pop() ?? ''] ?? 'text/plain',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  };
  shared ??= certificate();
  const http = createHttpServer(handle);
  const https = createHttpsServer(shared, handle);
  const sockets = new Set<import('node:net').Socket>();
  const front: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return;
      socket.unshift(first);
      (first[0] === 0x16 ? https : http).emit('connection', socket);
    });
  });
  await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
  const address = front.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    loot,
    origin: (host, scheme = 'http') => `${scheme}://${host}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        front.close(() => done());
      }),
  };
}
