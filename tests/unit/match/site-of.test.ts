import { describe, expect, it } from 'vitest';
import { SiteError } from '../../../lib/match/errors';
import { siteOf } from '../../../lib/match/site-of';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SiteError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('siteOf', () => {
  it('gives host, registrable domain, scheme and port of http(s) pages', () => {
    expect(siteOf('https://gist.github.com/x?y#z')).toEqual({
      host: 'gist.github.com',
      registrable: 'github.com',
      scheme: 'https',
      port: '',
    });
    expect(siteOf('http://login.example.co.uk:8080/')).toEqual({
      host: 'login.example.co.uk',
      registrable: 'example.co.uk',
      scheme: 'http',
      port: '8080',
    });
  });

  it("writes a scheme's own default port as no port, and another scheme's as a port", () => {
    expect(siteOf('https://github.com:443/').port).toBe('');
    expect(siteOf('http://github.com:80/').port).toBe('');
    expect(siteOf('http://github.com:443/').port).toBe('443');
    expect(siteOf('https://github.com:80/').port).toBe('80');
  });

  it('lower-cases, drops the trailing dot and converts IDN hosts to punycode', () => {
    expect(siteOf('https://GitHub.COM./').host).toBe('github.com');
    expect(siteOf('https://bücher.de/')).toMatchObject({ host: 'xn--bcher-kva.de', registrable: 'xn--bcher-kva.de' });
  });

  it('has no registrable domain for IPs, localhost and single labels', () => {
    expect(siteOf('http://127.0.0.1:3000/')).toEqual({
      host: '127.0.0.1',
      registrable: undefined,
      scheme: 'http',
      port: '3000',
    });
    expect(siteOf('http://[::1]:8080/').host).toBe('[::1]');
    expect(siteOf('http://[::1]/').registrable).toBeUndefined();
    expect(siteOf('http://localhost/').registrable).toBeUndefined();
    expect(siteOf('http://nas/').registrable).toBeUndefined();
  });

  it('keeps owners under private PSL suffixes apart', () => {
    expect(siteOf('https://alice.github.io/').registrable).toBe('alice.github.io');
    expect(siteOf('https://github.io/').registrable).toBeUndefined();
  });

  it.each([
    'chrome://settings',
    'chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html',
    'file:///home/me/qr.png',
    'about:blank',
    'data:text/html,hi',
    'blob:https://github.com/1234',
    'javascript:alert(1)',
    'ftp://example.com/',
  ])('refuses %s with unsupported-scheme', (url) => {
    expect(codeOf(() => siteOf(url))).toBe('unsupported-scheme');
  });

  it('refuses text that is not a URL, without echoing it', () => {
    expect(codeOf(() => siteOf('github.com'))).toBe('invalid-url');
    expect(codeOf(() => siteOf(''))).toBe('invalid-url');
    expect(codeOf(() => siteOf('https://'))).toBe('invalid-url');
    expect(codeOf(() => siteOf('http://./'))).toBe('invalid-url');
    try {
      siteOf('chrome://settings/?token=SECRET');
    } catch (e) {
      expect((e as Error).message).toContain('chrome:');
      expect((e as Error).message).not.toContain('SECRET');
    }
  });
});
