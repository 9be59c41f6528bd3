import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeContent } from '../../../lib/enrol/describe-content';
import { scanHeadline } from '../../../lib/enrol/headline';
import { interpretScan } from '../../../lib/enrol/scan';
import { localize, setTranslator } from '../../../lib/i18n/translate';
import { encodeMigrationUris } from '../../../lib/otp/migration';
import type { OtpParams } from '../../../lib/otp/types';
import { catalogTranslator } from '../i18n/english';

const KEY = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const APP = 'https://apps.apple.com/app/example/id123';
const secret = (n: number) => new Uint8Array(20).fill(n);
const totp = (n: number, issuer: string): OtpParams => ({
  kind: 'totp',
  secret: secret(n),
  issuer,
  account: `u${n}`,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});

describe('interpretScan', () => {
  it('takes the two-factor code and lists the decoy with what it holds', () => {
    const out = interpretScan([APP, KEY]);
    expect(out.accounts).toHaveLength(1);
    expect(out.accounts[0]?.params).toMatchObject({ kind: 'totp', issuer: 'Example', account: 'alice' });
    expect(out.accounts[0]?.code).toBe(1);
    expect(out.otpTexts).toEqual([KEY]);
    expect(out.ignored.map((t) => t.english)).toEqual([`a web link: ${APP}`]);
    expect(out.problems).toEqual([]);
  });

  it('adds every account of a Google Authenticator export and records its batch', () => {
    const { uris } = encodeMigrationUris([totp(1, 'A'), totp(2, 'B'), totp(3, 'C')], { batchId: 77, perQr: 2 });
    const out = interpretScan([uris[0] as string]);
    expect(out.accounts.map((a) => a.params.issuer)).toEqual(['A', 'B']);
    expect(out.accounts.every((a) => a.from === 'migration')).toBe(true);
    expect(out.batches).toEqual([{ version: 1, size: 2, index: 0, id: 77 }]);
    expect(out.otpTexts).toEqual([uris[0]]);
  });

  it('reports a two-factor code it cannot use, with the parser’s reason, and keeps the others', () => {
    const out = interpretScan(['otpauth://totp/X:y?issuer=X', KEY]);
    expect(out.accounts).toHaveLength(1);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]?.message.english).toMatch(/^A two-factor QR code cannot be used: .*secret/i);
    expect(out.problems[0]?.code).toBe(0);
  });

  it('reports a damaged export instead of dropping it', () => {
    const out = interpretScan(['otpauth-migration://offline?data=%%%']);
    expect(out.accounts).toEqual([]);
    expect(out.problems[0]?.message.english).toMatch(/^A Google Authenticator export could not be read: /);
  });

  it('reads steam:// codes and is case-insensitive about schemes', () => {
    expect(interpretScan(['steam://JBSWY3DPEHPK3PXP']).accounts[0]?.params.kind).toBe('steam');
    expect(interpretScan(['OTPAUTH://totp/A:b?secret=JBSWY3DPEHPK3PXP']).accounts).toHaveLength(1);
  });

  it('never throws, whatever a QR code holds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .oneof(fc.string(), fc.constantFrom('otpauth://', 'otpauth-migration://offline?data=', 'steam://'))
            .chain((p) => fc.string().map((s) => `${p}${s}`)),
          { maxLength: 5 },
        ),
        (texts) => {
          const out = interpretScan(texts);
          expect(out.codes).toBe(texts.length);
          // Every code is accounted for: used, a problem, or ignored.
          const used = new Set([...out.accounts.map((a) => a.code), ...out.problems.map((p) => p.code)]);
          expect(used.size + out.ignored.length).toBeGreaterThanOrEqual(texts.length);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});

describe('describeContent', () => {
  it('says what a non-OTP code holds', () => {
    expect(describeContent('https://example.com/x').english).toBe('a web link: https://example.com/x');
    expect(describeContent('WIFI:T:WPA;S:home;P:secret;;').english).toBe('Wi-Fi network settings');
    expect(describeContent('BEGIN:VCARD\nFN:Bob\nEND:VCARD').english).toBe('a contact card');
    expect(describeContent('mailto:a@example.com').english).toBe('an e-mail address: mailto:a@example.com');
    expect(describeContent('tel:+4912345').english).toBe('a phone number: tel:+4912345');
    expect(describeContent('bitcoin:bc1qxyz').english).toBe('a payment request');
    expect(describeContent('hello\nworld').english).toBe('text: “hello world”');
    expect(describeContent('   ').english).toBe('an empty QR code');
  });

  it('cuts long contents by code points, never in the middle of one', () => {
    const long = `https://example.com/${'😀'.repeat(100)}`;
    const shown = describeContent(long, 30).english;
    expect(shown.startsWith('a web link: https://example.com/😀')).toBe(true);
    expect([...shown.slice('a web link: '.length)]).toHaveLength(30);
    expect(shown.endsWith('…')).toBe(true);
  });
});

describe('scanHeadline', () => {
  it('counts accounts, and says when they come from an export', () => {
    expect(scanHeadline(interpretScan([KEY]), 'tab', 1).english).toBe('Found 1 account.');
    const { uris } = encodeMigrationUris([totp(1, 'A'), totp(2, 'B')], { batchId: 1 });
    expect(scanHeadline(interpretScan(uris), 'tab', 2).english).toBe(
      'Found 2 accounts in a Google Authenticator export.',
    );
  });

  it('explains why nothing can be added', () => {
    expect(scanHeadline(interpretScan([]), 'tab', 0).english).toBe(
      'No QR code was found on the visible part of this page.',
    );
    expect(scanHeadline(interpretScan([]), 'region', 0).english).toBe('No QR code was found in the area you selected.');
    expect(scanHeadline(interpretScan([]), 'image', 0).english).toBe('No QR code was found in this picture.');
    expect(scanHeadline(interpretScan([APP]), 'tab', 0).english).toBe(
      `The QR code here is not a two-factor code: it holds a web link: ${APP}.`,
    );
    expect(scanHeadline(interpretScan([APP]), 'image', 0).english).toBe(
      `The QR code in this picture is not a two-factor code: it holds a web link: ${APP}.`,
    );
    expect(scanHeadline(interpretScan([APP, 'hi']), 'tab', 0).english).toBe(
      'None of the 2 QR codes here is a two-factor code.',
    );
    expect(
      scanHeadline(interpretScan(['otpauth://hotp/X?secret=JBSWY3DPEHPK3PXP&counter=x']), 'tab', 0).english,
    ).toMatch(/^A two-factor QR code cannot be used: /);
  });

  it('reads in the user’s language, with what a QR code holds said in that language too', () => {
    setTranslator(catalogTranslator('de'));
    try {
      expect(localize(scanHeadline(interpretScan([APP]), 'tab', 0))).toBe(
        `Der QR-Code hier ist kein Zwei-Faktor-Code, sondern ein Weblink: ${APP}.`,
      );
      expect(localize(scanHeadline(interpretScan([KEY, KEY.replace('alice', 'bob')]), 'tab', 2))).toBe(
        '2 Konten gefunden.',
      );
    } finally {
      setTranslator({ message: () => '', language: 'en' });
    }
  });
});
