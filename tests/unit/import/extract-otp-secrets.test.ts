import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { ImportError } from '../../../lib/import/types';

/*
 * extract_otp_secrets' JSON and CSV (lib/import/formats/extract-otp-secrets.ts), on files the real tool wrote
 * (tests/fixtures/import/extract-otp-secrets/SOURCE.md).
 */
const DIR = 'tests/fixtures/import/extract-otp-secrets';
const bytes = (name: string) => new Uint8Array(readFileSync(`${DIR}/${name}`));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('extract_otp_secrets output', () => {
  it.each(['example.json', 'example.csv'])('%s: every account, with the names the tool recorded', async (name) => {
    const r = await importFile(name, bytes(name));
    expect(r.format).toBe('extract-otp-secrets');
    expect(r.problems).toEqual([]);
    const byName = new Map(r.entries.map((e) => [e.params.account, e.params]));
    expect([...byName.keys()].sort()).toEqual(
      ['Team: ops@example.org', 'Zoë Ünïcode', 'alice@example.com', 'bob', 'counter based'].sort(),
    );
    // The record's issuer is kept even when the name holds a colon: the app showed no issuer.
    expect(byName.get('Team: ops@example.org')?.issuer).toBe('');
    expect(byName.get('Zoë Ünïcode')?.issuer).toBe('Ärger GmbH');
    const hotp = byName.get('counter based');
    expect(hotp?.kind).toBe('hotp');
    expect(hotp?.kind === 'hotp' && hotp.counter).toBe(7n);
  });

  it('reads the separate fields when a record has no URL', async () => {
    const json = JSON.stringify([
      { name: 'carol', secret: 'JBSWY3DPEHPK3PXP', issuer: 'Acme', type: 'hotp', counter: 3, url: '' },
    ]);
    const r = await importFile('x.json', utf8(json));
    expect(r.entries[0]?.params).toMatchObject({ kind: 'hotp', issuer: 'Acme', account: 'carol', counter: 3n });
  });

  it('lists a record without a secret as a problem and imports the rest', async () => {
    const json = JSON.stringify([
      { name: 'a', secret: '', issuer: '', type: 'totp', counter: null, url: '' },
      { name: 'b', secret: 'JBSWY3DPEHPK3PXP', issuer: '', type: 'totp', counter: null, url: '' },
    ]);
    const r = await importFile('x.json', utf8(json));
    expect(r.entries.map((e) => e.params.account)).toEqual(['b']);
    expect(r.problems).toHaveLength(1);
  });

  it('claims only its own shapes: a JSON array without url, or another CSV header, is not it', () => {
    const other = JSON.stringify([{ name: 'a', secret: 'JBSWY3DPEHPK3PXP', issuer: '', type: 'totp' }]);
    expect(() => detectFormat('x.json', utf8(other))).toThrow(ImportError);
    expect(() => detectFormat('x.csv', utf8('name,secret,issuer\na,JBSWY3DPEHPK3PXP,b\n'))).toThrow(ImportError);
  });

  it('never fails with anything but an ImportError on mangled records', async () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('otpauth://totp/x?secret=%%'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: field, secret: field, issuer: field, type: field, counter: field, url: field }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (records) => {
          try {
            const r = await importFile('x.json', utf8(JSON.stringify(records)));
            expect(r.entries.length + r.problems.length).toBe(records.length);
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
