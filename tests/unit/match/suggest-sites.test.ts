import { describe, expect, it } from 'vitest';
import { siteScope } from '../../../lib/match/scope';
import { suggestSites } from '../../../lib/match/suggest-sites';

describe('suggestSites', () => {
  it('stores the host of an https page on the default port', () => {
    expect(suggestSites('https://gist.github.com/settings/2fa', 'GitHub')).toEqual(['gist.github.com']);
    expect(suggestSites('https://github.com:443/settings/2fa', 'GitHub')).toEqual(['github.com']);
    expect(suggestSites('https://login.example.co.uk/', 'Example')).toEqual(['login.example.co.uk']);
    expect(suggestSites('https://alice.github.io/', 'Alice')).toEqual(['alice.github.io']);
    expect(suggestSites('https://nas/', 'Synology')).toEqual(['nas']);
    expect(suggestSites('https://github.io/', 'X')).toEqual(['=github.io']);
  });

  it('stores the scheme and port of the page when they are not https and its default port', () => {
    expect(suggestSites('http://127.0.0.1:3000/enrol', 'Test')).toEqual(['http://127.0.0.1:3000']);
    expect(suggestSites('http://[::1]:3000/', 'Test')).toEqual(['http://[::1]:3000']);
    expect(suggestSites('http://localhost:8080/', 'Test')).toEqual(['http://localhost:8080']);
    expect(suggestSites('http://nas/', 'Synology')).toEqual(['http://nas']);
    expect(suggestSites('https://sso.example.com:8443/', 'Example')).toEqual(['https://sso.example.com:8443']);
    expect(suggestSites('http://github.io/', 'X')).toEqual(['=http://github.io']);
  });

  it('adds the issuer only when it is itself a domain', () => {
    expect(suggestSites('https://github.com/', 'github.com')).toEqual(['github.com']);
    expect(suggestSites('https://github.com/', 'GitHub.com')).toEqual(['github.com']);
    expect(suggestSites('https://sso.acme-idp.com/', 'acme.com')).toEqual(['sso.acme-idp.com', 'acme.com']);
    expect(suggestSites('https://idp.example/', 'login.example.co.uk')).toEqual(['idp.example', 'login.example.co.uk']);
    for (const brand of ['GitHub', 'ACME Corp', 'Node.js', 'me@example.com', 'Amazon Web Services', '10.0.0.1', '']) {
      expect(suggestSites('https://example.org/', brand)).toEqual(['example.org']);
    }
  });

  it('suggests nothing from a page that is not http(s), but still the issuer domain', () => {
    expect(suggestSites('chrome-extension://abc/popup.html', 'GitHub')).toEqual([]);
    expect(suggestSites('file:///tmp/qr.png', 'github.com')).toEqual(['github.com']);
  });

  it('suggests entries in which the page they came from is exact, and no other port or plain http', () => {
    for (const url of ['https://gist.github.com/', 'http://127.0.0.1:3000/', 'https://github.io/', 'http://nas/']) {
      expect(siteScope(suggestSites(url, 'x'), url)).toBe('exact');
    }
    expect(siteScope(suggestSites('http://127.0.0.1:3000/', 'x'), 'http://127.0.0.1:3001/')).toBe('none');
    expect(siteScope(suggestSites('https://gist.github.com/', 'x'), 'http://gist.github.com/')).toBe('none');
    // A host with more labels than its registrable domain stays that host (docs/site-matching.md).
    expect(siteScope(suggestSites('https://gist.github.com/', 'x'), 'https://github.com/')).toBe('none');
    expect(siteScope(suggestSites('https://github.com/', 'x'), 'https://gist.github.com/')).toBe('related');
  });
});
