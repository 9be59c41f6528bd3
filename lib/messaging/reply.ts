import { TwofoldError } from '../errors';
import { isText, type Text } from '../i18n/text';

/**
 * How the background answers every request: the value, or the error's English message, code and (when it has one)
 * its localisable text, so the page can show it in the user's language.
 */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string; code?: string; text?: Text };

/** A request the background refused or failed, with the error's `code` when it had one. */
export class RequestError extends TwofoldError<string> {}

/** The value of a reply, or the background's own error re-thrown on this side. */
export function unwrapReply<T>(reply: Reply<T> | undefined): T {
  if (reply?.ok === true) return reply.value;
  const code = reply?.code ?? 'no-answer';
  if (reply?.ok === false) throw new RequestError(code, isText(reply.text) ? reply.text : reply.error);
  throw new RequestError(code, NO_ANSWER);
}

const NO_ANSWER = 'No answer from the background.';

/** Turns a handler's failure into the reply sent back (messages are JSON: no Error objects). */
export function failureReply(e: unknown): Reply<never> {
  const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  const text = (e as { text?: unknown }).text;
  return {
    ok: false,
    error: e instanceof Error ? e.message : 'Request failed.',
    ...(code ? { code } : {}),
    ...(isText(text) ? { text } : {}),
  };
}
