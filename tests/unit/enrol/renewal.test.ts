import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clashingRows, defaultChoice } from '../../../components/ScanReview';
import { distinctAccountName, findRenewed, sitesDiffer } from '../../../lib/enrol/renewal';
import { reviewScan } from '../../../lib/enrol/review';
import { interpretScan } from '../../../lib/enrol/scan';
import type { OtpParams } from '../../../lib/otp/types';
import { formatOtpauthUri } from '../../../lib/otp/uri';
import type { Account } from '../../../lib/vault/account-data';

/* Re-enrolment (docs/enrolment.md): a new key for a stored account is recognised, never added silently. */

const totp = (n: number, issuer = 'GitHub', account = 'alice'): OtpParams => ({
  kind: 'totp',
  secret: new Uint8Array(20).fill(n),
  issuer,
  account,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});
const stored = (otp: OtpParams, sites = ['github.com']): Account => ({
  id: randomUUID(),
  createdAt: 0,
  updatedAt: 0,
  otp,
  sites,
  notes: '',
  recoveryCodes: [],
  pinned: false,
  order: 0,
});
const scan = (params: OtpParams) => interpretScan([formatOtpauthUri(params)], 'QR code');

describe('reviewScan: same names or same site, another secret', () => {
  it('reviews a new key with the same issuer and account as "renewed", naming the stored account', () => {
    const a = stored(totp(1));
    const [reviewed] = reviewScan(scan(totp(2)), [a], 'https://github.com/settings/two_factor');
    expect(reviewed?.match).toEqual({ status: 'renewed', id: a.id, name: 'GitHub (alice)', by: 'name' });
  });

  it('recognises the same account name on the same site under another issuer', () => {
    const a = stored(totp(1, 'My GitHub', 'alice'), ['github.com']);
    const [reviewed] = reviewScan(scan(totp(2, 'GitHub.com', 'Alice')), [a], undefined);
    expect(reviewed?.match).toMatchObject({ status: 'renewed', id: a.id, by: 'site' });
  });

  it('compares names trimmed and without case', () => {
    const a = stored(totp(1, 'GitHub', 'Alice '));
    expect(findRenewed(totp(2, 'github', 'alice'), [a], [])?.account.id).toBe(a.id);
  });

  it('prefers the account with the same issuer over one on the same site', () => {
    const onSite = stored(totp(1, 'Other', 'alice'), ['github.com']);
    const named = stored(totp(3, 'GitHub', 'alice'), []);
    expect(findRenewed(totp(2), [onSite, named], ['github.com'])).toEqual({ account: named, by: 'name' });
  });

  it('stays new for another account name, no account name, or another site and issuer', () => {
    const a = stored(totp(1));
    expect(reviewScan(scan(totp(2, 'GitHub', 'bob')), [a], undefined)[0]?.match).toEqual({ status: 'new' });
    expect(reviewScan(scan(totp(2, 'GitHub', '')), [stored(totp(1, 'GitHub', ''))], undefined)[0]?.match).toEqual({
      status: 'new',
    });
    expect(reviewScan(scan(totp(2, 'GitLab', 'alice')), [a], 'https://gitlab.com/')[0]?.match).toEqual({
      status: 'new',
    });
  });

  it('leaves the same secret to the "same"/"changed" review', () => {
    const a = stored(totp(1));
    expect(reviewScan(scan(totp(1)), [a], undefined)[0]?.match.status).toBe('same');
    expect(
      reviewScan(scan(totp(1, 'GitHub', 'bob')), [a, stored(totp(2, 'GitHub', 'bob'))], undefined)[0]?.match.status,
    ).toBe('changed');
  });
});

describe('distinctAccountName ("Keep both")', () => {
  it('numbers the added account after the names its issuer already has', () => {
    const names = [{ issuer: 'GitHub', account: 'alice' }];
    expect(distinctAccountName('GitHub', 'alice', names)).toBe('alice (2)');
    expect(distinctAccountName('GitHub', 'alice', [...names, { issuer: 'github', account: 'Alice (2)' }])).toBe(
      'alice (3)',
    );
    expect(distinctAccountName('GitLab', 'alice', names)).toBe('alice');
    expect(distinctAccountName('GitHub', 'bob', names)).toBe('bob');
  });
});

describe('reviewScan: what "renewed" rows pre-select (review finding 3)', () => {
  const scanMany = (...list: OtpParams[]) =>
    interpretScan(
      list.map((p) => formatOtpauthUri(p)),
      'QR code',
    );

  it('pre-selects Replace for the first of two new keys of one stored account and Keep both for the second', () => {
    const a = stored(totp(1));
    const rows = reviewScan(scanMany(totp(2), totp(3)), [a], undefined);
    expect(rows.map((r) => r.match)).toEqual([
      { status: 'renewed', id: a.id, name: 'GitHub (alice)', by: 'name' },
      { status: 'renewed', id: a.id, name: 'GitHub (alice)', by: 'name', keepBoth: 'same-target' },
    ]);
    expect(rows.map(defaultChoice)).toEqual(['replace', 'both']);
  });

  it('marks rows whose choices change one stored account: two Replace, or an Update and a Replace', () => {
    const a = stored(totp(1));
    const rows = reviewScan(scanMany(totp(1, 'GitHub', 'alice.work'), totp(2), totp(3)), [a], undefined);
    expect(rows.map((r) => r.match.status)).toEqual(['changed', 'renewed', 'renewed']);
    // The defaults never clash.
    expect(clashingRows(rows, rows.map(defaultChoice))).toEqual([]);
    expect(clashingRows(rows, ['skip', 'replace', 'replace'])).toEqual([1, 2]);
    expect(clashingRows(rows, ['update', 'replace', 'both'])).toEqual([0, 1]);
    expect(clashingRows(rows, ['update', 'both', 'both'])).toEqual([]);
  });

  it('still pre-selects Replace for new keys of two different stored accounts', () => {
    const a = stored(totp(1));
    const b = stored(totp(4, 'GitHub', 'bob'));
    const rows = reviewScan(scanMany(totp(2), totp(5, 'GitHub', 'bob')), [a, b], undefined);
    expect(rows.map(defaultChoice)).toEqual(['replace', 'replace']);
  });

  it('pre-selects Keep both, saying so, when the page is on none of the stored account’s sites', () => {
    const a = stored(totp(1, 'GitLab', 'alice'), ['gitlab.example.org']);
    const [elsewhere] = reviewScan(scan(totp(2, 'GitLab', 'alice')), [a], 'https://gitlab.example.com/-/profile');
    expect(elsewhere?.match).toEqual({
      status: 'renewed',
      id: a.id,
      name: 'GitLab (alice)',
      by: 'name',
      keepBoth: 'sites-differ',
    });
    expect(elsewhere && defaultChoice(elsewhere)).toBe('both');
    // On one of its sites, or with no page or no sites to compare, Replace stays the default.
    for (const [sites, url] of [
      [['gitlab.example.org'], 'https://gitlab.example.org/-/profile'],
      [['gitlab.example.org'], undefined],
      [[], 'https://gitlab.example.com/-/profile'],
    ] as const) {
      const [row] = reviewScan(scan(totp(2, 'GitLab', 'alice')), [stored(totp(1, 'GitLab', 'alice'), [...sites])], url);
      expect(row && defaultChoice(row)).toBe('replace');
    }
  });

  it('sitesDiffer: only an http(s) page that none of the stored sites covers differs', () => {
    const a = stored(totp(1, 'GitLab', 'alice'), ['gitlab.example.org']);
    expect(sitesDiffer(a, 'https://gitlab.example.com/', ['gitlab.example.com'])).toBe(true);
    expect(sitesDiffer(a, 'https://gitlab.example.org/x', ['gitlab.example.org'])).toBe(false);
    expect(sitesDiffer(a, 'chrome-extension://abc/popup.html', [])).toBe(false);
  });
});
