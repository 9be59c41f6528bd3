import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeHost } from '../../../lib/match/host';
import { parseSiteEntry } from '../../../lib/match/normalise-site';
import { scopeOf, siteScope } from '../../../lib/match/scope';

describe('parseSiteEntry keeps the origin', () => {
  it('an entry without a scheme means https on the default port', () => {
    expect(parseSiteEntry('github.com')).toEqual({ host: 'github.com', exact: false, scheme: 'https', port: '' });
    expect(parseSiteEntry('github.com:8443')).toMatchObject({ scheme: 'https', port: '8443' });
  });

  it('keeps http and a port other than the scheme default', () => {
    expect(parseSiteEntry('http://127.0.0.1:5173/x')).toEqual({
      host: '127.0.0.1',
      exact: true,
      scheme: 'http',
      port: '5173',
    });
    expect(parseSiteEntry('https://login.bank.com:443/')).toEqual({
      host: 'login.bank.com',
      exact: true,
      scheme: 'https',
      port: '',
    });
    expect(parseSiteEntry('=http://login.bank.com')).toMatchObject({ exact: true, scheme: 'http', port: '' });
  });
});

describe('siteScope', () => {
  it('a registrable domain is exact on itself and related on the hosts under it', () => {
    expect(siteScope(['bank.com'], 'https://bank.com/')).toBe('exact');
    expect(siteScope(['bank.com'], 'https://www.bank.com/')).toBe('related');
    expect(siteScope(['bank.com'], 'https://bank.co/')).toBe('none');
  });

  it('a host with more labels than its registrable domain is that host only', () => {
    expect(siteScope(['login.bank.com'], 'https://login.bank.com/2fa')).toBe('exact');
    expect(siteScope(['login.bank.com'], 'https://evil.bank.com/2fa')).toBe('none');
    expect(siteScope(['login.bank.com'], 'https://bank.com/')).toBe('none');
    expect(siteScope(['login.bank.com'], 'https://a.login.bank.com/')).toBe('none');
    expect(siteScope(['https://login.bank.com:443/x'], 'https://www.bank.com/')).toBe('none');
    expect(siteScope(['http://login.bank.com'], 'https://www.bank.com/')).toBe('none');
    expect(siteScope(['login.example.co.uk'], 'https://www.example.co.uk/')).toBe('none');
  });

  it('an explicit "*." makes the hosts under the entry related, and only those', () => {
    expect(parseSiteEntry('*.login.bank.com')).toMatchObject({ host: 'login.bank.com', exact: false });
    expect(siteScope(['*.login.bank.com'], 'https://login.bank.com/')).toBe('exact');
    expect(siteScope(['*.login.bank.com'], 'https://a.login.bank.com/')).toBe('related');
    expect(siteScope(['*.login.bank.com'], 'https://evil.bank.com/')).toBe('none');
    expect(siteScope(['*.login.bank.com'], 'https://bank.com/')).toBe('none');
    expect(siteScope(['*.bank.com'], 'https://www.bank.com/')).toBe('related');
    expect(siteScope(['=*.login.bank.com'], 'https://a.login.bank.com/')).toBe('none');
  });

  it('"=" keeps the neighbours out entirely', () => {
    expect(siteScope(['=bank.com'], 'https://bank.com/')).toBe('exact');
    expect(siteScope(['=bank.com'], 'https://www.bank.com/')).toBe('none');
    expect(siteScope(['=login.bank.com'], 'https://www.bank.com/')).toBe('none');
  });

  it('gives nothing to plain http unless the entry is http, and then only that exact host', () => {
    expect(siteScope(['bank.com'], 'http://bank.com/')).toBe('none');
    expect(siteScope(['https://bank.com'], 'http://bank.com/')).toBe('none');
    expect(siteScope(['127.0.0.1'], 'http://127.0.0.1/')).toBe('none');
    expect(siteScope(['http://bank.com'], 'http://bank.com/')).toBe('exact');
    expect(siteScope(['http://bank.com'], 'http://www.bank.com/')).toBe('none');
    expect(siteScope(['http://127.0.0.1:5173'], 'http://127.0.0.1:5173/login')).toBe('exact');
  });

  it('lets an https page have what its http entry allows', () => {
    expect(siteScope(['http://bank.com'], 'https://bank.com/')).toBe('exact');
    expect(siteScope(['http://bank.com'], 'https://www.bank.com/')).toBe('related');
    expect(siteScope(['http://127.0.0.1:5173'], 'https://127.0.0.1:5173/')).toBe('exact');
  });

  it('counts a port other than the default as another site unless the entry names it', () => {
    expect(siteScope(['bank.com'], 'https://bank.com:8443/')).toBe('none');
    expect(siteScope(['bank.com'], 'https://www.bank.com:8443/')).toBe('none');
    expect(siteScope(['bank.com:8443'], 'https://bank.com:8443/')).toBe('exact');
    expect(siteScope(['bank.com:8443'], 'https://bank.com/')).toBe('none');
    expect(siteScope(['http://127.0.0.1:5173'], 'http://127.0.0.1:5174/')).toBe('none');
    expect(siteScope(['http://127.0.0.1:5173'], 'http://127.0.0.1/')).toBe('none');
    expect(siteScope(['bank.com'], 'https://bank.com:443/')).toBe('exact');
    expect(siteScope(['http://bank.com:80'], 'http://bank.com/')).toBe('exact');
  });

  it('takes the closest scope any entry gives, skipping entries that do not parse', () => {
    const sites = ['not a host', 'bank.com', 'http://127.0.0.1:5173', 'login.bank.com'];
    expect(siteScope(sites, 'https://login.bank.com/')).toBe('exact');
    expect(siteScope(sites, 'https://www.bank.com/')).toBe('related');
    expect(siteScope(sites, 'http://127.0.0.1:5173/')).toBe('exact');
    expect(siteScope(sites, 'http://login.bank.com/')).toBe('none');
  });

  it('keeps PSL boundaries, IDN spellings and private suffixes', () => {
    expect(siteScope(['alice.github.io'], 'https://mallory.github.io/')).toBe('none');
    expect(siteScope(['alice.github.io'], 'https://www.alice.github.io/')).toBe('related');
    expect(siteScope(['amazonaws.com'], 'https://customer.s3.amazonaws.com/')).toBe('none');
    expect(siteScope(['=github.io'], 'https://alice.github.io/')).toBe('none');
    expect(siteScope(['bücher.de'], 'https://xn--bcher-kva.de/')).toBe('exact');
    expect(siteScope(['bücher.de'], 'https://shop.bücher.de/')).toBe('related');
    expect(siteScope(['bücher.de'], 'https://bucher.de/')).toBe('none');
    expect(siteScope(['login.example.co.uk'], 'https://example.co.uk.evil.com/')).toBe('none');
  });

  it('fails closed', () => {
    expect(siteScope([], 'https://bank.com/')).toBe('none');
    for (const url of ['chrome://settings', 'file:///bank.com', 'about:blank', 'data:text/html,x', '', 'bank.com']) {
      expect(siteScope(['bank.com', 'http://bank.com'], url), url).toBe('none');
    }
    expect(siteScope(['com', 'github.io'], 'https://alice.github.io/')).toBe('none');
  });

  it('scopeOf reads the sites of an account', () => {
    expect(scopeOf({ sites: ['bank.com'] }, 'https://www.bank.com/')).toBe('related');
  });
});

// --- properties -----------------------------------------------------------------------------------

// A few fixed labels besides random ones, so that entries and pages often share hosts and domains.
const label = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((l) => !l.startsWith('xn--')),
  fc.constantFrom('www', 'login', 'bank'),
);
// A label plus a suffix can itself be on the PSL ("sa.com", "co.com"): such an entry is refused.
const domain = fc
  .tuple(label, fc.constantFrom('com', 'de', 'co.uk', 'io'))
  .map(([l, s]) => `${l}.${s}`)
  .filter((d) => describeHost(d).registrable === d);
const port = fc.integer({ min: 1, max: 65535 });
const scheme = fc.constantFrom('http', 'https');
const DEFAULT: Record<string, number> = { http: 80, https: 443 };
/** An entry as a person or the enrolment could write it: [scheme://][=]host[:port]. */
const entry = fc
  .record({
    host: fc.oneof(
      domain,
      fc.tuple(label, domain).map(([l, d]) => `${l}.${d}`),
    ),
    scheme: fc.option(scheme, { nil: undefined }),
    port: fc.option(port, { nil: undefined }),
    only: fc.boolean(),
    wild: fc.boolean(),
  })
  .map((e) => ({
    ...e,
    text: `${e.only ? '=' : ''}${e.scheme ? `${e.scheme}://` : ''}${e.wild ? '*.' : ''}${e.host}${e.port !== undefined ? `:${e.port}` : ''}`,
  }));
const page = fc
  .record({
    sub: fc.option(label, { nil: undefined }),
    host: domain,
    scheme,
    port: fc.option(port, { nil: undefined }),
  })
  .map((p) => ({
    ...p,
    fullHost: p.sub ? `${p.sub}.${p.host}` : p.host,
    url: `${p.scheme}://${p.sub ? `${p.sub}.` : ''}${p.host}${p.port !== undefined ? `:${p.port}` : ''}/x`,
  }));

describe('siteScope properties', () => {
  it('plain http gets a code only from an http entry, and then only "exact"', () => {
    fc.assert(
      fc.property(entry, page, (e, p) => {
        const scope = siteScope([e.text], p.url);
        if (p.scheme === 'http') {
          if (e.scheme !== 'http') expect(scope).toBe('none');
          expect(scope).not.toBe('related');
        }
      }),
    );
  });

  it('a page on a port the entry does not name gets nothing', () => {
    fc.assert(
      fc.property(entry, page, (e, p) => {
        const entryScheme = e.scheme ?? 'https';
        const entryPort = e.port ?? DEFAULT[entryScheme];
        const pagePort = p.port ?? DEFAULT[p.scheme];
        // An entry without a port means the default port of whichever scheme the page is on.
        const samePort =
          e.port === undefined || entryPort === DEFAULT[entryScheme]
            ? pagePort === DEFAULT[p.scheme]
            : pagePort === entryPort;
        if (!samePort) expect(siteScope([e.text], p.url)).toBe('none');
      }),
    );
  });

  it('"exact" only on the entry\'s own host; "related" only under a registrable domain or a "*." entry, never with "="', () => {
    fc.assert(
      fc.property(entry, page, (e, p) => {
        const scope = siteScope([e.text], p.url);
        if (scope === 'exact') expect(p.fullHost).toBe(e.host);
        if (scope === 'related') {
          expect(e.only).toBe(false);
          expect(p.fullHost.endsWith(`.${e.host}`)).toBe(true);
          expect(e.wild || e.host === p.host).toBe(true);
        }
      }),
    );
  });

  it('only a registrable domain or a "*." entry relates other hosts, and only hosts under it', () => {
    const name = fc.constantFrom('www', 'login', 'a');
    const base = fc.constantFrom('bank.com', 'bank.co.uk', 'alice.github.io');
    const host = fc.tuple(fc.array(name, { maxLength: 2 }), base).map(([ls, b]) => [...ls, b].join('.'));
    fc.assert(
      fc.property(host, host, fc.boolean(), fc.boolean(), (entryHost, pageHost, wild, only) => {
        const text = `${only ? '=' : ''}${wild ? '*.' : ''}${entryHost}`;
        const scope = siteScope([text], `https://${pageHost}/x`);
        const registrable = ['bank.com', 'bank.co.uk', 'alice.github.io'].includes(entryHost);
        const under = pageHost.endsWith(`.${entryHost}`);
        const expected =
          pageHost === entryHost ? 'exact' : !only && (wild || registrable) && under ? 'related' : 'none';
        expect(scope).toBe(expected);
      }),
    );
  });

  it('the origin an entry names is always exact there', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const s = e.scheme ?? 'https';
        const url = `${s}://${e.host}${e.port !== undefined ? `:${e.port}` : ''}/login`;
        expect(siteScope([e.text], url)).toBe('exact');
      }),
    );
  });
});
