import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protonPassImporter } from '../../../lib/import/formats/proton-pass';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { MAX_ENTRIES } from '../../../lib/limits';
import { english, expectRejectsOthers, failure, fixtureFile, jsonFile, read, survives, text } from './other-formats';
import { survivesCuts, survivesMutations } from './pm-fuzz';

// Fixtures: tests/fixtures/import/proton-pass/make.mjs (SOURCE.md).
const zip = () => fixtureFile('proton-pass', 'proton-pass.zip');
const json = () => fixtureFile('proton-pass', 'data.json');
const data = () => JSON.parse(new TextDecoder().decode(json().bytes));
const login = (name: string, totpUri: string, extra: Record<string, unknown> = {}) => ({
  itemId: name,
  state: 1,
  pinned: false,
  data: {
    type: 'login',
    metadata: { name, note: '' },
    content: { itemUsername: 'u', itemEmail: '', password: '', urls: [], totpUri },
    extraFields: [],
  },
  ...extra,
});
const exportOf = (items: unknown[]) => ({
  version: '1.21.0',
  userId: 'u',
  encrypted: false,
  vaults: { a: { name: 'V', items } },
});

describe('Proton Pass detection', () => {
  it('recognises the ZIP, its data.json alone, and the PGP-encrypted kinds', () => {
    expect(english(protonPassImporter.detect(zip()))).toEqual({ encrypted: false, variant: 'ZIP' });
    expect(protonPassImporter.detect(json())).toEqual({ encrypted: false });
    for (const name of ['proton-pass-pgp.zip', 'Proton Pass_export.pgp'])
      expect(english(protonPassImporter.detect(fixtureFile('proton-pass', name)))).toEqual({
        encrypted: false,
        variant: 'PGP-encrypted export',
      });
    expect(detectFormat('data.json', json().bytes).format).toBe('proton-pass');
    expect(detectFormat('Proton Pass_export.zip', zip().bytes).format).toBe('proton-pass');
  });

  it('recognises the CSV export by its header, old and new', () => {
    expect(english(protonPassImporter.detect(fixtureFile('proton-pass', 'proton-pass.csv')))).toEqual({
      encrypted: false,
      variant: 'CSV export',
    });
    const old = 'type,name,url,username,password,note,totp,createTime,modifyTime\n';
    expect(protonPassImporter.detect(sniffFile('p.csv', text(old)))).not.toBe(false);
    expect(detectFormat('p.csv', fixtureFile('proton-pass', 'proton-pass.csv').bytes).format).toBe('proton-pass');
    expect(protonPassImporter.detect(fixtureFile('bitwarden', 'bitwarden.csv'))).toBe(false);
    expect(protonPassImporter.detect(fixtureFile('1password-csv', '1password8.csv'))).toBe(false);
  });

  it('says no to other formats and other ZIPs', () => {
    expectRejectsOthers(protonPassImporter, []);
    expect(protonPassImporter.detect(fixtureFile('winauth', 'other.zip'))).toBe(false);
    expect(protonPassImporter.detect(fixtureFile('raivo', 'raivo-unencrypted.zip'))).toBe(false);
    expect(protonPassImporter.detect(jsonFile({ vaults: [] }))).toBe(false);
  });
});

describe('Proton Pass export', () => {
  it('reads login TOTPs and TOTP extra fields of every vault; counts trashed items and items without one', async () => {
    const { entries, problems, notices } = await read(protonPassImporter, json());
    expect(entries.map((e) => [e.params.issuer, e.params.account, e.groups, e.pinned])).toEqual([
      ['GitHub', 'alice@example.com', ['Personal'], true],
      ['Bänk 🏦', 'bob', ['Personal'], false],
      ['Backup', 'bob', ['Personal'], false],
      ['Bare key', 'dave', ['Personal'], false],
      ['東京', 'ユーザー', ['Arbeit ✓'], false],
    ]);
    expect(entries[0]?.notes).toBe('Recovery codes in the safe');
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(entries[2]?.params).toMatchObject({ algorithm: 'SHA512', digits: 6, period: 30 });
    // A bare key says nothing of algorithm, digits or period.
    expect(entries[3]?.carries).toEqual([]);
    expect(entries[4]?.params).toMatchObject({ digits: 7, period: 20 });
    expect(english(problems)).toMatchObject([{ index: 3, label: 'Broken (frank)', unsupported: false }]);
    expect(english(notices)).toEqual([
      '2 Proton Pass items have no one-time password (TOTP) and were left out: passwords, notes, cards and aliases are not accounts in Twofold.',
      '1 item in Proton Pass’s trash was left out. Restore it in Proton Pass and export again to import it.',
    ]);
  });

  it('reads the ZIP to the same accounts', async () => {
    expect(await read(protonPassImporter, zip())).toEqual(await read(protonPassImporter, json()));
  });

  it('reads exports from before 1.18, whose login name was `username`', async () => {
    const { entries } = await read(protonPassImporter, fixtureFile('proton-pass', 'proton-pass-1.17.json'));
    expect(entries.map((e) => [e.params.issuer, e.params.account])).toEqual([['GitHub', 'alice@example.com']]);
    const bare = await read(
      protonPassImporter,
      jsonFile({
        version: '1.17.0',
        userId: 'u',
        vaults: {
          a: {
            name: 'V',
            items: [
              {
                ...login('T', 'JBSWY3DPEHPK3PXP'),
                data: {
                  type: 'login',
                  metadata: { name: 'T' },
                  content: { username: 'old', totpUri: 'JBSWY3DPEHPK3PXP' },
                },
              },
            ],
          },
        },
      }),
    );
    expect(bare.entries.map((e) => [e.params.issuer, e.params.account])).toEqual([['T', 'old']]);
  });

  it('reads the CSV export: the login TOTP of each row, the vault as group, rows without one counted', async () => {
    const { entries, problems, notices } = await read(
      protonPassImporter,
      fixtureFile('proton-pass', 'proton-pass.csv'),
    );
    expect(entries.map((e) => [e.params.issuer, e.params.account, e.groups])).toEqual([
      ['GitHub', 'alice@example.com', ['Personal']],
      ['Bänk 🏦', 'bob', ['Personal']],
      ['Bare key', 'dave', ['Personal']],
      ['東京', 'ユーザー', ['Arbeit ✓']],
    ]);
    expect(entries[0]?.notes).toBe('Recovery codes, in the "safe"');
    expect(english(problems)).toMatchObject([{ index: 3, label: 'Broken (frank)', unsupported: false }]);
    expect(english(notices)).toEqual([
      '2 Proton Pass items have no one-time password (TOTP) and were left out: passwords, notes, cards and aliases are not accounts in Twofold.',
    ]);
    const open = sniffFile(
      'p.csv',
      text('type,name,url,username,password,note,totp,createTime,modifyTime\nlogin,"x\n'),
    );
    expect((await failure(read(protonPassImporter, open))).code).toBe('damaged');
  });

  it('refuses PGP-encrypted exports with what to do instead', async () => {
    for (const name of ['proton-pass-pgp.zip', 'Proton Pass_export.pgp']) {
      const refused = await failure(read(protonPassImporter, fixtureFile('proton-pass', name)));
      expect(refused.code).toBe('unsupported');
      expect(refused.message).toMatch(/without PGP encryption/);
    }
    const flagged = await failure(read(protonPassImporter, jsonFile({ ...data(), encrypted: true })));
    expect(flagged.code).toBe('unsupported');
  });

  it('calls a vault without an item list damaged, and a ZIP whose data.json is not JSON too', async () => {
    const broken = await failure(read(protonPassImporter, jsonFile({ ...data(), vaults: { a: { name: 'x' } } })));
    expect(broken.code).toBe('damaged');
    const bytes = zip().bytes;
    const cut = await survivesCuts(protonPassImporter, 'p.zip', bytes, {});
    expect(cut).not.toContain('read');
  });

  it('refuses more items than the cap', async () => {
    const file = jsonFile(exportOf(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => login(`n${i}`, ''))));
    expect((await failure(importFile(file.name, file.bytes))).code).toBe('too-many-entries');
  });
});

describe('Proton Pass under damage', () => {
  it('never throws anything but ImportError for cut, mutated or random files', async () => {
    expect(await survivesCuts(protonPassImporter, 'data.json', json().bytes, {})).not.toContain('read');
    await survivesMutations(protonPassImporter, 'data.json', json().bytes, {}, 80);
    await survivesMutations(protonPassImporter, 'proton-pass.zip', zip().bytes, {}, 80);
    const csv = fixtureFile('proton-pass', 'proton-pass.csv').bytes;
    await survivesCuts(protonPassImporter, 'p.csv', csv, {});
    await survivesMutations(protonPassImporter, 'p.csv', csv, {}, 60);
    await survives(protonPassImporter, sniffFile('x.pgp', text('-----BEGIN PGP MESSAGE-----\n\nxx')));
  });

  it('never throws anything but ImportError for odd items or huge strings', async () => {
    const item = fc.oneof(
      fc.anything(),
      fc.record({ state: fc.anything(), pinned: fc.anything(), data: fc.anything() }),
      fc.record({
        state: fc.constantFrom(1, 2, 3),
        data: fc.record({
          type: fc.constantFrom('login', 'note', 'alias'),
          metadata: fc.anything(),
          content: fc.record({ totpUri: fc.oneof(fc.string(), fc.constant('otpauth://totp/a?secret=JBSWY3DP')) }),
          extraFields: fc.array(fc.record({ type: fc.constantFrom('totp', 'text'), data: fc.anything() })),
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 8 }), async (items) => {
        await survives(protonPassImporter, jsonFile(exportOf(items)));
      }),
      { numRuns: 100 },
    );
    const huge = 'A'.repeat(2 ** 21);
    await survives(protonPassImporter, jsonFile(exportOf([login(huge, huge)])));
  });
});
