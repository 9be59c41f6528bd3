import { failureText } from '../errors';
import type { Sub, Text } from './text';
import type { Translator } from './translator';

/**
 * The UI's words. Every string a user reads goes through here to `browser.i18n` (locales/<lang>/*.json, merged into
 * _locales at build). Components stay presentational: the entry point installs the browser's translator once
 * (`setTranslator`), and tests install one over the English catalog.
 */
type Catalog = typeof import('../../locales/en/common.json') &
  typeof import('../../locales/en/manifest.json') &
  typeof import('../../locales/en/popup.json') &
  typeof import('../../locales/en/add.json') &
  typeof import('../../locales/en/options.json') &
  typeof import('../../locales/en/import.json') &
  typeof import('../../locales/en/core.json') &
  typeof import('../../locales/en/keys.json') &
  typeof import('../../locales/en/prfui.json') &
  typeof import('../../locales/en/content.json') &
  typeof import('../../locales/en/picker.json') &
  typeof import('../../locales/en/offer.json') &
  typeof import('../../locales/en/exports.json') &
  typeof import('../../locales/en/offerui.json') &
  typeof import('../../locales/en/keepcodes.json') &
  typeof import('../../locales/en/submit.json') &
  typeof import('../../locales/en/lifecycle.json') &
  typeof import('../../locales/en/reenrol.json') &
  typeof import('../../locales/en/recovery.json') &
  typeof import('../../locales/en/recoveryset.json') &
  typeof import('../../locales/en/fixpop.json') &
  typeof import('../../locales/en/siteoverrides.json') &
  typeof import('../../locales/en/exportmore.json') &
  typeof import('../../locales/en/importui.json') &
  typeof import('../../locales/en/syncui.json') &
  typeof import('../../locales/en/welcome.json') &
  typeof import('../../locales/en/organise.json') &
  typeof import('../../locales/en/qrnotice.json') &
  typeof import('../../locales/en/listui.json') &
  typeof import('../../locales/en/trashfix.json') &
  typeof import('../../locales/en/keyshelp.json') &
  typeof import('../../locales/en/qrfix.json');

export type MessageKey = keyof Catalog & string;
/** A message with plural forms: `<base>_one` and `<base>_other` (plus other CLDR categories a language needs). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

let current: Translator = { message: () => '', language: 'en' };
/** Plural rules of the current language, made once (timers ask every second). */
let plurals = new Intl.PluralRules('en');

export function setTranslator(translator: Translator): void {
  current = translator;
  plurals = new Intl.PluralRules(translator.language);
}

/** A substitution on its own (a name that may be the Text "Unnamed account", a number) in the user's language. */
export function say(sub: Sub): string {
  if (typeof sub === 'object') return localize(sub);
  return typeof sub === 'number' ? sub.toLocaleString(current.language) : sub;
}

/** A moment (ms since the epoch) as the user's language writes a date and time. */
export function dateTime(ms: number): string {
  return new Intl.DateTimeFormat(current.language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** The message in the user's language; a missing key shows as itself, so it is noticed (the locale test forbids it). */
export function t(key: MessageKey, ...subs: Sub[]): string {
  return current.message(key, subs.map(say)) || key;
}

/** A counted message: `count` chooses the plural form by the language's rules and is `$1`; `subs` follow as `$2`…. */
export function tn(key: PluralKey, count: number, ...subs: Sub[]): string {
  return localize({ key: `${key}_other`, subs: [count, ...subs], english: key, plural: key });
}

/** A Text from lib/ in the user's language, falling back to its English when the key is unknown. */
export function localize(text: Text): string {
  const args = text.subs.map(say);
  const [count] = text.subs;
  if (text.plural !== undefined && typeof count === 'number') {
    const chosen = current.message(`${text.plural}_${plurals.select(count)}`, args);
    if (chosen) return chosen;
  }
  return current.message(text.key, args) || text.english;
}

/**
 * Translated items as one list in the user's language ("A, B and C"; `unit`: "A, B, C" where the language has
 * it), never glued with a hard-coded separator.
 */
export function listOf(items: readonly Sub[], type: 'conjunction' | 'unit' = 'conjunction'): string {
  return new Intl.ListFormat(current.language, { type }).format(items.map(say));
}

/** What a failure says to the user, in their language (lib/errors.ts `failureText`, rendered). */
export function messageOf(e: unknown): string {
  return say(failureText(e));
}
