import { describe, expect, it } from 'vitest';
import {
  filterAccounts,
  moveWithinGroup,
  parseSites,
  searchIndex,
  sortAccounts,
} from '../../../components/account-order';
import { passwordStrength } from '../../../components/password-strength';
import { compareAccounts } from '../../../lib/vault/account-order';
import type { AccountView } from '../../../lib/vault/view';

const view = (id: string, issuer: string, order: number, pinned = false, sites: string[] = []): AccountView => ({
  id,
  kind: 'totp',
  issuer,
  account: `${id}@example.com`,
  sites,
  notes: '',
  recoveryCodes: [],
  pinned,
  order,
  createdAt: 0,
  updatedAt: 0,
});

describe('account list order and search', () => {
  const list = sortAccounts([
    view('a', 'Alpha', 2),
    view('b', 'Bravo', 0),
    view('c', 'Charlie', 1, true),
    view('d', 'Delta', 3, true),
  ]);
  it('puts pinned accounts first, each group in the user order', () => {
    expect(list.map((a) => a.id)).toEqual(['c', 'd', 'b', 'a']);
  });
  it('orders as the vault does (one comparator, lib/vault/account-order.ts): a tie in order goes to the older', () => {
    const older = { ...view('o', 'Older', 4), createdAt: 10 };
    const newer = { ...view('n', 'Newer', 4), createdAt: 20 };
    const sorted = sortAccounts([newer, older, view('p', 'Pinned', 9, true)]);
    expect(sorted.map((a) => a.id)).toEqual(['p', 'o', 'n']);
    expect(sorted).toEqual([newer, older, view('p', 'Pinned', 9, true)].sort(compareAccounts));
  });
  it('moves an account within its group only', () => {
    expect(moveWithinGroup(list, 'a', -1)).toEqual(['c', 'd', 'a', 'b']);
    expect(moveWithinGroup(list, 'b', -1)).toBeUndefined(); // would cross into the pinned group
    expect(moveWithinGroup(list, 'a', 1)).toBeUndefined();
  });
  it('searches issuer, account and sites, ignoring case', () => {
    const withSites = [view('x', 'GitHub', 0, false, ['github.com']), view('y', 'Bank', 1, false, ['mybank.example'])];
    const index = searchIndex(withSites);
    expect(filterAccounts(withSites, index, 'GITHUB').map((a) => a.id)).toEqual(['x']);
    expect(filterAccounts(withSites, index, 'mybank').map((a) => a.id)).toEqual(['y']);
    expect(filterAccounts(withSites, index, 'y@example').map((a) => a.id)).toEqual(['y']);
    expect(filterAccounts(withSites, index, '  ')).toHaveLength(2);
  });
  it('reads a comma or newline separated site list', () => {
    expect(parseSites(' github.com, ,gist.github.com\nexample.org ')).toEqual([
      'github.com',
      'gist.github.com',
      'example.org',
    ]);
  });
});

describe('master password strength', () => {
  it('grows with length and variety, and says why', () => {
    expect(passwordStrength('')).toMatchObject({ level: 'empty', hint: undefined });
    expect(passwordStrength('abc123')).toMatchObject({
      level: 'weak',
      hint: { key: 'add_strength_hint_too_short', english: expect.stringMatching(/at least 8/) },
    });
    expect(passwordStrength('aaaaaaaaaaaaaaaa')).toMatchObject({
      level: 'weak',
      hint: { english: expect.stringMatching(/repeated/) },
    });
    expect(passwordStrength('correct horse').score).toBeLessThan(
      passwordStrength('correct horse battery staple').score,
    );
    expect(passwordStrength('correct horse battery staple').level).toBe('strong');
  });
});
