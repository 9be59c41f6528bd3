import { describe, expect, it } from 'vitest';
import {
  type CrossSiteAccount,
  crossSiteCandidates,
  iconLetter,
  type NamedAccount,
  searchCandidates,
} from '../../../lib/cross-site/candidates';

const accounts: NamedAccount[] = [
  { id: 'gh', kind: 'totp', issuer: 'GitHub', account: 'alice@example.com' },
  { id: 'bank', kind: 'hotp', issuer: 'Bank', account: 'bob' },
  { id: 'steam', kind: 'steam', issuer: 'Steam', account: 'carol' },
  { id: 'zoe', kind: 'totp', issuer: 'École Zoë', account: 'zoe@ecole.fr' },
  { id: 'none', kind: 'totp', issuer: '', account: '' },
];

describe('cross-site candidates', () => {
  it('list every account but HOTP ones and the ones already offered, names only, in order', () => {
    const list = crossSiteCandidates(accounts, ['gh']);
    expect(list.map((a) => a.id)).toEqual(['steam', 'zoe', 'none']);
    expect(list[0]).toEqual({ id: 'steam', issuer: 'Steam', account: 'carol', letter: 'S' });
    expect(Object.keys(list[0] as object).sort()).toEqual(['account', 'id', 'issuer', 'letter']);
  });

  it('give each an icon letter from the issuer, else the account name', () => {
    expect(iconLetter('github', 'x')).toBe('G');
    expect(iconLetter('  ', 'émile')).toBe('É');
    expect(iconLetter('', '')).toBe('?');
    expect(iconLetter('𝒳yz', '')).toBe('𝒳');
  });
});

describe('cross-site search', () => {
  const list: CrossSiteAccount[] = crossSiteCandidates(accounts, []);
  const ids = (q: string) => searchCandidates(list, q).map((a) => a.id);

  it('keeps everything for an empty or blank query', () => {
    expect(ids('')).toEqual(list.map((a) => a.id));
    expect(ids('   ')).toEqual(list.map((a) => a.id));
  });

  it('matches issuer or account name, ignoring case and accents, every word in any order', () => {
    expect(ids('git')).toEqual(['gh']);
    expect(ids('ALICE')).toEqual(['gh']);
    expect(ids('ecole')).toEqual(['zoe']);
    expect(ids('zoe ÉCOLE')).toEqual(['zoe']);
    expect(ids('steam alice')).toEqual([]);
    expect(ids('example.com')).toEqual(['gh']);
  });

  it('never finds a HOTP account, whatever the query', () => {
    expect(ids('bank')).toEqual([]);
  });
});
