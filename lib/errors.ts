/**
 * Typed errors for the pure core. Every failure is an exception with a stable `code` the UI can map
 * to a message, plus an English `message` that already names the problem (which character, which
 * parameter, which value). Functions in lib/ never signal failure with `null`.
 */
export class TwofoldError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
