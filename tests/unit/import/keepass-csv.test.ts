import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { ImportError } from '../../../lib/import/types';

/*
 * CSV with KeePass's OTP field names as columns (lib/import/formats/keepass-csv.ts), on the files
 * extract_otp_secrets itself wrote (tests/fixtures/import/extract-otp-secrets/SOURCE.md) and on hand-made rows.
 */
const DIR = 'tests/fixtures/import/extract-otp-secrets';
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('KeePass CSV', () => {
  it('reads extract_otp_secrets --keepass output: title is the issuer, user name the account, group kept', async () => {
    const r = await importFile('keepass.totp.csv', new Uint8Array(readFileSync(`${DIR}/keepass.totp.csv`)));
    expect(r.format).toBe('keepass-csv');
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.params.issuer, e.params.account, e.params.kind])).toContainEqual([
      'Ärger GmbH',
      'Zoë Ünïcode',
      'totp',
    ]);
    expect(r.entries.every((e) => e.groups.join() === 'OTP/TOTP')).toBe(true);
    const h = await importFile('keepass.hotp.csv', new Uint8Array(readFileSync(`${DIR}/keepass.hotp.csv`)));
    expect(h.entries[0]?.params).toMatchObject({ kind: 'hotp', account: 'counter based', counter: 7n });
  });

  it('honours algorithm, length and period columns, and lists a bad secret as a problem', async () => {
    const csv = [
      'Title,User Name,TimeOtp-Secret-Base32,TimeOtp-Algorithm,TimeOtp-Length,TimeOtp-Period,Notes',
      'Acme,ann,JBSWY3DPEHPK3PXP,HMAC-SHA-256,8,60,hello',
      'Bad,bob,not*base32!,,,,',
    ].join('\n');
    const r = await importFile('k.csv', utf8(csv));
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.params).toMatchObject({ issuer: 'Acme', algorithm: 'SHA256', digits: 8, period: 60 });
    expect(r.entries[0]?.notes).toBe('hello');
    expect(r.problems).toHaveLength(1);
  });

  it('claims only CSVs with a KeePass OTP secret column', () => {
    expect(() => detectFormat('x.csv', utf8('Title,User Name,Password\na,b,c\n'))).toThrow(ImportError);
    expect(detectFormat('x.csv', utf8('Title,HmacOtp-Secret-Hex,HmacOtp-Counter\na,3132,1\n')).format).toBe(
      'keepass-csv',
    );
  });

  it('never throws anything but an ImportError on random rows', async () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('JBSWY3DPEHPK3PXP', 'HMAC-SHA-512', '0', '-1', '99999999999'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { maxLength: 6 }), async (rows) => {
        const quote = (c: string) => `"${c.replaceAll('"', '""')}"`;
        const csv = [
          'Title,User Name,TimeOtp-Secret-Base32,TimeOtp-Algorithm,TimeOtp-Length,TimeOtp-Period',
          ...rows.map((r) => r.map(quote).join(',')),
        ].join('\n');
        try {
          await importFile('k.csv', utf8(csv));
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
      { numRuns: 150 },
    );
  });
});
