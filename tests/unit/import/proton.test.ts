import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protonImporter } from '../../../lib/import/formats/proton';
import {
  ascii,
  english,
  expectRejectsOthers,
  failure,
  fixtureFile,
  hex,
  jsonFile,
  read,
  survives,
} from './other-formats';

// Fixtures: tests/fixtures/import/proton/make.mjs (SOURCE.md).
const file = () => fixtureFile('proton', 'proton.json');

describe('Proton Authenticator detection', () => {
  it('recognises the plain export and the password-protected one', () => {
    expect(protonImporter.detect(file())).toEqual({ encrypted: false });
    // The password-protected kind is read and decrypted (tests/unit/import/proton-encrypted.test.ts).
    expect(english(protonImporter.detect(fixtureFile('proton', 'proton-password.json')))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'argon2id', memoryBytes: 19 * 2 ** 20, iterations: 2 },
      variant: 'password-protected export',
    });
  });

  it('says no to other formats', () => {
    expectRejectsOthers(protonImporter, ['proton']);
    expect(protonImporter.detect(jsonFile({ version: 1, entries: [{ title: 'blog post' }] }))).toBe(false);
    expect(protonImporter.detect(jsonFile({ version: 1, salt: 'x', content: 'y', extra: 1 }))).toBe(false);
  });
});

describe('Proton Authenticator export', () => {
  it('reads each entry’s otpauth link, with its note, and Steam links', async () => {
    const { entries } = await read(protonImporter, file());
    expect(entries.map((e) => ({ ...e.params, secret: hex(e.params.secret), notes: e.notes }))).toEqual([
      {
        kind: 'totp',
        secret: ascii('12345678901234567890'),
        issuer: 'Example',
        account: 'alice@example.com',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        notes: 'Recovery codes are in the safe',
      },
      {
        kind: 'totp',
        secret: ascii('12345678901234567890123456789012'),
        issuer: 'Bänk 🏦',
        account: 'bob',
        algorithm: 'SHA256',
        digits: 8,
        period: 60,
        notes: '',
      },
      // No issuer parameter: the label is the account, the issuer stays empty.
      {
        kind: 'totp',
        secret: ascii('12345678901234567890'),
        issuer: '',
        account: 'carol',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        notes: '',
      },
      // steam://abcdefghijklmnopqrst: lower case, 20 characters = 12 whole bytes (the last 4 bits dropped);
      // the account name comes from the entry, since the link has no label.
      { kind: 'steam', secret: '00443214c74254b635cf8465', issuer: 'Steam', account: 'gaben', notes: '' },
    ]);
  });

  it('lists links it cannot read, and kinds Twofold does not do', async () => {
    const { problems } = await read(protonImporter, file());
    expect(english(problems)).toEqual([
      { index: 4, label: 'dave', message: expect.stringMatching(/base32/), unsupported: false },
      { index: 5, label: 'erin', message: expect.stringMatching(/motp/), unsupported: true },
    ]);
  });

  it('lists entries without a link', async () => {
    const { problems } = await read(
      protonImporter,
      jsonFile({
        version: 1,
        entries: [{ content: { entry_type: 'Totp', name: 'x' } }, { content: { uri: 42 } }, 'junk'],
      }),
    );
    expect(problems.map((p) => [p.index, p.label.english])).toEqual([
      [0, 'x'],
      [1, 'Entry 2'],
      [2, 'Entry 3'],
    ]);
  });

  it('asks for the password of a password-protected export, and refuses newer versions with what to do', async () => {
    const locked = await failure(read(protonImporter, fixtureFile('proton', 'proton-password.json')));
    expect(locked.code).toBe('needs-password');
    const json = JSON.parse(new TextDecoder().decode(file().bytes));
    const newer = await failure(read(protonImporter, jsonFile({ ...json, version: 2 })));
    expect(newer.code).toBe('newer-version');
    expect(newer.message).toMatch(/version 2/);
  });

  it('never throws anything but ImportError for odd entries', async () => {
    const entry = fc.record(
      {
        id: fc.string(),
        content: fc.oneof(
          fc.record(
            {
              uri: fc.oneof(
                fc.constantFrom(
                  'otpauth://totp/a?secret=JBSWY3DP',
                  'steam://JBSWY3DP',
                  'otpauth://hotp/a?secret=JBSWY3DP&counter=x',
                ),
                fc.string(),
                fc.anything(),
              ),
              entry_type: fc.oneof(fc.constantFrom('Totp', 'Steam'), fc.anything()),
              name: fc.anything(),
            },
            { requiredKeys: ['entry_type'] },
          ),
          fc.anything(),
        ),
        note: fc.anything(),
      },
      { requiredKeys: ['content'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(entry, fc.anything())), fc.anything(), async (entries, version) => {
        await survives(protonImporter, jsonFile({ version, entries }));
      }),
      { numRuns: 300 },
    );
  });
});
