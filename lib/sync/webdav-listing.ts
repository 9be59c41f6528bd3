import { XMLValidator } from 'fast-xml-parser';
import { untrustedXmlParser } from '../encoding/untrusted-xml';
import { SyncError } from './errors';
import type { RemoteEntry } from './folder';
import { davText } from './http-status';

/*
 * Reads the 207 Multi-Status body of `PROPFIND Depth: 1` on the sync folder (RFC 4918 §9.1, §13, §14.16). The
 * service worker has no DOMParser, so this uses fast-xml-parser, which does not resolve namespaces: elements are
 * matched here by namespace URI `DAV:` and local name, tracking `xmlns`/`xmlns:p` declarations in scope, never by
 * prefix (Apache's mod_dav writes `D:` and `lp1:` for the same namespace, sabre/dav `d:`; docs/sync-research.md §3).
 *
 * Safety: a server is not trusted. The body is capped (MAX_LISTING_BYTES, before parsing), and so are the responses
 * (MAX_LISTING_ENTRIES) and the nesting; a document type declaration is refused, so no entity can be declared or
 * expanded; only XML's predefined entities and character references are decoded. Anything unreadable is
 * 'bad-response'.
 */

export const MAX_LISTING_BYTES = 4 * 1024 * 1024;
/** Responses in one listing: a folder holds sync.json and two slots per device (lib/sync device cap 64), so 1,000 is lavish. */
export const MAX_LISTING_ENTRIES = 1000;
const MAX_NESTING = 16;
const DAV = 'DAV:';

type Node = Record<string, unknown>;
type Scope = ReadonlyMap<string, string>;

interface Element {
  ns: string | undefined;
  local: string;
  children: Element[];
  text: string;
}

const parser = untrustedXmlParser(MAX_NESTING);

function bad(why: string): SyncError {
  return new SyncError('bad-response', davText('syncdav_listing_malformed', why));
}

/**
 * The files directly inside `folderUrl` (the URL the PROPFIND went to), from the listing's body. Collections and the
 * folder itself are left out; a `response` outside the folder, or one whose properties were not found (a propstat
 * other than 200), is skipped.
 */
export function parseListing(body: Uint8Array | string, folderUrl: string): RemoteEntry[] {
  const size = typeof body === 'string' ? body.length : body.byteLength;
  if (size > MAX_LISTING_BYTES)
    throw new SyncError('bad-response', davText('syncdav_listing_too_large', MAX_LISTING_ENTRIES));
  let xml: string;
  try {
    xml = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw bad('not UTF-8');
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw bad('a document type declaration');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw bad(`line ${valid.err.line}: ${valid.err.msg}`);
  let doc: Node[];
  try {
    doc = parser.parse(xml) as Node[];
  } catch (e) {
    throw bad(String((e as Error)?.message ?? e));
  }
  const roots = doc.flatMap((n) => element(n, new Map()) ?? []);
  const root = roots[0];
  if (roots.length !== 1 || !root || !isDav(root, 'multistatus')) throw bad('no DAV:multistatus');
  const responses = root.children.filter((c) => isDav(c, 'response'));
  if (responses.length > MAX_LISTING_ENTRIES)
    throw new SyncError('bad-response', davText('syncdav_listing_too_large', MAX_LISTING_ENTRIES));
  const folder = new URL(folderUrl);
  const folderPath = decodePath(folder.pathname.endsWith('/') ? folder.pathname : `${folder.pathname}/`);
  const entries: RemoteEntry[] = [];
  const names = new Set<string>();
  for (const response of responses) {
    const entry = readResponse(response, folder, folderPath);
    if (!entry || names.has(entry.name)) continue;
    names.add(entry.name);
    entries.push(entry);
  }
  return entries;
}

function readResponse(response: Element, folder: URL, folderPath: string): RemoteEntry | undefined {
  // RFC 4918 §14.24: a response is `href, ((href*, status) | (propstat+))`; the first form (a status for one or more
  // resources, e.g. 404) lists no properties, so no file.
  if (!response.children.some((c) => isDav(c, 'propstat'))) return undefined;
  const hrefs = response.children.filter((c) => isDav(c, 'href'));
  const href = hrefs[0];
  if (hrefs.length !== 1 || !href) throw bad('a response without exactly one href');
  let target: URL;
  try {
    // Absolute (`http://host/dav/x`) or an absolute path (`/dav/x`), both allowed (RFC 4918 §8.3); resolved against
    // the folder. Only the path is compared: a server behind a proxy may name itself by another host.
    target = new URL(href.text.trim(), folder);
  } catch {
    throw bad('an unreadable href');
  }
  const path = decodePath(target.pathname);
  if (path === folderPath || `${path}/` === folderPath) return undefined; // the folder itself
  if (!path.startsWith(folderPath)) return undefined;
  const name = path.slice(folderPath.length);
  // A member collection (`sub/`) or something deeper is not a file of the folder.
  if (name === '' || name.includes('/')) return undefined;
  const props = response.children
    .filter((c) => isDav(c, 'propstat'))
    .filter((ps) => /^HTTP\/\d(\.\d)? 200\b/.test(childText(ps, 'status') ?? ''))
    .flatMap((ps) => ps.children.filter((c) => isDav(c, 'prop')))
    .flatMap((p) => p.children);
  const prop = (local: string) => props.find((p) => isDav(p, local));
  const type = prop('resourcetype');
  if (type?.children.some((c) => isDav(c, 'collection'))) return undefined;
  const length = prop('getcontentlength')?.text.trim();
  if (length === undefined || !/^\d{1,15}$/.test(length)) throw bad(`no size for ${name}`);
  const entry: RemoteEntry = { name, size: Number(length) };
  const etag = prop('getetag')?.text.trim();
  if (etag) entry.etag = etag;
  const modified = Date.parse(prop('getlastmodified')?.text.trim() ?? '');
  if (Number.isFinite(modified)) entry.modified = modified;
  return entry;
}

function childText(el: Element, local: string): string | undefined {
  return el.children.find((c) => isDav(c, local))?.text.trim();
}

function isDav(el: Element, local: string): boolean {
  return el.ns === DAV && el.local === local;
}

/** A percent-encoded path, decoded (a `%2F` in a name becomes a slash, so that entry is no plain name and is skipped). */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw bad('a malformed percent-encoding in an href');
  }
}

/** The element of a preserveOrder node, namespace resolved; undefined for text, comments and the like. */
function element(node: Node, outer: Scope): Element | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (tag === undefined) return undefined;
  const attrs = (typeof node[':@'] === 'object' && node[':@'] !== null ? node[':@'] : {}) as Record<string, unknown>;
  let scope: Map<string, string> | undefined;
  for (const [name, value] of Object.entries(attrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    scope ??= new Map(outer);
    scope.set(name === 'xmlns' ? '' : name.slice(6), decodeText(String(value)));
  }
  const inScope = scope ?? outer;
  const colon = tag.indexOf(':');
  const prefix = colon < 0 ? '' : tag.slice(0, colon);
  const ns = inScope.get(prefix);
  if (colon >= 0 && ns === undefined) throw bad(`the undeclared prefix ${prefix}`);
  const children: Element[] = [];
  let text = '';
  const kids = node[tag];
  if (Array.isArray(kids)) {
    for (const kid of kids as Node[]) {
      const t = kid['#text'];
      if (typeof t === 'string' || typeof t === 'number') text += String(t);
      const child = element(kid, inScope);
      if (child) children.push(child);
    }
  }
  return {
    ns: ns === '' ? undefined : ns,
    local: colon < 0 ? tag : tag.slice(colon + 1),
    children,
    text: decodeText(text),
  };
}

const PREDEFINED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

/** XML's five predefined entities and character references (XML 1.0 §4.1, §4.6); any other `&` is malformed. */
function decodeText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&([^;&\s]{1,10});|&/g, (all, name: string | undefined) => {
    if (name === undefined) throw bad('a bare &');
    if (Object.hasOwn(PREDEFINED, name)) return PREDEFINED[name] as string;
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(name)
      ? Number.parseInt(name.slice(2), 16)
      : /^#\d{1,7}$/.test(name)
        ? Number(name.slice(1))
        : undefined;
    if (code === undefined || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw bad(`the entity ${all}`);
    return String.fromCodePoint(code);
  });
}
