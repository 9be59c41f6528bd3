/** What the UI needs from the browser's i18n API (platform/i18n.ts wraps `browser.i18n`; tests use the English catalog). */
export interface Translator {
  /** The message for `key` with `$1`…`$9` filled in; '' when the key is missing (as `getMessage` does). */
  message(key: string, subs: readonly string[]): string;
  /** The browser's UI language (BCP 47), for plural rules, numbers and dates. */
  readonly language: string;
}
