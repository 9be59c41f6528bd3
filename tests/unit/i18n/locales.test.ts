import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCALE,
  KEY_RE,
  LOCALES,
  localeProblems,
  readLocale,
  STRAY_DOLLAR,
  toMessagesJson,
} from '../../../scripts/locales';
import { ROOT } from './english';

// Every language must say everything English says, with the same substitutions: a key missing in
// one locale would show a person an empty string or a raw key (docs/i18n.md).
const en = readLocale(ROOT, DEFAULT_LOCALE);
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

describe('message catalogs', () => {
  it('English has messages, with well-formed keys and only $1…$9 as substitutions', () => {
    expect(Object.keys(en.messages).length).toBeGreaterThan(0);
    for (const [key, text] of Object.entries(en.messages)) {
      expect(key, key).toMatch(KEY_RE);
      expect(text.trim(), key).not.toBe('');
      expect(text, `${key}: a stray $ (only $1…$9 are substitutions)`).not.toMatch(STRAY_DOLLAR);
    }
  });

  it('keys are prefixed with the area file they live in', () => {
    for (const [key, file] of Object.entries(en.origin))
      expect(key.startsWith(`${file.replace(/\.json$/, '')}_`), key).toBe(true);
  });

  it('plural messages have both the "one" and "other" forms', () => {
    const bases = new Set(
      Object.keys(en.messages)
        .filter((k) => PLURAL_SUFFIX.test(k))
        .map((k) => k.replace(PLURAL_SUFFIX, '')),
    );
    for (const base of bases) {
      expect(en.messages, base).toHaveProperty(`${base}_one`);
      expect(en.messages, base).toHaveProperty(`${base}_other`);
    }
  });

  for (const lang of LOCALES.filter((l) => l !== DEFAULT_LOCALE)) {
    it(`${lang} says everything English says, with the same substitutions and plural forms`, () => {
      const other = readLocale(ROOT, lang);
      expect(localeProblems(en.messages, other.messages, lang)).toEqual([]);
      for (const [key, file] of Object.entries(other.origin))
        if (key in en.origin) expect(file, key).toBe(en.origin[key]);
    });
  }

  it('a missing key, a dropped substitution, a missing plural form or an empty message is reported', () => {
    const english = { a_x: 'Hello $1.', a_n_one: '$1 thing', a_n_other: '$1 things', a_y: 'Bye.' };
    expect(localeProblems(english, { ...english }, 'fr')).toEqual([]);
    expect(localeProblems(english, { a_x: 'Bonjour.', a_n_other: '$1 choses', a_y: ' ', a_z: 'Extra' }, 'fr')).toEqual([
      'fr: a_z is not in English',
      'fr: missing a_n_one',
      'fr: a_x substitutes $, English $1',
      'fr: a_y is empty',
    ]);
    expect(
      localeProblems(english, { ...english, a_y: 'US$ 5', a_x: 'Hallo $1.', a_n_other: '$10 Dinge' }, 'de'),
    ).toEqual(['de: a_n_other has a $ that is not $1…$9', 'de: a_y has a $ that is not $1…$9']);
    const { a_y: _, ...withoutY } = english;
    expect(localeProblems(english, withoutY, 'de')).toEqual(['de: missing a_y']);
  });

  it('builds the browsers’ messages.json with placeholders for substitutions', () => {
    const json = JSON.parse(toMessagesJson({ a_b: 'Hi $1, $2 and $1.', a_c: 'Plain.' }));
    expect(json.a_b).toEqual({
      message: 'Hi $P1$, $P2$ and $P1$.',
      placeholders: { p1: { content: '$1' }, p2: { content: '$2' } },
    });
    expect(json.a_c).toEqual({ message: 'Plain.' });
  });

  it('the manifest names and describes the extension through the catalog', () => {
    const config = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    for (const m of config.matchAll(/__MSG_([a-z0-9_]+)__/g)) expect(en.messages, m[1]).toHaveProperty(m[1] as string);
  });
});

describe('every English message is used', () => {
  it('by its key, its plural base, or a key the code builds from a written prefix', () => {
    const files = execFileSync('git', ['ls-files', 'components', 'entrypoints', 'lib', 'platform', 'wxt.config.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => /\.(ts|tsx|html)$/.test(f));
    const source = files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    // Keys assembled at run time: `core_record_invalid_${what}`, `${base}_${rule}`.
    const prefixes = [...source.matchAll(/[`'"]([a-z][a-z0-9_]*_)\$\{/g)].map((m) => m[1] as string);
    const unused = Object.keys(en.messages).filter((key) => {
      const base = key.replace(PLURAL_SUFFIX, '');
      return !source.includes(key) && !source.includes(`'${base}'`) && !prefixes.some((p) => key.startsWith(p));
    });
    expect(unused).toEqual([]);
  });
});
