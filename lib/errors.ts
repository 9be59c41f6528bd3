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
