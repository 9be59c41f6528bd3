import { base64, utf8 } from '@scure/base';
import { SyncError } from '../lib/sync/errors';
import type { FolderListing, SyncFolder } from '../lib/sync/folder';
import { davText, serverDateOf, statusError } from '../lib/sync/http-status';
import { MAX_LISTING_BYTES, MAX_LISTING_ENTRIES, parseListing } from '../lib/sync/webdav-listing';
import { normaliseFolderUrl } from '../lib/sync/webdav-url';

/*
 * The sync folder over WebDAV (docs/sync-format.md "What is stored where" and "Network, permissions and CSP"):
 * `<configured URL>/Twofold/`, one file per name. The only place in Twofold that makes network requests (biome.json
 * forbids `fetch` and `XMLHttpRequest` everywhere else), so it is also where requests are kept to the one origin
 * the person configured: the manifest's `connect-src` has to allow any https origin (a CSP is fixed at build time).
 *
 * Every request: `credentials: 'omit'` with an explicit `Authorization: Basic` header (no cookies, so no Nextcloud
 * CSRF check, and no browser login prompt on a 401: Fetch standard, "HTTP-network-or-cache fetch"), `cache:
 * 'no-store'` (a listing or a file served from a cache would hide another device's write), and `redirect:
 * 'manual'`: a redirect is never followed (it could carry the password to another origin), and unlike `'error'`,
 * which fails as a network error a browser cannot tell from being offline, it comes back as an opaque-redirect
 * response (Fetch standard, "HTTP-redirect fetch") that is reported as the redirect it is ('bad-response').
 *
 * Works wherever `fetch` does: Chromium's service worker, Firefox's background page, Node 20 (the tests).
 */

export interface WebDavConfig {
  url: string;
  user: string;
  password: string;
}

export interface WebDavOptions {
  /** The fetch to use (tests); the global one by default. */
  fetch?: typeof fetch;
  /** Per request, from its start to the end of its body; default 30 s (docs/sync-format.md "Failures"). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** The folder Twofold works in, inside the configured URL. */
export const SYNC_FOLDER = 'Twofold/';
/** Largest file read: far above any device file a vault can produce (the codec has its own, lower caps). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_NAME_LENGTH = 255;

// RFC 4918 §9.1: a PROPFIND naming the properties wanted; the listing needs no others.
const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?>\n' +
  '<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/><d:getlastmodified/><d:getcontentlength/>' +
  '</d:prop></d:propfind>';

interface Exchange {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export function webDavFolder(config: WebDavConfig, opts: WebDavOptions = {}): SyncFolder {
  const base = normaliseFolderUrl(config.url);
  const folderUrl = new URL(SYNC_FOLDER, base).href;
  const origin = new URL(base).origin;
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // RFC 7617 §2.1: user-id ":" password, UTF-8 (the charset Nextcloud and Apache 2.4 take), base64.
  const authorization = `Basic ${base64.encode(utf8.decode(`${config.user}:${config.password}`))}`; // i18n-ignore: an HTTP auth scheme

  /** The URL of a file in the folder; only a plain name is accepted. */
  const fileUrl = (name: string): string => {
    if (
      name === '' ||
      name.length > MAX_NAME_LENGTH ||
      name === '.' ||
      name === '..' ||
      /[/\\]/.test(name) ||
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
      /[\u0000-\u001f\u007f]/.test(name)
    )
      throw new SyncError('origin-refused', davText('syncdav_bad_name', JSON.stringify(name)));
    return `${folderUrl}${encodeURIComponent(name)}`;
  };

  /**
   * One request, guarded and timed (body included). The answer's body is read (up to `read.cap` bytes) only for the
   * status that carries what was asked for, `read.status`; any other body (an error page) is dropped unread, so its
   * size never matters. Throws SyncError for no answer or a 3xx.
   */
  const send = async (
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | string; read?: { status: number; cap: number } },
  ): Promise<Exchange> => {
    // The guard: nothing leaves for any origin but the configured one, and nothing outside its Twofold/ folder.
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new SyncError('origin-refused', davText('syncdav_outside_origin', origin));
    }
    if (target.origin !== origin || !target.href.startsWith(folderUrl))
      throw new SyncError('origin-refused', davText('syncdav_outside_origin', origin));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(target.href, {
        method,
        headers: { Authorization: authorization, ...init.headers },
        // A copy backed by a plain ArrayBuffer, which BodyInit asks for (a caller's view may sit on any buffer).
        body: typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body),
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        await res.body?.cancel().catch(() => undefined);
        throw new SyncError('bad-response', davText('syncdav_redirect'), { status: res.status });
      }
      if (init.read?.status !== res.status) {
        await res.body?.cancel().catch(() => undefined);
        return { status: res.status, headers: res.headers, body: new Uint8Array(0) };
      }
      const body = await readCapped(res, init.read.cap);
      return { status: res.status, headers: res.headers, body };
    } catch (e) {
      if (e instanceof SyncError) throw e;
      if (controller.signal.aborted) throw new SyncError('timeout', davText('syncdav_timeout'), {}, { cause: e });
      // Fetch rejects with a TypeError for every network error (no network, DNS, TLS, refused, cut): a browser says
      // no more than that, on purpose (Fetch standard, "network error").
      throw new SyncError('offline', davText('syncdav_offline'), {}, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  };

  const failure = (ex: Exchange, method: string, what: string): SyncError =>
    statusError(ex.status, { method, what }, ex.headers.get('retry-after'), Date.now());
  const ok = (status: number) => status >= 200 && status < 300;

  return {
    async list(): Promise<FolderListing> {
      const ex = await send('PROPFIND', folderUrl, {
        headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
        body: PROPFIND_BODY,
        read: { status: 207, cap: MAX_LISTING_BYTES },
      });
      const serverDate = serverDateOf(ex.headers.get('date'));
      const listing = (entries: FolderListing['entries']): FolderListing =>
        serverDate === undefined ? { entries } : { entries, serverDate };
      // The folder is not there yet: an empty listing (folder.ts); `ensure` creates it before anything is written.
      if (ex.status === 404) return listing([]);
      if (ex.status !== 207) throw ok(ex.status) ? unexpected(ex.status) : failure(ex, 'PROPFIND', SYNC_FOLDER);
      return listing(parseListing(ex.body, folderUrl));
    },

    async ensure(): Promise<void> {
      const ex = await send('MKCOL', folderUrl, {});
      // 201 created; 405 Method Not Allowed: something is already there (RFC 4918 §9.3.1).
      if (ok(ex.status) || ex.status === 405) return;
      throw failure(ex, 'MKCOL', base);
    },

    async get(name: string): Promise<Uint8Array> {
      const ex = await send('GET', fileUrl(name), { read: { status: 200, cap: MAX_FILE_BYTES } });
      if (ex.status === 200) return ex.body;
      throw ok(ex.status) ? unexpected(ex.status) : failure(ex, 'GET', name);
    },

    async put(name: string, body: Uint8Array): Promise<void> {
      const ex = await send('PUT', fileUrl(name), {
        headers: { 'Content-Type': 'application/octet-stream' },
        body,
      });
      if (!ok(ex.status)) throw failure(ex, 'PUT', name);
    },

    async createOnce(name: string, body: Uint8Array): Promise<'created' | 'exists'> {
      const ex = await send('PUT', fileUrl(name), {
        headers: { 'Content-Type': 'application/octet-stream', 'If-None-Match': '*' },
        body,
      });
      if (ok(ex.status)) return 'created';
      // RFC 9110 §13.1.2: `If-None-Match: *` fails with 412 when a current representation exists.
      if (ex.status === 412) return 'exists';
      throw failure(ex, 'PUT', name);
    },

    async remove(name: string): Promise<void> {
      const ex = await send('DELETE', fileUrl(name), {});
      if (ok(ex.status) || ex.status === 404) return;
      throw failure(ex, 'DELETE', name);
    },
  };
}

function unexpected(status: number): SyncError {
  return new SyncError('bad-response', davText('syncdav_unexpected_status', status), { status });
}

/** The whole body, refusing more than `cap` bytes (a hostile or broken server cannot fill the memory). */
async function readCapped(res: Response, cap: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(cap, res.status);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(cap, res.status);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(cap: number, status: number): SyncError {
  return cap === MAX_LISTING_BYTES
    ? new SyncError('bad-response', davText('syncdav_listing_too_large', MAX_LISTING_ENTRIES), { status })
    : new SyncError('too-large', davText('syncdav_file_too_large'), { status });
}
