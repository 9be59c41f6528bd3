/**
 * Localisable text in the pure core. lib/ cannot call `browser.i18n` (docs/architecture.md "Layers"), so what it
 * has to say to the user is a `Text`: a message key from `locales/`, its substitutions, and the English rendering
 * (for logs, tests and as the fallback). The UI turns a Text into the user's language (lib/i18n/translate.ts).
 *
 * Message syntax is the WebExtension one (Chrome/MDN "i18n messages"): `$1`…`$9` are substitutions; no other `$`.
 */
export type Sub = string | number | Text;

export interface Text {
  readonly key: string;
  readonly subs: readonly Sub[];
  readonly english: string;
  /**
   * For a counted message: the key without its plural suffix. `subs[0]` is the count, and the reader's language
   * picks the form again (`Intl.PluralRules`), since English's one/other is not every language's.
   */
  readonly plural?: string;
}

/** Renders a substitution: a nested Text in English, a number as digits. */
function englishOf(sub: Sub): string {
  return typeof sub === 'object' ? sub.english : String(sub);
}

/** `$1`…`$9` replaced by `subs` (a missing one becomes empty, as in browsers). */
export function fill(template: string, subs: readonly string[]): string {
  return template.replace(/\$([1-9])/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

export function isText(value: unknown): value is Text {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.key === 'string' && typeof v.english === 'string' && Array.isArray(v.subs);
}

/** The keys of a catalog that have plural forms, without the `_one`/`_other` suffix. */
export type PluralBase<C> = keyof C extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

/**
 * A text factory for one catalog: `const text = textsOf(en)` then `text('uri_bad_digits', value)`, or
 * `text.counted('core_headline_found', n)` for a message with plural forms (`n` is `$1`). Keys are checked against
 * the English catalog at compile time.
 */
export function textsOf<C extends Record<string, string>>(catalog: C) {
  const text = (key: keyof C & string, ...subs: Sub[]): Text => ({
    key,
    subs,
    english: fill(catalog[key] ?? key, subs.map(englishOf)),
  });
  const counted = (base: PluralBase<C> & string, count: number, ...subs: Sub[]): Text => ({
    ...text(`${base}_${count === 1 ? 'one' : 'other'}` as keyof C & string, count, ...subs),
    plural: base,
  });
  return Object.assign(text, { counted });
}
