import { isText, type Text } from './i18n/text';

/**
 * Typed errors for the pure core. Every failure is an exception with a stable `code` the UI can map to a message,
 * plus a message that already names the problem (which character, which parameter, which value). The message is a
 * localisable `Text` (lib/i18n/text.ts) where the user sees it; `message` is always its English rendering. Functions
 * in lib/ never signal failure with `null`.
 */
export class TwofoldError<C extends string = string> extends Error {
  readonly code: C;
  /** What the UI shows, in the user's language; absent only for internal errors no user should meet. */
  readonly text: Text | undefined;
  constructor(code: C, message: string | Text, options?: { cause?: unknown }) {
    super(isText(message) ? message.english : message, options);
    this.code = code;
    this.text = isText(message) ? message : undefined;
    this.name = new.target.name;
  }
}

/**
 * What a failure says to the user, before translation: its own Text when it carries one (a TwofoldError, an error
 * rebuilt from a background reply), else its (English) message, else `fallback` or the value itself. The one helper
 * that turns an unknown thrown value into words; the UI renders the result (lib/i18n/translate.ts `messageOf`).
 */
export function failureText(e: unknown, fallback?: Text): Text | string {
  const own = (e as { text?: unknown } | null)?.text;
  if (isText(own)) return own;
  if (e instanceof Error) return e.message;
  return fallback ?? String(e);
}

/** The stable code of a failure (a TwofoldError's, or a background reply's), when it has one. */
export function failureCode(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
