import { describe, expect, it } from 'vitest';
import { SiteError } from '../../../lib/match/errors';
import { normaliseSite } from '../../../lib/match/normalise-site';

function failure(text: string): SiteError {
  try {
    normaliseSite(text);
  } catch (e) {
    if (e instanceof SiteError) return e;
    throw e;
  }
  throw new Error(`normaliseSite(${JSON.stringify(text)}) did not throw`);
}

describe('normaliseSite', () => {
  it.each([
    ['github.com', 'github.com'],
    ['  GitHub.COM  ', 'github.com'],
    ['github.com.', 'github.com'],
    ['https://github.com/login?x=1#y', 'github.com'],
    // A scheme's own default port is no port; http is kept (another origin, RFC 6454 §4).
    ['https://GitHub.com:443', 'github.com'],
    ['github.com:443', 'github.com'],
    ['HTTP://GitHub.com:80/x', 'http://github.com'],
    ['HTTP://GitHub.com:443', 'http://github.com:443'],
    ['https://github.com:8443/login', 'https://github.com:8443'],
    ['github.com:8443', 'https://github.com:8443'],
    // A registrable domain already covers the hosts under it; "*." says so for a longer host.
    ['*.github.com', 'github.com'],
    ['https://*.github.com/', 'github.com'],
    ['*.Login.Example.co.uk', '*.login.example.co.uk'],
    ['http://*.login.example.co.uk:8080/x', 'http://*.login.example.co.uk:8080'],
    ['gist.github.com', 'gist.github.com'],
    ['login.example.co.uk', 'login.example.co.uk'],
    ['=github.com', '=github.com'],
    ['=GitHub.com.', '=github.com'],
    // "=" keeps a host's neighbours out; it is redundant where a bare host has none (a longer host, IPs).
    ['=login.example.co.uk', 'login.example.co.uk'],
    ['=http://login.example.co.uk:8080', 'http://login.example.co.uk:8080'],
    ['=*.login.example.co.uk', 'login.example.co.uk'],
    ['=127.0.0.1', '127.0.0.1'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.de', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:8443', 'https://127.0.0.1:8443'],
    ['http://127.0.0.1:3000/x', 'http://127.0.0.1:3000'],
    ['=http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['::1', '[::1]'],
    ['[::1]:8080', 'https://[::1]:8080'],
    ['http://[::1]:8080/', 'http://[::1]:8080'],
    ['localhost', 'localhost'],
    ['localhost:8080', 'https://localhost:8080'],
    ['http://bücher.de', 'http://xn--bcher-kva.de'],
    ['nas', 'nas'],
    ['alice.github.io', 'alice.github.io'],
    ['=github.io', '=github.io'],
    ['a_b.example.com', 'a_b.example.com'],
    ['example.com:', 'example.com'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseSite(input)).toBe(expected);
    // Idempotent: the canonical form normalises to itself.
    expect(normaliseSite(expected)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['git hub.com', 'contains-space'],
    ['github.com\tx', 'contains-space'],
    ['http://', 'no-host'],
    ['https:///path', 'no-host'],
    ['=', 'no-host'],
    ['*.', 'no-host'],
    ['chrome://settings', 'unsupported-scheme'],
    ['about:blank', 'unsupported-scheme'],
    ['mailto:me@example.com', 'unsupported-scheme'],
    ['file:///etc/passwd', 'unsupported-scheme'],
    ['me@github.com', 'invalid-character'],
    ['git$hub.com', 'invalid-character'],
    ['github.*.com', 'invalid-character'],
    ['github.com%00', 'invalid-character'],
    ['a..b.com', 'invalid-host'],
    [`${'a'.repeat(64)}.com`, 'invalid-host'],
    ['foo.123', 'invalid-host'],
    ['github.com:http', 'invalid-host'],
    ['com', 'public-suffix'],
    ['co.uk', 'public-suffix'],
    ['github.io', 'public-suffix'],
    ['*.co.uk', 'public-suffix'],
  ])('refuses %j with %s', (input, code) => {
    expect(failure(input).code).toBe(code);
  });

  it('names the problem in the message', () => {
    expect(failure('git hub.com').message).toMatch(/space.*position 4/);
    expect(failure('me@github.com').message).toMatch(/"@".*user name/);
    expect(failure('co.uk').message).toMatch(/public suffix.*example\.co\.uk.*=co\.uk/);
    expect(failure('chrome://settings').message).toMatch(/chrome:.*http and https/);
    expect(failure('').message).toMatch(/empty/);
  });
});
