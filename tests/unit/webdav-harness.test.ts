import { readdir, readFile, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, type FaultStatus, startFaultProxy } from '../webdav/fault-proxy';
import { startWebDav, type WebDav } from '../webdav/server';

/*
 * The WebDAV test harness against the real server (Debian's Apache httpd + mod_dav_fs, tests/webdav/server.ts) and
 * the fault proxy in front of it (tests/webdav/fault-proxy.ts). It also pins the server behaviour the sync format
 * relies on or avoids (docs/sync-research.md §3): what Apache's ETags look like, which preconditions it enforces,
 * and that a PUT cut halfway leaves the old file.
 */

let dav: WebDav;
let proxy: FaultProxy;
let folderCount = 0;

beforeAll(async () => {
  dav = await startWebDav();
  proxy = await startFaultProxy(dav.origin);
});

// A test that failed before its rule was spent must not hand that rule to the next test.
afterEach(() => proxy.clear());

afterAll(async () => {
  await proxy?.close();
  await dav?.close();
});

const auth = () => ({ authorization: dav.authorization() });

/** A fresh folder per test, so tests share one server without seeing each other's files. */
async function folder(base = dav.url): Promise<string> {
  folderCount += 1;
  const url = `${base}t${folderCount}/`;
  const res = await fetch(url, { method: 'MKCOL', headers: auth() });
  expect(res.status).toBe(201);
  return url;
}

async function put(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(url, { method: 'PUT', headers: { ...auth(), ...headers }, body });
  await res.arrayBuffer();
  return res;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ res: Response; text: string }> {
  const res = await fetch(url, { headers: { ...auth(), ...headers } });
  return { res, text: await res.text() };
}

/** The file on disk behind a URL under dav.url. */
const onDisk = (url: string) => join(dav.dir, ...decodeURI(url.slice(dav.url.length)).split('/'));

/**
 * Apache marks an ETag weak while the file's mtime is within the last second (it cannot tell two writes in that
 * second apart); dating the file back a minute makes the ETag strong without waiting.
 */
async function ageFile(url: string): Promise<void> {
  const old = new Date(Date.now() - 60_000);
  await utimes(onDisk(url), old, old);
}

const xml = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true });

interface DavEntry {
  href: string;
  etag?: string;
  length?: number;
  collection: boolean;
}

function parseMultistatus(body: string): DavEntry[] {
  const doc = xml.parse(body) as { multistatus: { response: unknown } };
  const responses = [doc.multistatus.response].flat() as {
    href: string;
    propstat: { prop: Record<string, unknown> } | { prop: Record<string, unknown> }[];
  }[];
  return responses.map((r) => {
    const prop = Object.assign({}, ...[r.propstat].flat().map((p) => p.prop)) as Record<string, unknown>;
    const rt = prop.resourcetype;
    return {
      href: r.href,
      etag: prop.getetag === undefined ? undefined : String(prop.getetag),
      length: prop.getcontentlength === undefined ? undefined : Number(prop.getcontentlength),
      collection: typeof rt === 'object' && rt !== null && 'collection' in rt,
    };
  });
}

/** The ETag a Depth 0 PROPFIND lists for one file. */
async function listedEtag(url: string): Promise<string | undefined> {
  const res = await fetch(url, { method: 'PROPFIND', headers: { ...auth(), depth: '0' } });
  return parseMultistatus(await res.text())[0]?.etag;
}

describe('the Apache WebDAV server', () => {
  it('creates a folder with MKCOL, refuses it twice (405) and under a missing parent (409)', async () => {
    const url = await folder();
    expect((await fetch(url, { method: 'MKCOL', headers: auth() })).status).toBe(405);
    expect((await fetch(`${url}missing/child/`, { method: 'MKCOL', headers: auth() })).status).toBe(409);
    expect((await stat(onDisk(url))).isDirectory()).toBe(true);
  });

  it('stores a PUT (201 new, 204 replaced) and serves it back with GET', async () => {
    const url = `${await folder()}dev.a.tfsync`;
    expect((await put(url, 'first')).status).toBe(201);
    expect((await put(url, 'second')).status).toBe(204);
    const { res, text } = await get(url);
    expect(res.status).toBe(200);
    expect(text).toBe('second');
    expect(await readFile(onDisk(url), 'utf8')).toBe('second');
  });

  it('lists a folder with PROPFIND Depth 1: one response per member with href, getetag and length', async () => {
    const base = await folder();
    await put(`${base}a.tfsync`, 'aaaa');
    await put(`${base}b.tfsync`, 'bbbbbbbb');
    await fetch(`${base}sub/`, { method: 'MKCOL', headers: auth() });
    const res = await fetch(base, { method: 'PROPFIND', headers: { ...auth(), depth: '1' } });
    expect(res.status).toBe(207);
    const body = await res.text();
    // Apache names DAV: properties with its own prefix (lp1:), so a reader must go by namespace, not by "d:".
    expect(body).toMatch(/<lp1:getetag>/);
    const entries = parseMultistatus(body);
    const path = new URL(base).pathname;
    expect(entries.map((e) => e.href).sort()).toEqual(
      [path, `${path}a.tfsync`, `${path}b.tfsync`, `${path}sub/`].sort(),
    );
    const byHref = new Map(entries.map((e) => [e.href, e]));
    expect(byHref.get(`${path}a.tfsync`)).toMatchObject({ length: 4, collection: false });
    expect(byHref.get(`${path}b.tfsync`)).toMatchObject({ length: 8, collection: false });
    expect(byHref.get(`${path}sub/`)?.collection).toBe(true);
    // The listing's ETag is the one GET serves (no compression here).
    const { res: got } = await get(`${base}a.tfsync`);
    expect(byHref.get(`${path}a.tfsync`)?.etag).toBe(got.headers.get('etag'));
  });

  it('refuses If-None-Match: * on an existing file (412) and accepts it for a new one', async () => {
    const url = `${await folder()}sync.json`;
    expect((await put(url, '{"first":true}', { 'if-none-match': '*' })).status).toBe(201);
    expect((await put(url, '{"second":true}', { 'if-none-match': '*' })).status).toBe(412);
    expect((await get(url)).text).toBe('{"first":true}');
  });

  it('refuses If-Match with a stale ETag (412) and accepts the current strong one', async () => {
    const url = `${await folder()}x.tfsync`;
    await put(url, 'one');
    await ageFile(url);
    const stale = (await get(url)).res.headers.get('etag') ?? '';
    await put(url, 'two!');
    await ageFile(url);
    const current = (await get(url)).res.headers.get('etag') ?? '';
    expect(current).not.toBe(stale);
    expect((await put(url, 'lost', { 'if-match': stale })).status).toBe(412);
    expect((await get(url)).text).toBe('two!');
    expect((await put(url, 'three', { 'if-match': current })).status).toBe(204);
    expect((await get(url)).text).toBe('three');
  });

  it('deletes a file (204), after which GET is 404', async () => {
    const url = `${await folder()}gone.tfsync`;
    await put(url, 'bye');
    const res = await fetch(url, { method: 'DELETE', headers: auth() });
    expect(res.status).toBe(204);
    expect((await get(url)).res.status).toBe(404);
  });

  it('honours a LOCK: a PUT without the lock token gets 423, with it 204, and UNLOCK frees the file', async () => {
    const url = `${await folder()}locked.tfsync`;
    await put(url, 'mine');
    const lockinfo =
      '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>' +
      '<D:locktype><D:write/></D:locktype><D:owner>harness</D:owner></D:lockinfo>';
    const lock = await fetch(url, {
      method: 'LOCK',
      headers: { ...auth(), 'content-type': 'application/xml', timeout: 'Second-60' },
      body: lockinfo,
    });
    await lock.arrayBuffer();
    expect(lock.status).toBe(200);
    const token = lock.headers.get('lock-token') ?? '';
    expect(token).toMatch(/^<opaquelocktoken:.+>$/);
    expect((await put(url, 'theirs')).status).toBe(423);
    expect((await get(url)).text).toBe('mine');
    expect((await put(url, 'mine again', { if: `(${token})` })).status).toBe(204);
    const unlock = await fetch(url, { method: 'UNLOCK', headers: { ...auth(), 'lock-token': token } });
    expect(unlock.status).toBe(204);
    expect((await put(url, 'theirs')).status).toBe(204);
  });

  it('answers 401 with a Basic challenge without credentials or with a wrong password', async () => {
    const url = `${await folder()}secret.tfsync`;
    await put(url, 'data');
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(url, {
      headers: { authorization: dav.authorization({ user: dav.user, password: `${dav.password}x` }) },
    });
    expect(wrong.status).toBe(401);
    const putNoAuth = await fetch(url, { method: 'PUT', body: 'overwrite' });
    expect(putNoAuth.status).toBe(401);
    expect((await get(url)).text).toBe('data');
  });
  it('answers a CORS preflight with 401 and no Access-Control headers, so only a browser that skips CORS gets through', async () => {
    const res = await fetch(await folder(), {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'access-control-request-method': 'PROPFIND',
        'access-control-request-headers': 'authorization, depth',
      },
    });
    await res.arrayBuffer();
    expect(res.status).toBe(401);
    expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });
});

describe("Apache's ETags (facts for docs/sync-research.md §3)", () => {
  it('PUT answers without an ETag; a file written within the last second has a weak one, an older file a strong one', async () => {
    const url = `${await folder()}e.tfsync`;
    const created = await put(url, 'fresh');
    expect(created.headers.get('etag')).toBeNull();
    const fresh = (await get(url)).res.headers.get('etag') ?? '';
    expect(fresh).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(await listedEtag(url)).toBe(fresh);
    await ageFile(url);
    const strong = (await get(url)).res.headers.get('etag') ?? '';
    // FileETag's default "MTime Size": hex size, hex mtime in microseconds.
    expect(strong).toMatch(/^"5-[0-9a-f]+"$/);
    expect(await listedEtag(url)).toBe(strong);
  });

  it('an untouched file turns its weak ETag into the same tag without W/ once a second has passed', async () => {
    // A cache keyed on listed ETags therefore downloads such a file once more (docs/sync-format.md, round trip).
    const url = `${await folder()}same.tfsync`;
    await put(url, 'unchanged');
    const fresh = (await get(url)).res.headers.get('etag') ?? '';
    expect(fresh.startsWith('W/')).toBe(true);
    await expect
      .poll(async () => (await get(url)).res.headers.get('etag'), { timeout: 10_000, interval: 250 })
      .toBe(fresh.slice(2));
    expect(await listedEtag(url)).toBe(fresh.slice(2));
  });

  it('a weak ETag never satisfies If-Match, even when it names the current file (RFC 9110 §13.1.1)', async () => {
    const url = `${await folder()}w.tfsync`;
    await put(url, 'fresh');
    const weak = (await get(url)).res.headers.get('etag') ?? '';
    expect(weak.startsWith('W/')).toBe(true);
    expect((await put(url, 'next', { 'if-match': weak })).status).toBe(412);
    expect((await get(url)).text).toBe('fresh');
  });

  it('with mod_deflate, GET serves the ETag with -gzip, If-Match refuses that tag and accepts the bare one; PROPFIND lists the bare one', async () => {
    const zipped = await startWebDav({ deflate: true });
    try {
      const h = { authorization: zipped.authorization() };
      const url = `${zipped.url}z.tfsync`;
      const body = 'z'.repeat(3000);
      expect((await fetch(url, { method: 'PUT', headers: h, body })).status).toBe(201);
      const old = new Date(Date.now() - 60_000);
      await utimes(join(zipped.dir, 'z.tfsync'), old, old);
      const gz = await fetch(url, { headers: { ...h, 'accept-encoding': 'gzip' } });
      expect(await gz.text()).toBe(body);
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      const served = gz.headers.get('etag') ?? '';
      expect(served).toMatch(/^"[0-9a-f]+-[0-9a-f]+-gzip"$/);
      const plain = await fetch(url, { headers: { ...h, 'accept-encoding': 'identity' } });
      await plain.arrayBuffer();
      const bare = plain.headers.get('etag') ?? '';
      expect(bare).toBe(served.replace('-gzip', ''));
      const listing = await fetch(zipped.url, { method: 'PROPFIND', headers: { ...h, depth: '1' } });
      const entry = parseMultistatus(await listing.text()).find((e) => e.href.endsWith('/z.tfsync'));
      expect(entry?.etag).toBe(bare);
      const echoed = await fetch(url, { method: 'PUT', headers: { ...h, 'if-match': served }, body: 'lost' });
      expect(echoed.status).toBe(412);
      const ok = await fetch(url, { method: 'PUT', headers: { ...h, 'if-match': bare }, body: 'kept' });
      expect(ok.status).toBe(204);
    } finally {
      await zipped.close();
    }
  });
});

describe('startWebDav', () => {
  it('runs several servers side by side on their own ports and folders, and close() removes everything', async () => {
    const [a, b] = await Promise.all([
      startWebDav({ basePath: '/remote.php/dav/files/alice/', users: [{ user: 'alice', password: 'pw-a' }] }),
      startWebDav(),
    ]);
    try {
      expect(a.origin).not.toBe(b.origin);
      expect(a.dir).not.toBe(b.dir);
      expect(a.url).toBe(`${a.origin}/remote.php/dav/files/alice/`);
      expect(a.user).toBe('alice');
      const res = await fetch(`${a.url}only-a.txt`, {
        method: 'PUT',
        headers: { authorization: a.authorization() },
        body: 'a',
      });
      expect(res.status).toBe(201);
      expect(await readFile(join(a.dir, 'only-a.txt'), 'utf8')).toBe('a');
      expect(await readdir(b.dir)).toEqual([]);
      // One server's credentials do not open the other.
      expect((await fetch(b.url, { headers: { authorization: a.authorization() } })).status).toBe(401);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    await expect(stat(a.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fetch(`${a.origin}/`)).rejects.toThrow();
  });

  it('admits every configured user', async () => {
    const users = [
      { user: 'one', password: 'first pass' },
      { user: 'two', password: 'second pass' },
    ];
    const multi = await startWebDav({ users });
    try {
      for (const u of users) {
        const res = await fetch(multi.url, {
          method: 'PROPFIND',
          headers: { authorization: multi.authorization(u), depth: '0' },
        });
        await res.arrayBuffer();
        expect(res.status).toBe(207);
      }
    } finally {
      await multi.close();
    }
  });
});

describe('the fault proxy', () => {
  const via = (url: string) => url.replace(dav.origin, proxy.origin);

  it('forwards unchanged when no rule matches, and records method, path and headers without the credentials', async () => {
    const url = `${await folder()}p.tfsync`;
    proxy.requests.length = 0;
    expect((await put(via(url), 'through')).status).toBe(201);
    expect((await get(via(url))).text).toBe('through');
    expect(proxy.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['PUT', new URL(url).pathname, 201],
      ['GET', new URL(url).pathname, 200],
    ]);
    for (const r of proxy.requests) {
      expect(r.headers.authorization).toBe('Basic');
      expect(JSON.stringify(r)).not.toContain(dav.authorization().slice('Basic '.length));
      expect(JSON.stringify(r)).not.toContain(dav.password);
    }
  });

  it.each<FaultStatus>([500, 503, 507, 401, 412, 423])(
    'answers %i for a matching PUT without forwarding it, once',
    async (status) => {
      const url = `${await folder()}s.tfsync`;
      await put(url, 'before');
      proxy.inject({ method: 'PUT', path: new URL(url).pathname, fault: { kind: 'status', status } });
      const res = await put(via(url), 'after');
      expect(res.status).toBe(status);
      if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await readFile(onDisk(url), 'utf8')).toBe('before');
      expect(proxy.requests.at(-1)).toMatchObject({ method: 'PUT', fault: 'status', status });
      // The rule is spent: the same request now reaches the server.
      expect((await put(via(url), 'after')).status).toBe(204);
      expect(await readFile(onDisk(url), 'utf8')).toBe('after');
    },
  );

  it('applies a rule `times` times, matches paths by RegExp and methods exactly, and clear() drops rules', async () => {
    const base = await folder();
    await put(`${base}r.tfsync`, 'r');
    proxy.inject({ method: 'GET', path: /\.tfsync$/, times: 2, fault: { kind: 'status', status: 503 } });
    expect((await fetch(via(base), { method: 'PROPFIND', headers: { ...auth(), depth: '1' } })).status).toBe(207);
    expect((await get(via(`${base}r.tfsync`))).res.status).toBe(503);
    expect((await get(via(`${base}r.tfsync`))).res.status).toBe(503);
    expect((await get(via(`${base}r.tfsync`))).res.status).toBe(200);
    proxy.inject({ path: /r\.tfsync$/, times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: 500 } });
    expect((await get(via(`${base}r.tfsync`))).res.status).toBe(500);
    expect((await put(via(`${base}r.tfsync`), 'x')).status).toBe(500);
    proxy.clear();
    expect((await get(via(`${base}r.tfsync`))).res.status).toBe(200);
  });

  it('cuts a PUT halfway through its body: the client gets no answer and Apache keeps the old file whole', async () => {
    const url = `${await folder()}cut.tfsync`;
    await put(url, 'the previous complete state');
    const big = 'N'.repeat(64 * 1024);
    proxy.inject({ method: 'PUT', fault: { kind: 'cut-request', afterBytes: 20_000 } });
    await expect(put(via(url), big)).rejects.toThrow();
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'PUT', fault: 'cut-request' });
    expect(proxy.requests.at(-1)?.status).toBeUndefined();
    // The partial body did reach Apache (it logs the short read), yet the file is the old one: mod_dav_fs writes
    // to a .davfs.tmp file and renames only a complete body over the target, removing the temp file otherwise.
    await expect
      .poll(() => readFile(dav.errorLog, 'utf8'))
      .toContain(`An error occurred while reading the request body (URI: ${new URL(url).pathname})`);
    expect((await get(url)).text).toBe('the previous complete state');
    const folderPath = onDisk(url).slice(0, -'cut.tfsync'.length);
    await expect.poll(() => readdir(folderPath)).toEqual(['cut.tfsync']);
  });

  it('cuts a response halfway through its body: the client sees the status, then a failed read', async () => {
    const url = `${await folder()}half.tfsync`;
    await put(url, 'H'.repeat(50_000));
    proxy.inject({ method: 'GET', fault: { kind: 'cut-response', afterBytes: 10_000 } });
    const res = await fetch(via(url), { headers: { ...auth(), 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('delays a request: a client with a shorter timeout gives up, and the answer is intact otherwise', async () => {
    const url = `${await folder()}slow.tfsync`;
    await put(url, 'slow');
    proxy.inject({ method: 'GET', fault: { kind: 'delay', ms: 3_000 } });
    await expect(fetch(via(url), { headers: auth(), signal: AbortSignal.timeout(100) })).rejects.toThrow();
    proxy.inject({ method: 'GET', fault: { kind: 'delay', ms: 10 } });
    expect((await get(via(url))).text).toBe('slow');
    expect(proxy.requests.at(-1)).toMatchObject({ fault: 'delay', status: 200 });
  });

  it('truncates a response body cleanly (matching Content-Length), and alters one', async () => {
    const url = `${await folder()}short.tfsync`;
    const body = 'abcdefghijklmnopqrstuvwxyz';
    await put(url, body);
    proxy.inject({ method: 'GET', fault: { kind: 'truncate-response', bytes: 10 } });
    const short = await get(via(url), { 'accept-encoding': 'identity' });
    expect(short.res.status).toBe(200);
    expect(short.text).toBe(body.slice(0, 10));
    expect(short.res.headers.get('content-length')).toBe('10');
    proxy.inject({
      method: 'GET',
      fault: { kind: 'alter-response', alter: (b) => Buffer.from(b.toString().toUpperCase()) },
    });
    expect((await get(via(url), { 'accept-encoding': 'identity' })).text).toBe(body.toUpperCase());
    expect((await get(via(url))).text).toBe(body);
    expect(await readFile(onDisk(url), 'utf8')).toBe(body);
  });
});
