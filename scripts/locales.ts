// The message catalogs: locales/<lang>/<area>.json, each a flat { key: message } map in the WebExtension message
// syntax ($1…$9 are substitutions). They are merged per language into the `_locales/<lang>/messages.json` files the
// browsers read (Chrome "Localization message formats"; MDN "Internationalization"), at build time (wxt.config.ts)
// and by the tests that check every language is complete (tests/unit/i18n/locales.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_LOCALE = 'en';
/** Languages Twofold ships, each complete (the test fails on any missing or extra key). */
export const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt-BR', 'ja', 'zh-CN'];
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
/** The plural forms a language's counted messages must have: the CLDR categories of the whole numbers 0…1,000. */
export function neededPluralForms(lang: string): string[] {
  const rules = new Intl.PluralRules(lang);
  const forms = new Set<string>();
  for (let n = 0; n <= 1000; n++) forms.add(rules.select(n));
  forms.add('other');
  return [...forms].sort();
}

/** The directory a language's catalog takes in the package: `_locales/pt_BR`, as Chrome and Firefox name them. */
export function localeDir(lang: string): string {
  return lang.replace('-', '_');
}

export function localeProblems(english: Record<string, string>, other: Record<string, string>, lang: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    if (!PLURAL_SUFFIX.test(key) && !(key in other)) problems.push(`${lang}: missing ${key}`);
  }
  for (const key of Object.keys(other)) {
    if (!PLURAL_SUFFIX.test(key) && !(key in english)) problems.push(`${lang}: ${key} is not in English`);
  }
  // Counted messages: every category CLDR uses for this language's whole numbers up to 1,000 (Polish: one, few,
  // many; Japanese and Chinese: other only). A category met only at a million and above (French, Italian, Spanish and
  // Portuguese "many") may be left out: "other" stands in, as tn() falls back to it.
  const needed = neededPluralForms(lang);
  for (const base of Object.keys(english)
    .filter((k) => k.endsWith('_other'))
    .map((k) => k.slice(0, -6))) {
    for (const rule of needed) {
      if (!(`${base}_${rule}` in other)) problems.push(`${lang}: missing ${base}_${rule}`);
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
