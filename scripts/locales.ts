// The message catalogs: locales/<lang>/<area>.json, each a flat { key: message } map in the WebExtension message
// syntax ($1…$9 are substitutions). They are merged per language into the `_locales/<lang>/messages.json` files the
// browsers read (Chrome "Localization message formats"; MDN "Internationalization"), at build time (wxt.config.ts)
// and by the tests that check every language is complete (tests/unit/i18n/locales.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_LOCALE = 'en';
/** Languages Twofold ships, each complete (the test fails on any missing or extra key). */
export const LOCALES = ['en', 'de', 'fr', 'es'];
/** Chrome lower-cases keys and allows only [A-Za-z0-9_@]; we keep them lower-case to make collisions impossible. */
export const KEY_RE = /^[a-z][a-z0-9_]*$/;

/** Every message of a language, and the area file each key came from. */
export function readLocale(
  root: string,
  lang: string,
): { messages: Record<string, string>; origin: Record<string, string> } {
  const dir = join(root, 'locales', lang);
  const messages: Record<string, string> = {};
  const origin: Record<string, string> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const area: Record<string, unknown> = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const [key, message] of Object.entries(area)) {
      if (key in messages) throw new Error(`locales/${lang}: "${key}" is in both ${origin[key]} and ${file}`);
      if (typeof message !== 'string') throw new Error(`locales/${lang}/${file}: "${key}" is not a string`);
      messages[key] = message;
      origin[key] = file;
    }
  }
  return { messages, origin };
}

/**
 * One language in the browsers' messages.json format. Substitutions become named placeholders (`$P1$` → `$1`),
 * the form both Chrome and Firefox document.
 */
export function toMessagesJson(messages: Record<string, string>): string {
  const out: Record<string, { message: string; placeholders?: Record<string, { content: string }> }> = {};
  for (const [key, text] of Object.entries(messages)) {
    const used = [...new Set([...text.matchAll(/\$([1-9])/g)].map((m) => m[1]))];
    out[key] = {
      message: text.replace(/\$([1-9])/g, '$$P$1$$'),
      ...(used.length > 0
        ? { placeholders: Object.fromEntries(used.map((n) => [`p${n}`, { content: `$${n}` }])) }
        : {}),
    };
  }
  return `${JSON.stringify(out)}\n`;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/**
 * A `$` that is not one of `$1`…`$9`: a lone `$`, `$$`, or a substitution followed by a digit (`$10`). Browsers read
 * every digit after a `$` as the substitution's number and drop a `$` they cannot read, so such a message would
 * show differently in the browser than in the tests (which fill `$1`…`$9` only).
 */
export const STRAY_DOLLAR = /\$(?![1-9](?!\d))/;
const subsOf = (text: string) => [...new Set([...text.matchAll(/\$([1-9])/g)].map((m) => m[1]))].sort().join(',');

/**
 * What is wrong with one language against English: missing or extra keys, plural forms its rules need, different
 * substitutions, empty messages. [] when it is complete.
 */
export function localeProblems(english: Record<string, string>, other: Record<string, string>, lang: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    if (!PLURAL_SUFFIX.test(key) && !(key in other)) problems.push(`${lang}: missing ${key}`);
  }
  for (const key of Object.keys(other)) {
    if (!PLURAL_SUFFIX.test(key) && !(key in english)) problems.push(`${lang}: ${key} is not in English`);
  }
  // Counted messages: the categories CLDR uses for this language's whole numbers; "other" stands in for the rest.
  const needed = new Set([0, 1, 2, 3, 5, 11, 21, 100, 1_000_000].map((n) => new Intl.PluralRules(lang).select(n)));
  for (const base of Object.keys(english)
    .filter((k) => k.endsWith('_other'))
    .map((k) => k.slice(0, -6))) {
    if (!(`${base}_other` in other)) problems.push(`${lang}: missing ${base}_other`);
    for (const rule of needed) {
      if (rule === 'one' && !(`${base}_one` in other)) problems.push(`${lang}: missing ${base}_one`);
    }
  }
  for (const [key, text] of Object.entries(other)) {
    if (text.trim() === '') problems.push(`${lang}: ${key} is empty`);
    if (STRAY_DOLLAR.test(text)) problems.push(`${lang}: ${key} has a $ that is not $1…$9`);
    const englishText = english[key] ?? english[key.replace(PLURAL_SUFFIX, '_other')];
    if (englishText === undefined) {
      if (PLURAL_SUFFIX.test(key)) problems.push(`${lang}: ${key} has no English counterpart`);
      continue;
    }
    if (subsOf(text) !== subsOf(englishText))
      problems.push(`${lang}: ${key} substitutes $${subsOf(text)}, English $${subsOf(englishText)}`);
  }
  return problems;
}
