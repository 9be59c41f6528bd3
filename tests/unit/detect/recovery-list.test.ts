// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecoveryLists, looksLikeCodes } from '../../../lib/detect/recovery-list';
import { isVisibleForTests, parsePage } from './helpers';

/*
 * Recovery codes shown on a page (docs/architecture.md "Recovery codes"). The fixtures are our own pages written after
 * the markup of unrelated real products: django-two-factor-auth's backup_tokens.html (<ul><li>token), Rodauth's
 * add-recovery-codes.str (<pre id="recovery-codes">, blank lines between codes), a two-column table, and pages in
 * German, French (a read-only textarea) and Spanish.
 */
const FIXTURES = join(__dirname, '../../fixtures/recovery-lists');
const page = (file: string) => parsePage(readFileSync(join(FIXTURES, file), 'utf8'));
const lists = (file: string) => findRecoveryLists(page(file), isVisibleForTests);

describe('findRecoveryLists', () => {
  it('django-two-factor-auth: "Backup Tokens", one token per <li>', () => {
    const [list, ...rest] = lists('django-backup-tokens.html');
    expect(rest).toEqual([]);
    expect(list?.anchor.tagName).toBe('UL');
    expect(list?.codes).toHaveLength(10);
    expect(list?.codes[0]).toBe('q3vd7kzp');
    expect(list?.codes[9]).toBe('w2dq4ebr');
  });

  it('Rodauth: a <pre id="recovery-codes"> with blank lines between codes', () => {
    const [list] = lists('rodauth-recovery-codes.html');
    expect(list?.anchor.id).toBe('recovery-codes');
    expect(list?.codes).toEqual([
      'Rk3vJ8qLm2Zt_xP0aNcW4g',
      '9bYdE1uHs6Tq-oKfV7rM2w',
      'Lp5nC8xGz3Wj_aQe0tUy6b',
      'Hs2mV9kRd4Nc-fXp7gBq1z',
      'Ty6wE3jLa8Pv_rMk5nDc0s',
    ]);
  });

  it('a two-column table of grouped codes, the words in the section above', () => {
    const [list] = lists('table-two-columns.html');
    expect(list?.anchor.tagName).toBe('TABLE');
    expect(list?.codes).toEqual([
      '4a91 c07e 2d3f',
      '8be2 61fa 930c',
      'f053 7b28 e4d1',
      '1c6e 9a05 b7f2',
      '6d8f 2e40 a1b3',
      'e7c2 5f19 08da',
    ]);
  });

  it('in German, French (a read-only textarea) and Spanish', () => {
    expect(lists('de-wiederherstellungscodes.html')[0]?.codes).toEqual([
      '7HQ2-KX9M',
      'P4ZT-8WNC',
      'R6JD-3VLS',
      'M9FB-2QYE',
      'C5GU-7KTA',
      'W3XN-6PRH',
    ]);
    expect(lists('fr-codes-de-secours.html')[0]?.codes).toEqual([
      '31594027',
      '86230571',
      '40978312',
      '72615843',
      '59307164',
    ]);
    expect(lists('es-codigos-de-recuperacion.html')[0]?.codes).toHaveLength(5);
  });

  it('finds nothing in menus, dates, order numbers under their own heading, a link "Use a recovery code", or 3 codes', () => {
    expect(lists('negatives.html')).toEqual([]);
  });

  it('leaves out a list a person cannot see', () => {
    expect(lists('hidden-details.html')).toEqual([]);
    expect(findRecoveryLists(page('hidden-details.html'))).toHaveLength(1);
  });

  it('needs the words: the same codes under an unrelated heading are not a recovery list', () => {
    const doc = parsePage(
      '<h2>Licence keys</h2><ul><li>kq7m-x2pd</li><li>t9vn-h4rc</li><li>b3zw-m8fj</li><li>p6ls-q1ye</li></ul>',
    );
    expect(findRecoveryLists(doc)).toEqual([]);
  });
});

describe('looksLikeCodes', () => {
  it('takes one set of random codes and refuses words, mixed lengths and too few or too many', () => {
    expect(looksLikeCodes(['kq7m-x2pd', 't9vn-h4rc', 'b3zw-m8fj', 'p6ls-q1ye'])).toBe(true);
    expect(looksLikeCodes(['Settings', 'Security', 'Profile', 'Billing'])).toBe(false);
    expect(looksLikeCodes(['kq7m-x2pd', 't9vn', 'b3zw-m8fj-99xx-aa', 'p6ls-q1ye'])).toBe(false);
    expect(looksLikeCodes(['kq7m-x2pd', 't9vn-h4rc', 'b3zw-m8fj'])).toBe(false);
    expect(looksLikeCodes(Array.from({ length: 33 }, (_, i) => `code${String(i).padStart(4, '0')}`))).toBe(false);
    expect(looksLikeCodes(['a b c d e f g', 'kq7m-x2pd', 't9vn-h4rc', 'b3zw-m8fj'])).toBe(false);
  });
});
