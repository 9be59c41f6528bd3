import { describe, expect, it } from 'vitest';
import { siteMatches } from '../../../lib/match/site-match';
import { suggestSites } from '../../../lib/match/suggest-sites';

describe('suggestSites', () => {
  it('stores the registrable domain of the page', () => {
    expect(suggestSites('https://gist.github.com/settings/2fa', 'GitHub')).toEqual(['github.com']);
    expect(suggestSites('https://login.example.co.uk/', 'Example')).toEqual(['example.co.uk']);
    expect(suggestSites('https://alice.github.io/', 'Alice')).toEqual(['alice.github.io']);
  });

  it('stores the host for IPs, localhost and single labels; "=host" for a public suffix page', () => {
    expect(suggestSites('http://127.0.0.1:3000/enrol', 'Test')).toEqual(['127.0.0.1']);
    expect(suggestSites('http://[::1]:3000/', 'Test')).toEqual(['[::1]']);
    expect(suggestSites('http://localhost:8080/', 'Test')).toEqual(['localhost']);
    expect(suggestSites('http://nas/', 'Synology')).toEqual(['nas']);
    expect(suggestSites('https://github.io/', 'X')).toEqual(['=github.io']);
  });

  it('adds the issuer only when it is itself a domain', () => {
    expect(suggestSites('https://github.com/', 'github.com')).toEqual(['github.com']);
    expect(suggestSites('https://github.com/', 'GitHub.com')).toEqual(['github.com']);
    expect(suggestSites('https://sso.acme-idp.com/', 'acme.com')).toEqual(['acme-idp.com', 'acme.com']);
    expect(suggestSites('https://idp.example/', 'login.example.co.uk')).toEqual(['idp.example', 'login.example.co.uk']);
    for (const brand of ['GitHub', 'ACME Corp', 'Node.js', 'me@example.com', 'Amazon Web Services', '10.0.0.1', '']) {
      expect(suggestSites('https://example.org/', brand)).toEqual(['example.org']);
    }
  });

  it('suggests nothing from a page that is not http(s), but still the issuer domain', () => {
    expect(suggestSites('chrome-extension://abc/popup.html', 'GitHub')).toEqual([]);
    expect(suggestSites('file:///tmp/qr.png', 'github.com')).toEqual(['github.com']);
  });

  it('suggests entries that match the page they came from', () => {
    for (const url of ['https://gist.github.com/', 'http://127.0.0.1:3000/', 'https://github.io/', 'http://nas/']) {
      expect(siteMatches(suggestSites(url, 'x'), url)).toBe(true);
    }
  });
});
