import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { MAX_LISTING_BYTES, MAX_LISTING_ENTRIES, parseListing } from '../../../lib/sync/webdav-listing';

/*
 * The PROPFIND listing parser (lib/sync/webdav-listing.ts) on samples written for this test, in the shapes real
 * servers send:
 * - APACHE: Debian's Apache 2.4 mod_dav_fs, as it answered `PROPFIND Depth: 1` in tests/webdav/server.ts (the members'
 *   live properties under the prefix `lp1:`, declared per response, dead ones under `D:`; trimmed of lock
 *   discovery).
 * - SABRE: sabre/dav as Nextcloud and ownCloud run it: prefix `d:`, Nextcloud's own namespaces declared on the root,
 *   percent-encoded hrefs, a propstat 404 for properties a resource lacks.
 * - RFC: RFC 4918 §9.1's examples' style (§9.1.3, §9.1.4): the default namespace `xmlns="DAV:"`, absolute URLs
 *   in `href`.
 */

const APACHE_FOLDER = 'http://127.0.0.1:8080/dav/Twofold/';
const APACHE = `<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>/dav/Twofold/</D:href>
<D:propstat>
<D:prop>
<lp1:resourcetype><D:collection/></lp1:resourcetype>
<lp1:getlastmodified>Mon, 07 Dec 2026 17:59:35 GMT</lp1:getlastmodified>
<lp1:getetag>W/"1000-6620efd1a4ce6"</lp1:getetag>
</D:prop>
<D:status>HTTP/1.1 200 OK</D:status>
</D:propstat>
</D:response>
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>/dav/Twofold/sync.json</D:href>
<D:propstat>
<D:prop>
<lp1:resourcetype/>
<lp1:getcontentlength>97</lp1:getcontentlength>
<lp1:getlastmodified>Mon, 07 Dec 2026 17:59:35 GMT</lp1:getlastmodified>
<lp1:getetag>"61-6620efd170126"</lp1:getetag>
<lp2:executable>F</lp2:executable>
</D:prop>
<D:status>HTTP/1.1 200 OK</D:status>
</D:propstat>
</D:response>
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>/dav/Twofold/ab2cd.a.tfsync</D:href>
<D:propstat>
<D:prop>
<lp1:resourcetype/>
<lp1:getcontentlength>4096</lp1:getcontentlength>
<lp1:getlastmodified>Mon, 07 Dec 2026 18:00:01 GMT</lp1:getlastmodified>
<lp1:getetag>W/"1000-6620efdb29546"</lp1:getetag>
</D:prop>
<D:status>HTTP/1.1 200 OK</D:status>
</D:propstat>
</D:response>
</D:multistatus>
`;

const SABRE_FOLDER = 'https://cloud.example.org/remote.php/dav/files/alice%20b/Twofold/';
const SABRE = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:response><d:href>/remote.php/dav/files/alice%20b/Twofold/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getlastmodified>Mon, 07 Dec 2026 18:00:00 GMT</d:getlastmodified><d:getetag>&quot;6575a1e2c3b4d&quot;</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop><d:getcontentlength/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response><d:response><d:href>/remote.php/dav/files/alice%20b/Twofold/q7f3.b.tfsync</d:href><d:propstat><d:prop><d:resourcetype/><d:getcontentlength>8192</d:getcontentlength><d:getlastmodified>Mon, 07 Dec 2026 18:01:02 GMT</d:getlastmodified><d:getetag>&quot;1f2e3d4c5b6a7&quot;</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response><d:response><d:href>/remote.php/dav/files/alice%20b/Twofold/caf%C3%A9%20%26%20co.txt</d:href><d:propstat><d:prop><d:resourcetype/><d:getcontentlength>3</d:getcontentlength><d:getlastmodified>Mon, 07 Dec 2026 18:01:03 GMT</d:getlastmodified></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop><d:getetag/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response><d:response><d:href>/remote.php/dav/files/alice%20b/Twofold/old/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getetag>&quot;x&quot;</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;

const RFC_FOLDER = 'http://www.example.com/container/';
const RFC = `<?xml version="1.0" encoding="utf-8" ?>
<multistatus xmlns="DAV:">
  <response>
    <href>http://www.example.com/container/</href>
    <propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat>
  </response>
  <response>
    <href>http://www.example.com/container/front.html</href>
    <propstat>
      <prop xmlns:R="http://ns.example.com/boxschema/">
        <R:getetag>"not-the-dav-one"</R:getetag>
        <getcontentlength>4525</getcontentlength>
        <getetag>"zzyzx"</getetag>
        <getlastmodified>Monday, 12-Jan-98 09:25:56 GMT</getlastmodified>
        <resourcetype/>
      </prop>
      <status>HTTP/1.1 200 OK</status>
    </propstat>
  </response>
</multistatus>`;

function refused(run: () => unknown): SyncError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SyncError);
    return e as SyncError;
  }
  throw new Error('expected a SyncError');
}

describe('parseListing', () => {
  it('reads Apache mod_dav_fs (lp1: and D: prefixes for DAV:), leaving the folder itself out', () => {
    expect(parseListing(new TextEncoder().encode(APACHE), APACHE_FOLDER)).toEqual([
      { name: 'sync.json', size: 97, etag: '"61-6620efd170126"', modified: Date.UTC(2026, 11, 7, 17, 59, 35) },
      { name: 'ab2cd.a.tfsync', size: 4096, etag: 'W/"1000-6620efdb29546"', modified: Date.UTC(2026, 11, 7, 18, 0, 1) },
    ]);
  });

  it('reads sabre/dav (d: prefix), percent-decoding names and skipping member folders and 404 propstats', () => {
    expect(parseListing(SABRE, SABRE_FOLDER)).toEqual([
      { name: 'q7f3.b.tfsync', size: 8192, etag: '"1f2e3d4c5b6a7"', modified: Date.UTC(2026, 11, 7, 18, 1, 2) },
      // No ETag (its propstat is 404): listed with size and date only.
      { name: 'café & co.txt', size: 3, modified: Date.UTC(2026, 11, 7, 18, 1, 3) },
    ]);
  });

  it('reads the default namespace and absolute hrefs (RFC 4918 §9.1), by URI: another namespace’s getetag is not DAV:’s', () => {
    expect(parseListing(RFC, RFC_FOLDER)).toEqual([
      { name: 'front.html', size: 4525, etag: '"zzyzx"', modified: Date.UTC(1998, 0, 12, 9, 25, 56) },
    ]);
  });

  it('matches a prefix by the URI it is bound to, not by its letters', () => {
    // `D:` bound to another namespace: nothing here is a DAV: multistatus.
    const wrong = APACHE.replace('xmlns:D="DAV:"', 'xmlns:D="urn:not-dav"');
    expect(refused(() => parseListing(wrong, APACHE_FOLDER)).code).toBe('bad-response');
    // Any prefix works when bound to DAV:.
    const renamed = SABRE.replaceAll('<d:', '<zz:').replaceAll('</d:', '</zz:').replace('xmlns:d=', 'xmlns:zz=');
    expect(parseListing(renamed, SABRE_FOLDER).map((e) => e.name)).toEqual(['q7f3.b.tfsync', 'café & co.txt']);
  });

  it('compares paths decoded, whichever characters the server chose to encode', () => {
    // The folder typed with a space, the server's hrefs encode it and more (`%2E` is a dot).
    const encoded = SABRE.replaceAll('/Twofold/q7f3.b', '/Twofold/q7f3%2Eb').replaceAll('alice%20b', 'alice%20%62');
    expect(parseListing(encoded, SABRE_FOLDER).map((e) => e.name)).toEqual(['q7f3.b.tfsync', 'café & co.txt']);
  });

  it('skips a status-only response (RFC 4918 §14.24: href*, status)', () => {
    const statusOnly =
      '<d:response><d:href>/remote.php/dav/files/alice%20b/Twofold/gone.a.tfsync</d:href>' +
      '<d:href>/remote.php/dav/files/alice%20b/Twofold/gone.b.tfsync</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>';
    const xml = SABRE.replace('</d:multistatus>', `${statusOnly}</d:multistatus>`);
    expect(parseListing(xml, SABRE_FOLDER).map((e) => e.name)).toEqual(['q7f3.b.tfsync', 'café & co.txt']);
  });

  it('skips an entry outside the folder and a name with an encoded slash', () => {
    const xml = SABRE.replace('/Twofold/q7f3.b.tfsync', '/Elsewhere/q7f3.b.tfsync').replace(
      'caf%C3%A9%20%26%20co.txt',
      'a%2Fb.tfsync',
    );
    expect(parseListing(xml, SABRE_FOLDER)).toEqual([]);
  });

  it('refuses what is not a listing: malformed XML, a document type, an unknown entity, an undeclared prefix', () => {
    const cases = [
      APACHE.slice(0, APACHE.length / 2),
      `<!DOCTYPE m [<!ENTITY x "y">]>${APACHE.replace(/^<\?xml[^>]*\?>/, '')}`,
      SABRE.replace('&quot;6575a1e2c3b4d&quot;', '&bogus;'),
      APACHE.replace('<lp1:resourcetype/>', '<zz:resourcetype/>'),
      '<html><body>Not WebDAV</body></html>',
      APACHE.replace(
        '<lp1:getcontentlength>97</lp1:getcontentlength>',
        '<lp1:getcontentlength>-1</lp1:getcontentlength>',
      ),
    ];
    for (const xml of cases)
      expect(refused(() => parseListing(xml, APACHE_FOLDER)).code, xml.slice(0, 80)).toBe('bad-response');
  });

  it(`refuses a listing over ${MAX_LISTING_ENTRIES} entries or ${MAX_LISTING_BYTES} bytes`, () => {
    const one = (i: number) =>
      `<d:response><d:href>/remote.php/dav/files/alice%20b/Twofold/f${i}</d:href><d:propstat><d:prop><d:getcontentlength>1</d:getcontentlength></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
    const many = (n: number) =>
      `<d:multistatus xmlns:d="DAV:">${Array.from({ length: n }, (_, i) => one(i)).join('')}</d:multistatus>`;
    expect(parseListing(many(MAX_LISTING_ENTRIES), SABRE_FOLDER)).toHaveLength(MAX_LISTING_ENTRIES);
    const over = refused(() => parseListing(many(MAX_LISTING_ENTRIES + 1), SABRE_FOLDER));
    expect(over.code).toBe('bad-response');
    expect(over.text?.key).toBe('syncdav_listing_too_large');
    const big = new Uint8Array(MAX_LISTING_BYTES + 1).fill(32);
    expect(refused(() => parseListing(big, SABRE_FOLDER)).text?.key).toBe('syncdav_listing_too_large');
  });
});
