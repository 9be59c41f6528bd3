// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RecoverySheet } from '../../../components/RecoverySheet';
import { sheetEntries } from '../../../lib/export/sheet';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';
import { sampleAccount } from '../vault/fixtures';

afterEach(() => {
  document.body.replaceChildren();
  setTranslator(catalogTranslator('en'));
});

describe('the recovery sheet and used codes (issue 15, finding 4)', () => {
  const account = sampleAccount({
    recoveryCodes: [{ code: 'aaaa-1111', usedAt: 10 }, { code: 'bbbb-2222' }, { code: 'cccc-3333', usedAt: 20 }],
  });

  it('prints only unused codes and says how many were used', () => {
    const [entry] = sheetEntries([account]);
    expect(entry).toMatchObject({ recoveryCodes: ['bbbb-2222'], usedRecoveryCodes: 2 });
    for (const [lang, line] of [
      ['en', '2 recovery codes already used (not printed).'],
      ['de', '2 Wiederherstellungscodes bereits verwendet (nicht gedruckt).'],
    ] as const) {
      setTranslator(catalogTranslator(lang));
      const host = document.createElement('div');
      document.body.append(host);
      render(h(RecoverySheet, { entries: sheetEntries([account]), printedAt: '1/2/2026' }), host);
      expect([...host.querySelectorAll('.sheet-codes code')].map((c) => c.textContent)).toEqual(['bbbb-2222']);
      expect(host.querySelector('.sheet-used')?.textContent).toBe(line);
      expect(host.textContent).not.toContain('aaaa-1111');
      document.body.replaceChildren();
    }
  });

  it('leaves off codes filled and still waiting for a verdict, and superseded ones (issue 15)', () => {
    const a = sampleAccount({
      recoveryCodes: [{ code: 'new1-0001' }, { code: 'new2-0002' }, { code: 'old1-0001', supersededAt: 30 }],
    });
    const [entry] = sheetEntries([a], [{ accountId: a.id, code: 'new1-0001' }]);
    expect(entry).toMatchObject({ recoveryCodes: ['new2-0002'], usedRecoveryCodes: 0 });
    // Another account's pending code of the same spelling does not hide this one.
    expect(sheetEntries([a], [{ accountId: 'other', code: 'new1-0001' }])[0]?.recoveryCodes).toEqual([
      'new1-0001',
      'new2-0002',
    ]);
  });

  it('says nothing about used codes when none was used', () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(
      h(RecoverySheet, { entries: sheetEntries([sampleAccount({ recoveryCodes: [{ code: 'x1' }] })]), printedAt: '' }),
      host,
    );
    expect(host.querySelector('.sheet-used')).toBeNull();
  });
});
