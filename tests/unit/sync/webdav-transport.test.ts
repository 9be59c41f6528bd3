import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import type { SyncFolder } from '../../../lib/sync/folder';
import { webDavFolder } from '../../../platform/webdav-transport';
import { type FaultProxy, type FaultStatus, startFaultProxy } from '../../webdav/fault-proxy';
import { startWebDav, type WebDav } from '../../webdav/server';

/*
 * platform/webdav-transport.ts against the real server (Debian's Apache + mod_dav_fs, tests/webdav/server.ts) and
 * the fault proxy in front of it (tests/webdav/fault-proxy.ts): every SyncFolder operation round trip, and each
 * failure of docs/sync-format.md "Failures" as the code the round and the status line act on.
 */

// A user name and password outside ASCII: the Basic credentials are UTF-8 (RFC 7617 §2.1).
const USER = { user: 'zoë', password: 'pässwörd €1' };
let dav: WebDav;
let proxy: FaultProxy;
let folderCount = 0;

beforeAll(async () => {
  dav = await startWebDav({ users: [USER] });
  proxy = await startFaultProxy(dav.origin);
});
afterEach(() => proxy.clear());
afterAll(async () => {
  await proxy?.close();
  await dav?.close();
});

/** A fresh base folder per test (its own Twofold/ inside), reached directly or through the proxy. */
async function fresh(opts: { viaProxy?: boolean; timeoutMs?: number; password?: string } = {}): Promise<{
  folder: SyncFolder;
  base: string;
  onDisk: (name: string) => string;
}> {
  folderCount += 1;
  const path = `t${folderCount}/`;
  const res = await fetch(`${dav.url}${path}`, { method: 'MKCOL', headers: { authorization: dav.authorization() } });
  expect(res.status).toBe(201);
  const root = opts.viaProxy ? dav.url.replace(dav.origin, proxy.origin) : dav.url;
  const base = `${root}${path}`;
  const folder = webDavFolder(
    { url: base, user: USER.user, password: opts.password ?? USER.password },
    { timeoutMs: opts.timeoutMs },
  );
  return { folder, base, onDisk: (name) => join(dav.dir, path, 'Twofold', name) };
}

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('round trips against Apache', () => {
  it('lists nothing before the folder exists, creates it (twice is fine), and lists only its files', async () => {
    const { folder, base } = await fresh();
    expect((await folder.list()).entries).toEqual([]);
    await folder.ensure();
    await folder.ensure(); // 405 on an existing collection
    const sub = await fetch(`${base}Twofold/sub/`, {
      method: 'MKCOL',
      headers: { authorization: dav.authorization() },
    });
    expect(sub.status).toBe(201);
    await folder.put('a.a.tfsync', bytes(4096));
    const listing = await folder.list();
    expect(listing.entries.map(({ name, size }) => ({ name, size }))).toEqual([{ name: 'a.a.tfsync', size: 4096 }]);
    expect(listing.entries[0]?.etag).toMatch(/^(W\/)?"[0-9a-f]+-[0-9a-f]+"$/);
    expect(listing.entries[0]?.modified).toBeGreaterThan(0);
    // Apache sends Date: the skew check's independent clock, to the second.
    expect(Math.abs((listing.serverDate ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('puts, gets, replaces and removes bytes exactly, with names that need encoding', async () => {
    const { folder, onDisk } = await fresh();
    await folder.ensure();
    const names = ['x.a.tfsync', 'café & co.b.tfsync', 'per cent%20.tfsync', '#hash?.tfsync'];
    for (const [i, name] of names.entries()) await folder.put(name, bytes(5000 + i, i));
    expect((await folder.list()).entries.map((e) => e.name).sort()).toEqual([...names].sort());
    for (const [i, name] of names.entries()) {
      expect(await folder.get(name)).toEqual(bytes(5000 + i, i));
      expect(new Uint8Array(await readFile(onDisk(name)))).toEqual(bytes(5000 + i, i));
    }
    await folder.put('x.a.tfsync', bytes(10, 9));
    expect(await folder.get('x.a.tfsync')).toEqual(bytes(10, 9));
    await folder.remove('x.a.tfsync');
    await folder.remove('x.a.tfsync'); // already gone: not an error
    expect((await failure(folder.get('x.a.tfsync'))).code).toBe('not-found');
  });

  it('createOnce creates once, then says exists and leaves the file as it was', async () => {
    const { folder, onDisk } = await fresh();
    await folder.ensure();
    expect(await folder.createOnce('sync.json', bytes(50, 1))).toBe('created');
    expect(await folder.createOnce('sync.json', bytes(60, 2))).toBe('exists');
    expect(new Uint8Array(await readFile(onDisk('sync.json')))).toEqual(bytes(50, 1));
  });

  it('ensure under a folder that does not exist is folder-missing, naming it', async () => {
    const folder = webDavFolder({ url: `${dav.url}no-such-parent/`, ...USER });
    const e = await failure(folder.ensure());
    expect([e.code, e.details.status]).toEqual(['folder-missing', 409]);
    expect(e.message).toContain(`${dav.url}no-such-parent/`);
  });

  it('a wrong password is auth (401), and nothing is written', async () => {
    const { folder, onDisk } = await fresh({ password: 'wrong' });
    const e = await failure(folder.ensure());
    expect([e.code, e.details.status, e.text?.key]).toEqual(['auth', 401, 'syncdav_auth']);
    expect(await failure(folder.put('a.a.tfsync', bytes(10)))).toMatchObject({ code: 'auth' });
    await expect(readFile(onDisk('a.a.tfsync'))).rejects.toThrow();
  });

  it('sends what the spec says: Basic auth, no cookie, Depth 1, octet-stream, If-None-Match only on createOnce', async () => {
    const { folder } = await fresh({ viaProxy: true });
    proxy.requests.length = 0;
    await folder.ensure();
    await folder.put('a.a.tfsync', bytes(10));
    await folder.createOnce('sync.json', bytes(10));
    await folder.list();
    const seen = proxy.requests.map((r) => ({
      method: r.method,
      auth: r.headers.authorization,
      cookie: r.headers.cookie,
      depth: r.headers.depth,
      type: r.headers['content-type'],
      ifNoneMatch: r.headers['if-none-match'],
    }));
    expect(seen).toEqual([
      { method: 'MKCOL', auth: 'Basic', cookie: undefined, depth: undefined, type: undefined, ifNoneMatch: undefined },
      {
        method: 'PUT',
        auth: 'Basic',
        cookie: undefined,
        depth: undefined,
        type: 'application/octet-stream',
        ifNoneMatch: undefined,
      },
      {
        method: 'PUT',
        auth: 'Basic',
        cookie: undefined,
        depth: undefined,
        type: 'application/octet-stream',
        ifNoneMatch: '*',
      },
      {
        method: 'PROPFIND',
        auth: 'Basic',
        cookie: undefined,
        depth: '1',
        type: 'application/xml; charset=utf-8',
        ifNoneMatch: undefined,
      },
    ]);
    expect(
      proxy.requests.every((r) => r.path.startsWith(new URL(`${dav.url}`).pathname) && r.path.includes('/Twofold/')),
    ).toBe(true);
  });
});

describe('a Nextcloud-shaped server path, compressed answers', () => {
  let nc: WebDav;
  beforeAll(async () => {
    nc = await startWebDav({ basePath: '/remote.php/dav/files/alice/', deflate: true, users: [USER] });
  });
  afterAll(() => nc?.close());

  it('lists the bare ETag (never the -gzip one a GET serves) and reads bytes exactly', async () => {
    const folder = webDavFolder({ url: nc.url.replace(/\/$/, ''), ...USER });
    await folder.ensure();
    const body = new Uint8Array(20_000).fill(65); // compressible, so mod_deflate does compress it
    await folder.put('n.a.tfsync', body);
    const [entry] = (await folder.list()).entries;
    expect(entry?.name).toBe('n.a.tfsync');
    expect(entry?.etag).not.toContain('-gzip');
    expect(await folder.get('n.a.tfsync')).toEqual(body);
    const served = await fetch(`${nc.url}Twofold/n.a.tfsync`, {
      headers: { authorization: nc.authorization(), 'accept-encoding': 'gzip' },
    });
    await served.arrayBuffer();
    expect(served.headers.get('etag')).toContain('-gzip'); // what the listing's tag is kept apart from
  });
});

describe('failures through the fault proxy', () => {
  it('maps each injected status to its code, with the status and Retry-After', async () => {
    const { folder } = await fresh({ viaProxy: true });
    await folder.ensure();
    const table: [FaultStatus, string][] = [
      [401, 'auth'],
      [412, 'precondition'],
      [423, 'locked'],
      [500, 'server'],
      [503, 'server'],
      [507, 'full'],
    ];
    for (const [status, code] of table) {
      proxy.inject({ method: 'PUT', fault: { kind: 'status', status } });
      expect((await failure(folder.put('a.a.tfsync', bytes(10)))).details, String(status)).toEqual({ status });
      proxy.inject({ method: 'PROPFIND', fault: { kind: 'status', status, headers: { 'Retry-After': '90' } } });
      const e = await failure(folder.list());
      expect([e.code, e.details], String(status)).toEqual([code, { status, retryAfterMs: 90_000 }]);
    }
    const when = new Date(Date.now() + 3_600_000).toUTCString();
    proxy.inject({ method: 'GET', fault: { kind: 'status', status: 503, headers: { 'Retry-After': when } } });
    const e = await failure(folder.get('a.a.tfsync'));
    expect(e.details.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('an error page of any size is read as its status, never as a too-large answer', async () => {
    const { folder } = await fresh({ viaProxy: true });
    const page = 'x'.repeat(5 * 1024 * 1024);
    proxy.inject({ method: 'PROPFIND', fault: { kind: 'status', status: 503, body: page } });
    expect((await failure(folder.list())).code).toBe('server');
    proxy.inject({ method: 'MKCOL', fault: { kind: 'status', status: 507, body: page } });
    expect((await failure(folder.ensure())).code).toBe('full');
  });

  it('a PUT cut halfway is offline, and the file on the server is the previous one, whole', async () => {
    const { folder, onDisk } = await fresh({ viaProxy: true });
    await folder.ensure();
    await folder.put('a.a.tfsync', bytes(100_000, 1));
    proxy.inject({ method: 'PUT', fault: { kind: 'cut-request', afterBytes: 40_000 } });
    expect((await failure(folder.put('a.a.tfsync', bytes(100_000, 2)))).code).toBe('offline');
    expect(new Uint8Array(await readFile(onDisk('a.a.tfsync')))).toEqual(bytes(100_000, 1));
  });

  it('a listing cut short is bad-response; a GET cut mid-body is offline', async () => {
    const { folder } = await fresh({ viaProxy: true });
    await folder.ensure();
    await folder.put('a.a.tfsync', bytes(100_000));
    proxy.inject({ method: 'PROPFIND', fault: { kind: 'truncate-response', bytes: 300 } });
    expect((await failure(folder.list())).code).toBe('bad-response');
    proxy.inject({ method: 'GET', fault: { kind: 'cut-response', afterBytes: 30_000 } });
    expect((await failure(folder.get('a.a.tfsync'))).code).toBe('offline');
    // A GET that is complete but short (Content-Length matching) cannot be told apart here: the bytes come back,
    // and the device file's own checks refuse them (lib/sync/device-file.ts).
    proxy.inject({ method: 'GET', fault: { kind: 'truncate-response', bytes: 1000 } });
    expect((await folder.get('a.a.tfsync')).length).toBe(1000);
  });

  it('a server slower than the timeout is timeout', async () => {
    const { folder } = await fresh({ viaProxy: true, timeoutMs: 300 });
    proxy.inject({ method: 'MKCOL', fault: { kind: 'delay', ms: 1500 } });
    const e = await failure(folder.ensure());
    expect([e.code, e.text?.key]).toEqual(['timeout', 'syncdav_timeout']);
  });

  it('nothing listening is offline', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const folder = webDavFolder({ url: `http://127.0.0.1:${port}/dav/`, ...USER }, { timeoutMs: 5000 });
    expect((await failure(folder.list())).code).toBe('offline');
  });

  it('a listing above the cap is refused as it arrives', async () => {
    const { folder } = await fresh({ viaProxy: true });
    await folder.ensure();
    proxy.inject({
      method: 'PROPFIND',
      fault: { kind: 'alter-response', alter: (body) => Buffer.concat([body, Buffer.alloc(4 * 1024 * 1024, 32)]) },
    });
    const e = await failure(folder.list());
    expect([e.code, e.text?.key]).toEqual(['bad-response', 'syncdav_listing_too_large']);
  });
});

describe('what the transport refuses', () => {
  let redirector: Server;
  let target: Server;
  let targetHits = 0;
  let redirectOrigin = '';

  beforeAll(async () => {
    target = createServer((_req, res) => {
      targetHits += 1;
      res.writeHead(207).end();
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetPort = (target.address() as AddressInfo).port;
    // Any path answers a redirect to another origin, where the password must never go.
    redirector = createServer((req, res) => {
      res.writeHead(req.method === 'MKCOL' ? 301 : 307, { location: `http://localhost:${targetPort}${req.url}` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    redirectOrigin = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => redirector?.close(r));
    await new Promise((r) => target?.close(r));
  });

  it('does not follow a redirect: bad-response with its status, and the other origin hears nothing', async () => {
    const folder = webDavFolder({ url: `${redirectOrigin}/dav/`, ...USER });
    const listed = await failure(folder.list());
    expect([listed.code, listed.details.status, listed.text?.key]).toEqual(['bad-response', 307, 'syncdav_redirect']);
    expect((await failure(folder.ensure())).details.status).toBe(301);
    expect((await failure(folder.put('a.a.tfsync', bytes(10)))).code).toBe('bad-response');
    expect(targetHits).toBe(0);
  });

  it('reports a browser’s opaque-redirect answer (what redirect: manual gives a page) as the redirect it is', async () => {
    // Browsers hide a manual redirect's status behind type 'opaqueredirect', status 0 (Fetch standard,
    // "opaque-redirect filtered response"); Node hands the 3xx itself, tested above.
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as unknown as Response;
    const folder = webDavFolder(
      { url: 'https://cloud.example.org/dav/', user: 'u', password: 'p' },
      { fetch: async () => opaque },
    );
    const e = await failure(folder.list());
    expect([e.code, e.text?.key]).toEqual(['bad-response', 'syncdav_redirect']);
  });

  it('asks fetch for no credentials, no cache and no redirect following, with the password only in Authorization', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return new Response(null, { status: 201 });
    };
    await webDavFolder(
      { url: 'https://cloud.example.org/dav', user: 'zoë', password: 'pä:ss' },
      { fetch: fake },
    ).ensure();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('https://cloud.example.org/dav/Twofold/');
    expect(call?.init).toMatchObject({ method: 'MKCOL', credentials: 'omit', redirect: 'manual', cache: 'no-store' });
    const auth = (call?.init.headers as Record<string, string> | undefined)?.Authorization ?? '';
    expect(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8')).toBe('zoë:pä:ss');
  });

  it('refuses a name that is not a plain file name, before any request', async () => {
    const urls: string[] = [];
    const fake: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(new Uint8Array(1), { status: 200 });
    };
    const folder = webDavFolder({ url: 'https://cloud.example.org/dav/', user: 'u', password: 'p' }, { fetch: fake });
    for (const name of [
      'a/b',
      '../x',
      '/etc/passwd',
      '//evil.example/x',
      'a\\b',
      '..',
      '.',
      '',
      'a\nb',
      'x'.repeat(256),
    ]) {
      const e = await failure(folder.get(name));
      expect([e.code, e.text?.key], JSON.stringify(name)).toEqual(['origin-refused', 'syncdav_bad_name']);
      expect((await failure(folder.put(name, bytes(1)))).code).toBe('origin-refused');
      expect((await failure(folder.remove(name))).code).toBe('origin-refused');
    }
    expect(urls).toEqual([]);
    // Names that look like URLs stay names inside the folder.
    for (const name of ['http:evil.example', '%2e%2e', '?x=1', 'a#b', '@evil.example']) await folder.get(name);
    expect(urls.every((u) => u.startsWith('https://cloud.example.org/dav/Twofold/'))).toBe(true);
    expect(urls.map((u) => new URL(u).pathname.slice('/dav/Twofold/'.length))).toEqual([
      'http%3Aevil.example',
      '%252e%252e',
      '%3Fx%3D1',
      'a%23b',
      '%40evil.example',
    ]);
  });

  it('refuses a folder URL Twofold does not talk to before any request (plain http off this computer)', () => {
    expect(() => webDavFolder({ url: 'http://nas.local/webdav/', user: 'u', password: 'p' })).toThrow(
      expect.objectContaining({ code: 'origin-refused' }),
    );
  });

  it('reads a file as bytes, not text, and refuses one over the cap', async () => {
    const { folder, onDisk } = await fresh();
    await folder.ensure();
    await writeFile(onDisk('big.tfsync'), Buffer.alloc(33 * 1024 * 1024, 7));
    const e = await failure(folder.get('big.tfsync'));
    expect(e.code).toBe('too-large');
  });
});
