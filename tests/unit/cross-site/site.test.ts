import { describe, expect, it } from 'vitest';
import { describeRequester, rememberSite } from '../../../lib/cross-site/site';

describe('the requesting site', () => {
  it('is named by its registrable domain, with the full origin under it', () => {
    expect(describeRequester('https://login.Example.co.uk:8443')).toEqual({
      origin: 'https://login.example.co.uk:8443',
      site: 'example.co.uk',
    });
    expect(describeRequester('http://127.0.0.1:5173')).toEqual({ origin: 'http://127.0.0.1:5173', site: '127.0.0.1' });
  });

  it('must be an http(s) page', () => {
    for (const origin of ['chrome-extension://abc', 'file:///etc/passwd', 'null', 'data:text/html,x']) {
      expect(() => describeRequester(origin)).toThrow(expect.objectContaining({ code: 'bad-origin' }));
    }
  });
});

describe('"use it on this site from now on"', () => {
  it('adds the site enrolment would store for the page (its host, or its origin off https), keeping the others', () => {
    expect(rememberSite(['github.com'], 'https://accounts.example.com')).toEqual([
      'github.com',
      'accounts.example.com',
    ]);
    expect(rememberSite([], 'http://127.0.0.1:8080')).toEqual(['http://127.0.0.1:8080']);
    // A related subdomain is not enough: "from now on" means filled here like on the account's own site.
    expect(rememberSite(['example.com'], 'https://www.example.com')).toEqual(['example.com', 'www.example.com']);
  });

  it('adds nothing when the site is already there in another spelling', () => {
    expect(rememberSite(['https://Example.com/login'], 'https://example.com')).toEqual(['https://Example.com/login']);
    expect(rememberSite(['*.example.com', 'not a site'], 'https://example.com')).toEqual([
      '*.example.com',
      'not a site',
    ]);
  });

  it('refuses a frame that is not http(s)', () => {
    expect(() => rememberSite([], 'chrome-extension://abc')).toThrow(expect.objectContaining({ code: 'bad-origin' }));
  });
});
