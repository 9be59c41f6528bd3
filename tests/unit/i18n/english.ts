import { resolve } from 'node:path';
import { fill } from '../../../lib/i18n/text';
import type { Translator } from '../../../lib/i18n/translator';
import { readLocale } from '../../../scripts/locales';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** A translator over one language's catalog, filling `$1`…`$9` as the browsers do. */
export function catalogTranslator(lang: string): Translator {
  const { messages } = readLocale(ROOT, lang);
  return { message: (key, subs) => (key in messages ? fill(messages[key] ?? '', subs) : ''), language: lang };
}
