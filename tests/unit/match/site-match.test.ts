import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeHost } from '../../../lib/match/host';
import { siteScope } from '../../../lib/match/scope';

const at = (host: string, path = '/login') => `https://${host}${path}`;

/** Whether the account belongs to the page at all (offered on a click): scope 'exact' or 'related'. */
const siteMatches = (sites: readonly string[], url: string) => siteScope(sites, url) !== 'none';

describe('siteMatches', () => {
  it('a registrable domain matches itself and every https host under it, on the default port', () => {
    const sites = ['github.com'];
    expect(siteMatches(sites, 'https://github.com/login')).toBe(true);
    expect(siteMatches(sites, 'https://gist.github.com/')).toBe(true);
    expect(siteMatches(sites, 'https://a.b.c.github.com:443/x')).toBe(true);
    // Plain http and another port are other origins (RFC 6454 §4) that the entry does not name.
    expect(siteMatches(sites, 'http://github.com/login')).toBe(false);
    expect(siteMatches(sites, 'https://github.com:8443/login')).toBe(false);
    expect(siteMatches(sites, 'http://a.b.c.github.com:8080/x')).toBe(false);
  });

  it('does not match look-alikes', () => {
    const sites = ['github.com'];
    for (const host of [
      'evilgithub.com',
      'github.com.evil.net',
      'github.com-evil.net',
      'github.co',
      'github.co.uk',
      'github.community',
      'xn--gthub-n4a.com', // gıthub.com (dotless i)
      'gіthub.com', // Cyrillic і
    ]) {
      expect(siteMatches(sites, at(host)), host).toBe(false);
    }
    expect(siteMatches(sites, 'https://github.com@evil.net/')).toBe(false);
    expect(siteMatches(sites, 'https://evil.net/?https://github.com/')).toBe(false);
  });

  it('"=" and a longer host match only that host; a registrable domain or "*." also matches the hosts under it', () => {
    expect(siteMatches(['=login.example.co.uk'], at('login.example.co.uk'))).toBe(true);
    expect(siteMatches(['=login.example.co.uk'], at('LOGIN.Example.co.uk.'))).toBe(true);
    expect(siteMatches(['=login.example.co.uk'], at('example.co.uk'))).toBe(false);
    expect(siteMatches(['=login.example.co.uk'], at('www.example.co.uk'))).toBe(false);
    expect(siteMatches(['=login.example.co.uk'], at('a.login.example.co.uk'))).toBe(false);
    expect(siteMatches(['=example.com'], at('example.com'))).toBe(true);
    expect(siteMatches(['=example.com'], at('www.example.com'))).toBe(false);
    expect(siteMatches(['login.example.co.uk'], at('www.example.co.uk'))).toBe(false);
    expect(siteMatches(['login.example.co.uk'], at('example.co.uk'))).toBe(false);
    expect(siteMatches(['*.login.example.co.uk'], at('a.login.example.co.uk'))).toBe(true);
    expect(siteMatches(['*.login.example.co.uk'], at('www.example.co.uk'))).toBe(false);
    expect(siteMatches(['example.co.uk'], at('www.example.co.uk'))).toBe(true);
    expect(siteMatches(['login.example.co.uk'], at('example.com'))).toBe(false);
  });

  it('IPs and localhost match only themselves, on the scheme and port they name', () => {
    expect(siteMatches(['http://127.0.0.1:3000'], 'http://127.0.0.1:3000/')).toBe(true);
    expect(siteMatches(['http://127.0.0.1:3000'], 'http://127.0.0.1:3001/')).toBe(false);
    expect(siteMatches(['127.0.0.1'], 'http://127.0.0.1:3000/')).toBe(false);
    expect(siteMatches(['127.0.0.1'], 'https://127.0.0.1/')).toBe(true);
    expect(siteMatches(['127.0.0.1'], 'https://127.0.0.2/')).toBe(false);
    expect(siteMatches(['127.0.0.1'], 'https://localhost/')).toBe(false);
    expect(siteMatches(['0.0.1'], 'https://127.0.0.1/')).toBe(false);
    expect(siteMatches(['http://localhost:8080'], 'http://localhost:8080/')).toBe(true);
    expect(siteMatches(['localhost'], 'https://evil.localhost/')).toBe(false);
    expect(siteMatches(['localhost'], 'https://127.0.0.1/')).toBe(false);
    expect(siteMatches(['http://[::1]:9000'], 'http://[::1]:9000/')).toBe(true);
    expect(siteMatches(['[::1]'], 'https://[0:0::1]/')).toBe(true);
    expect(siteMatches(['10.0.0.1'], 'https://1.10.0.0.1.example.com/')).toBe(false);
  });

  it('normalises entries: case, trailing dot, scheme, path, port, leading "*."', () => {
    const url = 'https://gist.github.com/';
    for (const entry of ['GitHub.com', 'github.com.', 'https://github.com/login', 'github.com:443', '*.github.com']) {
      expect(siteMatches([entry], url), entry).toBe(true);
    }
    expect(siteMatches(['github.com'], 'https://GIST.GitHub.com./')).toBe(true);
  });

  it('matches IDN and punycode spellings of the same domain', () => {
    expect(siteMatches(['bücher.de'], 'https://xn--bcher-kva.de/')).toBe(true);
    expect(siteMatches(['xn--bcher-kva.de'], 'https://bücher.de/')).toBe(true);
    expect(siteMatches(['bücher.de'], 'https://shop.bücher.de/')).toBe(true);
    expect(siteMatches(['BÜCHER.de'], 'https://bücher.de/')).toBe(true);
    expect(siteMatches(['bücher.de'], 'https://bucher.de/')).toBe(false);
    expect(siteMatches(['bucher.de'], 'https://bücher.de/')).toBe(false);
  });

  it('keeps owners under private PSL suffixes apart', () => {
    expect(siteMatches(['alice.github.io'], at('alice.github.io'))).toBe(true);
    expect(siteMatches(['alice.github.io'], at('mallory.github.io'))).toBe(false);
    expect(siteMatches(['amazonaws.com'], at('customer.s3.amazonaws.com'))).toBe(false);
    expect(siteMatches(['=github.io'], at('github.io'))).toBe(true);
    expect(siteMatches(['=github.io'], at('alice.github.io'))).toBe(false);
  });

  it('fails closed', () => {
    expect(siteMatches([], at('github.com'))).toBe(false);
    expect(siteMatches(['github.com'], 'chrome://settings')).toBe(false);
    expect(siteMatches(['github.com'], 'file:///github.com/x')).toBe(false);
    expect(siteMatches(['github.com'], 'about:blank')).toBe(false);
    expect(siteMatches(['github.com'], '')).toBe(false);
    // Public suffixes and junk never match (and do not hide the good entries next to them).
    expect(siteMatches(['com'], at('github.com'))).toBe(false);
    expect(siteMatches(['github.io'], at('alice.github.io'))).toBe(false);
    expect(siteMatches(['', ' ', 'not a host', 'github.com'], at('github.com'))).toBe(true);
  });
});

// --- property tests -------------------------------------------------------------------------------

const SUFFIXES = ['com', 'org', 'de', 'co.uk', 'com.au', 'io', 'xn--p1ai'];
/** An LDH label (RFC 1123) that never looks like an IPv4 number. */
// "xn--…" labels are punycode: a random one is invalid, and the URL parser rightly refuses the host.
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((l) => !l.startsWith('xn--'));
// A label plus a suffix can itself be on the PSL ("sa.com", "co.com"): such an entry is refused.
const domain = fc
  .tuple(label, fc.constantFrom(...SUFFIXES))
  .map(([l, s]) => `${l}.${s}`)
  .filter((d) => describeHost(d).registrable === d);
const subdomains = fc.array(label, { minLength: 0, maxLength: 3 }).map((ls) => ls.map((l) => `${l}.`).join(''));
const randomCase = (s: string, flips: boolean[]) =>
  [...s].map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toUpperCase() : c)).join('');
/** Latin letters with a Cyrillic or Greek twin that renders the same (Unicode confusables). */
const CONFUSABLE: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і', y: 'у' };

describe('siteMatches properties', () => {
  it('every https host under a registrable domain matches it, in any case or trailing dot; no other port', () => {
    fc.assert(
      fc.property(
        domain,
        subdomains,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 65535 }),
        fc.boolean(),
        (d, sub, flips, port, dot) => {
          const host = randomCase(`${sub}${d}`, flips) + (dot ? '.' : '');
          const url = `https://${host}/x`;
          expect(siteMatches([d], url)).toBe(true);
          expect(siteMatches([randomCase(d, flips)], url)).toBe(true);
          expect(siteMatches([d], `https://${host}:${port}/x`)).toBe(port === 443);
          expect(siteMatches([`${d}:${port}`], `https://${host}:${port}/x`)).toBe(true);
        },
      ),
    );
  });

  it('prefix and suffix look-alikes never match', () => {
    fc.assert(
      fc.property(domain, label, domain, subdomains, (d, extra, evil, sub) => {
        const lookalikes = [
          `${extra}${d}`, // evilgithub.com
          `${extra}-${d}`, // evil-github.com
          `${d}.${evil}`, // github.com.evil.net
          `${d}-${extra}.com`, // github.com-evil.com
          `${d.replace('.', '')}.${evil}`, // githubcom.evil.net
          `${sub}${d.split('.')[0]}.${extra}`, // github.<other tld>
        ];
        for (const host of lookalikes) {
          if (host === d || host.endsWith(`.${d}`)) continue; // the generator hit a genuine subdomain
          expect(siteMatches([d], `https://${sub}${host}/`), host).toBe(false);
        }
      }),
    );
  });

  it('a homograph (one letter swapped for a Cyrillic/Greek look-alike) never matches', () => {
    const homograph = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]{0,6}$/),
        fc.constantFrom(...Object.keys(CONFUSABLE)),
        fc.stringMatching(/^[a-z0-9]{0,6}$/),
        fc.constantFrom(...SUFFIXES),
      )
      .map(([pre, ch, post, suffix]) => ({
        real: `${pre}${ch}${post}.${suffix}`,
        fake: `${pre}${CONFUSABLE[ch]}${post}.${suffix}`,
      }));
    fc.assert(
      fc.property(homograph, subdomains, ({ real, fake }, sub) => {
        expect(siteMatches([real], `https://${sub}${fake}/`)).toBe(false);
        expect(siteMatches([fake], `https://${sub}${real}/`)).toBe(false);
        // The Unicode and punycode spellings of the fake are still the same site.
        const puny = new URL(`https://${fake}/`).hostname;
        expect(puny).toMatch(/xn--/);
        expect(siteMatches([fake], `https://${sub}${puny}/`)).toBe(true);
        expect(siteMatches([puny], `https://${sub}${fake}/`)).toBe(true);
      }),
    );
  });

  it('an "=" host matches only itself', () => {
    fc.assert(
      fc.property(label, domain, label, (host, d, other) => {
        const exact = `${host}.${d}`;
        expect(siteMatches([`=${exact}`], `https://${exact}/`)).toBe(true);
        expect(siteMatches([`=${exact}`], `https://${d}/`)).toBe(false);
        expect(siteMatches([`=${exact}`], `https://${other}.${exact}/`)).toBe(false);
        if (other !== host) expect(siteMatches([`=${exact}`], `https://${other}.${d}/`)).toBe(false);
      }),
    );
  });

  it('an http IPv4 entry matches that address and port only', () => {
    const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    const port = fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80);
    fc.assert(
      fc.property(ip, ip, port, port, (a, b, p, q) => {
        expect(siteMatches([`http://${a}:${p}`], `http://${a}:${p}/`)).toBe(true);
        expect(siteMatches([`http://${a}:${p}`], `http://${b}:${p}/`)).toBe(a === b);
        expect(siteMatches([`http://${a}:${p}`], `http://${a}:${q}/`)).toBe(p === q);
        expect(siteMatches([a], `http://${a}:${p}/`)).toBe(false);
        expect(siteMatches([`http://${a}:${p}`], `http://x.${a}.nip.io:${p}/`)).toBe(false);
      }),
    );
  });
});
