import { afterEach, describe, expect, it } from 'vitest';
import { backupReminder } from '../../../lib/backup/reminder';
import { localize, setTranslator } from '../../../lib/i18n/translate';
import { sampleAccount } from '../vault/fixtures';
import { catalogTranslator } from './english';

afterEach(() => setTranslator(catalogTranslator('en')));

const accounts = (n: number) => Array.from({ length: n }, () => sampleAccount());

describe('counted messages from lib/ use the reader’s plural rules (docs/i18n.md)', () => {
  it('the backup reminder says 1, 2 and 5 accounts in Polish with its own forms', () => {
    setTranslator(catalogTranslator('pl'));
    expect(localize(backupReminder(accounts(1), undefined, true).message)).toMatch(/^1 konto nie ma/);
    expect(localize(backupReminder(accounts(2), undefined, true).message)).toMatch(/^2 konta nie mają/);
    // Polish 5 is CLDR "many", which an English one/other choice never reaches.
    expect(localize(backupReminder(accounts(5), undefined, true).message)).toMatch(/^5 kont nie ma/);
    expect(localize(backupReminder(accounts(5), 0, true).message)).toBe('Od ostatniej kopii zapasowej dodano 5 kont.');
  });

  it('the backup reminder for one account is Japanese, not the English fallback', () => {
    setTranslator(catalogTranslator('ja'));
    expect(localize(backupReminder(accounts(1), 0, true).message)).toBe(
      '前回のバックアップ以降に 1 件のアカウントが追加されました。',
    );
    expect(localize(backupReminder(accounts(1), undefined, true).message)).toMatch(/^1 件のアカウントがまだ/);
  });
});
