import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onePasswordCsvImporter } from '../../../lib/import/formats/onepassword-csv';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { MAX_LINES } from '../../../lib/limits';
import { english, expectRejectsOthers, failure, fixtureFile, read, survives, text } from './other-formats';
import { survivesCuts, survivesMutations } from './pm-fuzz';

// Fixtures: tests/fixtures/import/1password-csv/make.mjs (SOURCE.md).
const v8 = () => fixtureFile('1password-csv', '1password8.csv');
const v8b = () => fixtureFile('1password-csv', '1password8-2024.csv');
const csv = (s: string) => sniffFile('export.csv', text(s));
const KEEPASSXC = '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n';

describe('1Password CSV detection', () => {
  it('recognises both column sets of 1Password 8 and a picked set of 1Password 7', () => {
    for (const file of [v8(), v8b(), csv('Title,Username,One-time password\n')])
      expect(english(onePasswordCsvImporter.detect(file))).toEqual({ encrypted: false, variant: 'CSV export' });
    expect(detectFormat('1password8.csv', v8().bytes).format).toBe('1password-csv');
  });

  it('claims neither Bitwarden’s nor KeePassXC’s CSV, nor a CSV without a one-time-password column', () => {
    expectRejectsOthers(onePasswordCsvImporter, []);
    expect(onePasswordCsvImporter.detect(fixtureFile('bitwarden', 'bitwarden.csv'))).toBe(false);
    expect(onePasswordCsvImporter.detect(csv(KEEPASSXC))).toBe(false);
    expect(onePasswordCsvImporter.detect(csv('Title,Url,Username,Password,Notes\n'))).toBe(false);
    expect(onePasswordCsvImporter.detect(csv('OTPAuth\notpauth://totp/a?secret=JBSWY3DP\n'))).toBe(false);
  });
});

describe('1Password CSV export', () => {
  it('reads the one-time password of each row; archived rows are flagged, rows without one counted', async () => {
    const { entries, problems, notices } = await read(onePasswordCsvImporter, v8());
    expect(entries.map((e) => [e.params.issuer, e.params.account, e.groups, e.pinned])).toEqual([
      ['GitHub', 'alice@example.com', ['dev', 'work'], true],
      ['Bänk 🏦', 'bob', [], false],
      ['Bare key', 'dave', [], false],
      ['Archived service', 'carol', [], false],
      ['東京', 'ユーザー', [], false],
    ]);
    expect(entries[0]?.notes).toBe('Recovery codes:\nin the "safe"');
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(entries[2]?.carries).toEqual([]);
    expect(english(entries[3]?.warnings)).toEqual(['This item is archived in 1Password.']);
    expect(entries[4]?.params).toMatchObject({ algorithm: 'SHA512', digits: 7, period: 20 });
    expect(english(problems)).toMatchObject([{ index: 5, label: 'Broken (frank)', unsupported: false }]);
    expect(english(notices)).toEqual([
      '1 1Password item has no one-time password and was left out: passwords, notes, cards and identities are not accounts in Twofold.',
    ]);
  });

  it('reads the later column names to the same accounts', async () => {
    expect(await read(onePasswordCsvImporter, v8b())).toEqual(await read(onePasswordCsvImporter, v8()));
  });

  it('calls a quote left open damaged, and refuses more lines than the cap', async () => {
    const open = await failure(
      read(onePasswordCsvImporter, csv('Title,OTPAuth\n"GitHub,"otpauth://totp/a?secret=JBSWY3DP\n')),
    );
    expect(open.code).toBe('damaged');
    const long = `Title,OTPAuth\n${'a,JBSWY3DP\n'.repeat(MAX_LINES + 1)}`;
    expect((await failure(importFile('x.csv', text(long)))).code).toBe('too-many-lines');
  });
});

describe('1Password CSV under damage', () => {
  it('never throws anything but ImportError for cut, mutated or odd files', async () => {
    await survivesCuts(onePasswordCsvImporter, 'x.csv', v8().bytes, {});
    await survivesMutations(onePasswordCsvImporter, 'x.csv', v8().bytes, {}, 100);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.string(), { maxLength: 6 }), { maxLength: 10 }), async (rows) => {
        const body = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\n');
        await survives(onePasswordCsvImporter, csv(`Title,Username,OTPAuth,Archived\n${body}`));
      }),
      { numRuns: 100 },
    );
  });
});
