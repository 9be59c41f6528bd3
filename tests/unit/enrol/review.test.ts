import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildScanReply } from '../../../lib/enrol/reply';
import { describeParams, matchExisting, reviewScan } from '../../../lib/enrol/review';
import { interpretScan } from '../../../lib/enrol/scan';
import { encodeMigrationUris } from '../../../lib/otp/migration';
import type { OtpParams } from '../../../lib/otp/types';
import { formatOtpauthUri } from '../../../lib/otp/uri';
import type { Account } from '../../../lib/vault/account-data';

const secret = (n: number) => new Uint8Array(20).fill(n);
const totp = (n: number, issuer = 'GitHub', account = 'alice'): OtpParams => ({
  kind: 'totp',
  secret: secret(n),
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

describe('matchExisting (same key = same account)', () => {
  it('is new when no account has the key, even with the same names', () => {
    expect(matchExisting(totp(1), [stored(totp(2))])).toEqual({ status: 'new' });
  });

  it('is the same when key, parameters and names match', () => {
    const a = stored(totp(1));
    expect(matchExisting(totp(1), [a])).toEqual({ status: 'same', id: a.id, name: 'GitHub (alice)' });
  });

  it('is an update when the key matches and something else differs, listing what', () => {
    const a = stored(totp(1));
    const next: OtpParams = { ...totp(1, 'GitHub Inc.', 'alice'), digits: 8 } as OtpParams;
    const match = matchExisting(next, [a]);
    expect(match).toMatchObject({ status: 'changed', id: a.id, name: 'GitHub (alice)', paramsChanged: true });
    expect(match.status === 'changed' && match.differences.map((d) => d.english)).toEqual([
      'issuer “GitHub” → “GitHub Inc.”',
      'TOTP · SHA1 · 6 digits · every 30 s → TOTP · SHA1 · 8 digits · every 30 s',
    ]);
    expect(match.status === 'changed' && match.differences.map((d) => d.key)).toEqual([
      'core_difference_issuer',
      'core_difference_params',
    ]);
    // Only the names differ (the user renamed it, or the site did): not a change of the account itself.
    expect(matchExisting(totp(1, 'GitHub', 'alice@work'), [a])).toMatchObject({
      status: 'changed',
      paramsChanged: false,
    });
  });

  it('ignores an HOTP counter that has moved on since the code was first scanned', () => {
    const hotp: OtpParams = {
      kind: 'hotp',
      secret: secret(3),
      issuer: 'Bank',
      account: 'bob',
      algorithm: 'SHA1',
      digits: 6,
      counter: 0n,
    };
    const a = stored({ ...hotp, counter: 42n });
    expect(matchExisting(hotp, [a]).status).toBe('same');
  });
});

describe('reviewScan', () => {
  it('gives each account its canonical URI, a summary and the sites from the page and the issuer', () => {
    const out = reviewScan(
      interpretScan([formatOtpauthUri(totp(1, 'github.com'))]),
      [],
      'https://gist.github.com/settings',
    );
    expect(out).toHaveLength(1);
    expect(out[0]?.uri).toBe(formatOtpauthUri(totp(1, 'github.com')));
    expect(out[0]?.summary.english).toBe('TOTP · SHA1 · 6 digits · every 30 s');
    expect(out[0]?.sites).toEqual(['gist.github.com', 'github.com']);
    expect(
      reviewScan(interpretScan([formatOtpauthUri(totp(1, 'Example'))]), [], 'https://login.example.co.uk/2fa')[0]
        ?.sites,
    ).toEqual(['login.example.co.uk']);
    expect(
      reviewScan(interpretScan([formatOtpauthUri(totp(1, 'Example'))]), [], 'http://127.0.0.1:5173/signup')[0]?.sites,
    ).toEqual(['http://127.0.0.1:5173']);
    expect(reviewScan(interpretScan([formatOtpauthUri(totp(1, 'Example'))]), [], undefined)[0]?.sites).toEqual([]);
  });

  it('lists a key once when the page shows it twice (an export and a single code)', () => {
    const { uris } = encodeMigrationUris([totp(1)], { batchId: 5 });
    expect(reviewScan(interpretScan([...uris, formatOtpauthUri(totp(1))]), [], undefined)).toHaveLength(1);
  });

  it('describes every kind', () => {
    expect(describeParams({ kind: 'steam', secret: secret(1), issuer: 'Steam', account: '' }).english).toBe(
      'Steam Guard · 5 characters · every 30 s',
    );
    expect(
      describeParams({
        kind: 'hotp',
        secret: secret(1),
        issuer: '',
        account: '',
        algorithm: 'SHA512',
        digits: 8,
        counter: 7n,
      }).english,
    ).toBe('HOTP · SHA512 · 8 digits · counter 7');
  });
});

describe('buildScanReply', () => {
  it('tracks a multi-QR export across scans: "1 of 2", then complete', () => {
    const { uris } = encodeMigrationUris([totp(1, 'A'), totp(2, 'B'), totp(3, 'C')], { batchId: 9, perQr: 2 });
    const first = buildScanReply(interpretScan([uris[0] as string]), 'tab', undefined, [], {});
    expect(first.reply.batch?.text.english).toBe('1 of 2 codes scanned; still to scan: 2.');
    expect(first.reply.batch?.complete).toBe(false);
    const second = buildScanReply(interpretScan([uris[1] as string]), 'tab', undefined, [], first.batches);
    expect(second.reply.batch?.text.english).toBe('2 of 2 codes scanned.');
    expect(second.reply.batch?.complete).toBe(true);
    expect(second.reply.accounts.map((a) => a.issuer)).toEqual(['C']);
  });

  it('offers a region selection only for a whole-tab scan that found nothing usable', () => {
    expect(buildScanReply(interpretScan([]), 'tab', undefined, [], {}).reply.offerRegion).toBe(true);
    expect(buildScanReply(interpretScan(['https://x.example']), 'tab', undefined, [], {}).reply.offerRegion).toBe(true);
    expect(buildScanReply(interpretScan([]), 'region', undefined, [], {}).reply.offerRegion).toBe(false);
    expect(buildScanReply(interpretScan([formatOtpauthUri(totp(1))]), 'tab', undefined, [], {}).reply.offerRegion).toBe(
      false,
    );
  });

  it('keeps the page and every message for the confirmation', () => {
    const page = { url: 'https://github.com/settings/2fa', title: 'Two-factor' };
    const { reply } = buildScanReply(
      interpretScan(['https://apps.example', formatOtpauthUri(totp(1)), 'otpauth://totp/x']),
      'tab',
      page,
      [],
      {},
    );
    expect(reply.page).toEqual(page);
    expect(reply.codes).toBe(3);
    expect(reply.ignored.map((t) => t.english)).toEqual(['a web link: https://apps.example']);
    expect(reply.problems).toHaveLength(1);
    expect(reply.headline.english).toBe('Found 1 account.');
    expect(reply.headline.key).toBe('core_headline_found_one');
  });
});
