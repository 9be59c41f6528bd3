import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { normaliseFolderUrl, originPattern } from '../../../lib/sync/webdav-url';

function refusal(typed: string): { code: string; key: string | undefined } {
  try {
    normaliseFolderUrl(typed);
  } catch (e) {
    expect(e).toBeInstanceOf(SyncError);
    return { code: (e as SyncError).code, key: (e as SyncError).text?.key };
  }
  throw new Error(`accepted ${typed}`);
}

describe('normaliseFolderUrl', () => {
  it('keeps https folders, adding the trailing slash and lower-casing scheme and host', () => {
    expect(normaliseFolderUrl('  HTTPS://Cloud.Example.org/remote.php/dav/files/alice ')).toBe(
      'https://cloud.example.org/remote.php/dav/files/alice/',
    );
    expect(normaliseFolderUrl('https://nas.example:5006/webdav/')).toBe('https://nas.example:5006/webdav/');
    expect(normaliseFolderUrl('https://cloud.example.org:443')).toBe('https://cloud.example.org/');
  });

  it('accepts plain http only to this computer', () => {
    expect(normaliseFolderUrl('http://127.0.0.1:8080/dav')).toBe('http://127.0.0.1:8080/dav/');
    expect(normaliseFolderUrl('http://localhost:8080/')).toBe('http://localhost:8080/');
    expect(refusal('http://nas.local/webdav/')).toEqual({ code: 'origin-refused', key: 'syncdav_https_only' });
    expect(refusal('http://192.168.1.10/webdav/')).toEqual({ code: 'origin-refused', key: 'syncdav_https_only' });
    // Loopback, but no CSP source can name an IPv6 literal: told to use 127.0.0.1 or localhost.
    expect(refusal('http://[::1]:8080/')).toEqual({ code: 'origin-refused', key: 'syncdav_loopback_ipv6' });
  });

  it('refuses credentials in the address, a query or fragment, and what is no http(s) address', () => {
    expect(refusal('https://alice:pw@cloud.example.org/dav/').key).toBe('syncdav_url_credentials');
    expect(refusal('https://alice@cloud.example.org/dav/').key).toBe('syncdav_url_credentials');
    expect(refusal('https://cloud.example.org/dav/?x=1').key).toBe('syncdav_url_query');
    expect(refusal('https://cloud.example.org/dav/?').key).toBe('syncdav_url_query');
    expect(refusal('https://cloud.example.org/dav/#top').key).toBe('syncdav_url_query');
    for (const typed of ['cloud.example.org/dav', 'ftp://cloud.example.org/', 'file:///home/', ''])
      expect(refusal(typed)).toEqual({ code: 'origin-refused', key: 'syncdav_url_invalid' });
  });
});

describe('originPattern', () => {
  it('is scheme and host without a port (Firefox patterns take none; Chromium’s then match every port)', () => {
    expect(originPattern('https://cloud.example.org/remote.php/dav/files/alice/')).toBe('https://cloud.example.org/*');
    expect(originPattern('https://nas.example:5006/webdav')).toBe('https://nas.example/*');
    expect(originPattern('http://127.0.0.1:8080/dav/')).toBe('http://127.0.0.1/*');
    expect(() => originPattern('http://nas.local/')).toThrow(SyncError);
  });
});
