import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onePasswordImporter } from '../../../lib/import/formats/onepassword';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { MAX_ENTRIES } from '../../../lib/limits';
import { english, expectRejectsOthers, failure, fixtureFile, jsonFile, read, survives } from './other-formats';
import { survivesCuts, survivesMutations } from './pm-fuzz';

// Fixtures: tests/fixtures/import/1password/make.mjs (SOURCE.md).
const pux = () => fixtureFile('1password', '1PasswordExport-ACCOUNT1-20250131-120000.1pux');
const data = () => fixtureFile('1password', 'export.data');
const item = (totp: unknown, extra: Record<string, unknown> = {}) => ({
  uuid: 'x',
  state: 'active',
  categoryUuid: '001',
  overview: { title: 'T' },
  details: { loginFields: [], sections: [{ fields: [{ title: 'one-time password', value: { totp } }] }] },
  ...extra,
});
const exportOf = (items: unknown[]) => ({
  accounts: [{ attrs: { name: 'A' }, vaults: [{ attrs: { name: 'V' }, items }] }],
});

describe('1Password .1pux detection', () => {
  it('recognises the .1pux ZIP and its export.data alone', () => {
    expect(english(onePasswordImporter.detect(pux()))).toEqual({ encrypted: false, variant: '1PUX' });
    expect(english(onePasswordImporter.detect(data()))).toEqual({ encrypted: false, variant: 'export.data' });
    expect(detectFormat('x.1pux', pux().bytes).format).toBe('1password');
    expect(detectFormat('export.data', data().bytes).format).toBe('1password');
  });

  it('says no to other formats and other ZIPs', () => {
    expectRejectsOthers(onePasswordImporter, []);
    expect(onePasswordImporter.detect(fixtureFile('winauth', 'other.zip'))).toBe(false);
    expect(onePasswordImporter.detect(fixtureFile('proton-pass', 'proton-pass.zip'))).toBe(false);
    expect(onePasswordImporter.detect(jsonFile({ accounts: [{ issuerName: 'x', secret: 'JBSWY3DP' }] }))).toBe(false);
  });
});

describe('1Password .1pux export', () => {
  it('reads every one-time password of every account and vault; counts items without one', async () => {
    const { entries, problems, notices } = await read(onePasswordImporter, pux());
    expect(entries.map((e) => [e.params.issuer, e.params.account, e.groups, e.pinned])).toEqual([
      ['GitHub', 'alice@example.com', ['Personal', 'dev'], true],
      ['Bänk 🏦', 'bob', ['Personal'], false],
      ['Bänk 🏦', 'bob', ['Personal'], false],
      ['Archived service', 'carol', ['Personal'], false],
      ['東京', 'ユーザー', ['Arbeit ✓'], false],
    ]);
    expect(entries[0]?.notes).toBe('Recovery codes in the safe');
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    // The bare key (spaced in fours) is a key and nothing more.
    expect(entries[2]?.params.secret).toHaveLength(10);
    expect(entries[2]?.carries).toEqual([]);
    expect(english(entries[3]?.warnings)).toEqual(['This item is archived in 1Password.']);
    expect(entries[4]?.params).toMatchObject({ algorithm: 'SHA512', digits: 7, period: 20 });
    expect(english(problems)).toMatchObject([{ index: 3, label: 'Broken (frank)', unsupported: false }]);
    expect(english(notices)).toEqual([
      '2 1Password items have no one-time password and were left out: passwords, notes, cards and identities are not accounts in Twofold.',
    ]);
  });

  it('reads export.data alone to the same accounts', async () => {
    expect(await read(onePasswordImporter, data())).toEqual(await read(onePasswordImporter, pux()));
  });

  it('leaves out (and counts) items neither active nor archived', async () => {
    const uri = 'otpauth://totp/S:u?secret=JBSWY3DPEHPK3PXP&issuer=S';
    const { entries, notices } = await read(
      onePasswordImporter,
      jsonFile(
        exportOf([
          item(uri),
          item(uri, { state: 'deleted' }),
          item(uri, { state: undefined }),
          item(uri, { state: undefined, trashed: true }),
          item(uri, { state: undefined, trashed: false }),
        ]),
      ),
    );
    expect(entries).toHaveLength(3);
    expect(english(notices)).toEqual([
      '2 1Password items were left out because they are deleted (neither active nor archived).',
    ]);
  });

  it('calls a .1pux whose export.data is not JSON damaged, saying how to export again', async () => {
    const damaged = await failure(read(onePasswordImporter, fixtureFile('1password', 'damaged.1pux')));
    expect(damaged.code).toBe('damaged');
    expect(damaged.message).toMatch(/1PUX/);
    expect((await failure(read(onePasswordImporter, jsonFile({ accounts: [{ attrs: {}, vaults: [{}] }] })))).code).toBe(
      'damaged',
    );
  });

  it('refuses more items than the cap', async () => {
    const file = jsonFile(exportOf(Array.from({ length: MAX_ENTRIES + 1 }, () => ({}))));
    expect((await failure(importFile('export.data', file.bytes))).code).toBe('too-many-entries');
  });
});

describe('1Password .1pux under damage', () => {
  it('never throws anything but ImportError for cut, mutated or random files', async () => {
    expect(await survivesCuts(onePasswordImporter, 'x.1pux', pux().bytes, {})).not.toContain('read');
    await survivesMutations(onePasswordImporter, 'x.1pux', pux().bytes, {}, 80);
    await survivesMutations(onePasswordImporter, 'export.data', data().bytes, {}, 80);
  });

  it('never throws anything but ImportError for odd items or huge strings', async () => {
    const odd = fc.oneof(
      fc.anything(),
      fc.record({ state: fc.anything(), overview: fc.anything(), details: fc.anything(), favIndex: fc.anything() }),
      fc.record({
        state: fc.constantFrom('active', 'archived', 'x'),
        details: fc.record({
          loginFields: fc.array(fc.record({ designation: fc.constantFrom('username', 'x'), value: fc.anything() })),
          sections: fc.array(fc.record({ fields: fc.array(fc.record({ value: fc.record({ totp: fc.anything() }) })) })),
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(odd, { maxLength: 8 }), async (items) => {
        await survives(onePasswordImporter, jsonFile(exportOf(items)));
      }),
      { numRuns: 60 },
    );
    const huge = 'A'.repeat(2 ** 20);
    await survives(onePasswordImporter, jsonFile(exportOf([item(huge, { overview: { title: huge } })])));
  });
});
