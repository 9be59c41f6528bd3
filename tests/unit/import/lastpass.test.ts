import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastPassImporter } from '../../../lib/import/formats/lastpass';
import { ascii, english, expectRejectsOthers, fixtureFile, hex, jsonFile, read, survives } from './other-formats';

// Fixture: tests/fixtures/import/lastpass/make.mjs (SOURCE.md).
const file = () => fixtureFile('lastpass', 'lastpass.json');

describe('LastPass Authenticator detection', () => {
  it('recognises the export, also with no accounts', () => {
    expect(lastPassImporter.detect(file())).toEqual({ encrypted: false });
    expect(lastPassImporter.detect(jsonFile({ version: 3, localDeviceId: 'x', accounts: [], folders: [] }))).toEqual({
      encrypted: false,
    });
  });

  it('says no to other formats', () => {
    expectRejectsOthers(lastPassImporter, ['lastpass']);
    expect(lastPassImporter.detect(jsonFile({ accounts: [] }))).toBe(false);
    expect(lastPassImporter.detect(jsonFile({ accounts: [{ name: 'x', balance: 3 }] }))).toBe(false);
  });
});

describe('LastPass Authenticator export', () => {
  it('reads accounts with their algorithm, digits, time step, favourite and folder', async () => {
    const { entries } = await read(lastPassImporter, file());
    expect(
      entries.map((e) => ({ ...e.params, secret: hex(e.params.secret), pinned: e.pinned, groups: e.groups })),
    ).toEqual([
      {
        kind: 'totp',
        secret: ascii('12345678901234567890'),
        issuer: 'Example',
        account: 'alice@example.com',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        pinned: true,
        // The built-in "Favorites" folder is expressed by pinned, not as a group.
        groups: [],
      },
      {
        kind: 'totp',
        secret: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
        issuer: 'Bänk 🏦',
        account: 'bob',
        algorithm: 'SHA512',
        digits: 8,
        period: 60,
        pinned: false,
        groups: ['Money'],
      },
      // No issuer; a lower-case secret with spaces; the built-in "Other accounts" folder is no group.
      {
        kind: 'totp',
        secret: ascii('12345678901234567890'),
        issuer: '',
        account: 'carol',
        algorithm: 'SHA256',
        digits: 6,
        period: 30,
        pinned: false,
        groups: [],
      },
    ]);
  });

  it('lists an account whose secret is not base32', async () => {
    const { problems } = await read(lastPassImporter, file());
    expect(english(problems)).toEqual([
      { index: 3, label: 'Broken (dave)', message: expect.stringMatching(/base32/), unsupported: false },
    ]);
  });

  it('lists accounts with no secret, odd digits or an unknown algorithm', async () => {
    const { entries, problems } = await read(
      lastPassImporter,
      jsonFile({
        version: 3,
        localDeviceId: 'x',
        accounts: [
          { issuerName: 'A', userName: 'a', timeStep: 30 },
          { issuerName: 'B', userName: 'b', secret: 'JBSWY3DP', timeStep: 30, digits: 12 },
          { issuerName: 'C', userName: 'c', secret: 'JBSWY3DP', timeStep: 30, algorithm: 'MD5' },
          { issuerName: 'D', userName: 'd', secret: 'JBSWY3DP', timeStep: 30 },
        ],
      }),
    );
    expect(entries.map((e) => e.params.issuer)).toEqual(['D']);
    expect(problems.map((p) => [p.label.english, p.unsupported])).toEqual([
      ['A (a)', false],
      ['B (b)', false],
      ['C (c)', true],
    ]);
  });

  it('never throws anything but ImportError for odd account lists', async () => {
    const account = fc.record(
      {
        issuerName: fc.anything(),
        userName: fc.anything(),
        secret: fc.oneof(fc.constantFrom('JBSWY3DP', ''), fc.string(), fc.anything()),
        timeStep: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.anything()),
        digits: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.anything()),
        algorithm: fc.oneof(fc.constantFrom('SHA1', 'SHA256', 'sha512', 'MD5'), fc.anything()),
        isFavorite: fc.anything(),
        folderData: fc.anything(),
      },
      { requiredKeys: ['secret', 'issuerName'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(account, fc.anything())), fc.anything(), async (accounts, folders) => {
        await survives(lastPassImporter, jsonFile({ version: 3, localDeviceId: 'x', accounts, folders }));
      }),
      { numRuns: 300 },
    );
  });
});
