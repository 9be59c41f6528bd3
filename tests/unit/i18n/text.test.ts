import { afterEach, describe, expect, it } from 'vitest';
import { TwofoldError } from '../../../lib/errors';
import { fill, isText, textsOf } from '../../../lib/i18n/text';
import { localize, messageOf, setTranslator, t, tn } from '../../../lib/i18n/translate';
import type { Translator } from '../../../lib/i18n/translator';
import { catalogTranslator } from './english';

/** A translator over a hand-written catalog, in a given language (for plural rules). */
function fake(language: string, messages: Record<string, string>): Translator {
  return { language, message: (key, subs) => (key in messages ? fill(messages[key] ?? '', subs) : '') };
}

const en = {
  x_found_one: '$1 account found.',
  x_found_other: '$1 accounts found.',
  x_bad: 'The value “$1” is wrong: $2',
  x_reason: 'too short',
} as const;
const text = textsOf(en);

afterEach(() => setTranslator(catalogTranslator('en')));

describe('Text (lib/i18n/text.ts)', () => {
  it('fills $1…$9 and leaves a missing substitution empty', () => {
    expect(fill('$1-$2-$1 $3', ['a', 'b'])).toBe('a-b-a ');
  });

  it('renders nested texts and numbers in English', () => {
    const t1 = text('x_bad', 42, text('x_reason'));
    expect(t1.english).toBe('The value “42” is wrong: too short');
    expect(isText(t1)).toBe(true);
    expect(isText({ key: 'x', subs: 'no', english: '' })).toBe(false);
  });

  it('a counted text picks the English form, and another language picks its own', () => {
    expect(text.counted('x_found', 1).english).toBe('1 account found.');
    expect(text.counted('x_found', 0).english).toBe('0 accounts found.');
    // French counts 0 as singular (CLDR "one"): the reader's rules choose, not English's.
    setTranslator(fake('fr', { x_found_one: '$1 compte trouvé.', x_found_other: '$1 comptes trouvés.' }));
    expect(localize(text.counted('x_found', 0))).toBe('0 compte trouvé.');
    expect(localize(text.counted('x_found', 2))).toBe('2 comptes trouvés.');
  });

  it('localises nested texts in the reader’s language, and falls back to English for an unknown key', () => {
    setTranslator(fake('de', { x_bad: 'Der Wert „$1“ ist falsch: $2', x_reason: 'zu kurz' }));
    expect(localize(text('x_bad', 'abc', text('x_reason')))).toBe('Der Wert „abc“ ist falsch: zu kurz');
    setTranslator(fake('de', {}));
    expect(localize(text('x_reason'))).toBe('too short');
  });

  it('an error carries its Text; messageOf shows it in the reader’s language', () => {
    const e = new TwofoldError('bad', text('x_reason'));
    expect(e.message).toBe('too short');
    setTranslator(fake('es', { x_reason: 'demasiado corto' }));
    expect(messageOf(e)).toBe('demasiado corto');
    expect(messageOf(new Error('plain'))).toBe('plain');
    expect(messageOf('odd')).toBe('odd');
  });
});

describe('t and tn (lib/i18n/translate.ts) over the real catalogs', () => {
  it('t formats numbers for the language and shows a missing key as itself', () => {
    setTranslator(catalogTranslator('de'));
    expect(t('common_cancel')).toBe('Abbrechen');
    setTranslator(fake('de', { common_app_name: '$1' }));
    expect(t('common_app_name', 12345)).toBe('12.345');
    setTranslator(fake('de', {}));
    expect(t('common_cancel')).toBe('common_cancel');
  });

  it('tn chooses the plural form by the language’s rules', () => {
    setTranslator(catalogTranslator('en'));
    expect(tn('common_seconds_left', 1)).toBe('1 second left');
    expect(tn('common_seconds_left', 7)).toBe('7 seconds left');
    setTranslator(catalogTranslator('fr'));
    expect(tn('common_seconds_left', 0)).toBe('Encore 0 seconde');
  });
});
