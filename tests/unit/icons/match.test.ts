import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BrandLookup, brandLookup, buildBrandIndex } from '../../../lib/icons/brand-index';
import { type BrandMatch, matchBrand, siteKeys } from '../../../lib/icons/match';
import { compactName, issuerKeys } from '../../../lib/icons/normalise';
import { readSimpleIcons } from '../../../scripts/brand-icons';

// The real catalog the build ships (simple-icons in node_modules), so these examples are the popup's answers.
const lookup: BrandLookup = brandLookup(buildBrandIndex(readSimpleIcons()));

const slugOf = (m: BrandMatch) => (m.by === 'none' ? 'initials' : `${m.by}:${m.brand.slug}`);
const match = (issuer: string, sites: string[] = []) => slugOf(matchBrand(lookup, { issuer, sites }));

describe('compactName and issuerKeys', () => {
  it('drop case, accents, punctuation and spaces, and keep letters of every script', () => {
    expect(compactName('  GitHub ')).toBe('github');
    expect(compactName('Telefónica')).toBe('telefonica');
    expect(compactName('Île-de-France Mobilités')).toBe('iledefrancemobilites');
    expect(compactName('Node.js')).toBe('nodejs');
    expect(compactName('ＧｉｔＨｕｂ')).toBe('github');
    expect(compactName('ライン')).toBe('ライン');
    // A voiced mark makes another kana (ガ is not カ), and й is not и: only Latin accents go.
    expect(compactName('ガンマ')).toBe('ガンマ');
    expect(compactName('Й')).toBe('й');
    expect(compactName('…!')).toBe('');
  });

  it('try the whole issuer, then without a legal form, then a domain-like issuer without its top-level label', () => {
    expect(issuerKeys('GitHub, Inc.')).toEqual(['githubinc', 'github']);
    expect(issuerKeys('Google LLC')).toEqual(['googlellc', 'google']);
    expect(issuerKeys('google.com')).toEqual(['googlecom', 'google']);
    expect(issuerKeys('Booking.com')).toEqual(['bookingcom', 'booking']);
    expect(issuerKeys('Amazon Web Services')).toEqual(['amazonwebservices']);
    // A legal form alone is a name, not a suffix to drop.
    expect(issuerKeys('Company')).toEqual(['company']);
    expect(issuerKeys('')).toEqual([]);
  });
});

describe('matchBrand on the bundled catalog', () => {
  it('matches well-known issuers as apps write them', () => {
    expect(match('GitHub')).toBe('issuer:github');
    expect(match('github.com')).toBe('issuer:github');
    expect(match('GitHub, Inc.')).toBe('issuer:github');
    expect(match('Google')).toBe('issuer:google');
    expect(match('Google LLC')).toBe('issuer:google');
    expect(match('Proton Mail')).toBe('issuer:protonmail');
    expect(match('Booking.com')).toBe('issuer:bookingdotcom');
    expect(match('X')).toBe('issuer:x');
    // An alias: simple-icons lists Twitter as another name of X.
    expect(match('Twitter')).toBe('issuer:x');
  });

  it('matches an issuer written with or without its accents', () => {
    expect(match('Telefónica')).toBe('issuer:telefonica');
    expect(match('Telefonica')).toBe('issuer:telefonica');
    expect(match('Citroen')).toBe('issuer:citroen');
    expect(match('ŠKODA')).toBe('issuer:skoda');
  });

  it('shows initials for brands simple-icons does not carry (their owners asked for removal)', () => {
    expect(match('Amazon Web Services')).toBe('initials');
    expect(match('Microsoft')).toBe('initials');
    expect(match('Microsoft', ['login.microsoftonline.com'])).toBe('initials');
  });

  it('never matches part of a longer name or a generic word', () => {
    // "Box" and "Home Assistant" are brands; these issuers are other things.
    expect(match('Lockbox')).toBe('initials');
    expect(match('Box')).toBe('issuer:box');
    expect(match('Home')).toBe('initials');
    expect(match('My Bank')).toBe('initials');
    expect(match('Google Workspace Admin')).toBe('initials');
    expect(match('Work email')).toBe('initials');
    // "Local" is a brand (a WordPress tool), but as an issuer it is the person's word for a server here;
    // its sites still count.
    expect(match('Local')).toBe('initials');
    expect(match('Local', ['github.com'])).toBe('site:github');
  });

  it('falls back to the registrable domain of the sites when the issuer names no brand', () => {
    expect(match('', ['github.com'])).toBe('site:github');
    expect(match('Work', ['gist.github.com'])).toBe('site:github');
    expect(match('alice@example.org', ['accounts.google.com'])).toBe('site:google');
    // The whole registrable domain first, then its first label.
    expect(match('', ['mail.ru'])).toBe('site:maildotru');
    // An unparsable entry is skipped, the next one still counts.
    expect(match('', ['bad site', 'https://www.dropbox.com/login'])).toBe('site:dropbox');
  });

  it('lets the issuer win over the sites', () => {
    expect(match('GitLab', ['github.com'])).toBe('issuer:gitlab');
  });

  it('keeps sites on a private public suffix their owner’s, and names no brand for IPs and single labels', () => {
    expect(match('', ['alice.github.io'])).toBe('initials');
    expect(match('', ['http://127.0.0.1:3000'])).toBe('initials');
    expect(match('', ['nas'])).toBe('initials');
    expect(match('', ['=github.io'])).toBe('initials');
    expect(siteKeys('login.example.co.uk')).toEqual(['examplecouk', 'example']);
  });

  it('property: the issuer decides whenever it names a brand, whatever the sites', () => {
    const brands = ['GitHub', 'Google', 'Dropbox', 'Discord', 'Proton Mail', 'Steam'];
    const sites = ['github.com', 'google.com', 'example.com', 'alice.github.io', 'nas', 'bad site', 'mail.ru'];
    fc.assert(
      fc.property(fc.constantFrom(...brands), fc.array(fc.constantFrom(...sites), { maxLength: 4 }), (issuer, s) => {
        expect(matchBrand(lookup, { issuer, sites: s })).toEqual(matchBrand(lookup, { issuer, sites: [] }));
      }),
    );
  });

  it('finds every bundled brand by its title, whatever its case and spacing', () => {
    // Every title, not a sample: a brand whose title cannot find it would be a bug in the index or the normaliser.
    const entries = readSimpleIcons().filter((e) => e.license === undefined && compactName(e.title) !== 'local');
    expect(entries.length).toBeGreaterThan(3000);
    for (const { title } of entries) {
      const exact = matchBrand(lookup, { issuer: title, sites: [] });
      expect(exact.by, title).toBe('issuer');
      for (const variant of [title.toUpperCase(), ` ${title.toLowerCase().replaceAll(' ', '  ')} `]) {
        expect(matchBrand(lookup, { issuer: variant, sites: [] }), variant).toEqual(exact);
      }
    }
  });
});
