import { TwofoldError } from '../errors';

/** How the background answers every request: the value, or the error's message and code. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string; code?: string };

/** A request the background refused or failed, with the error's `code` when it had one. */
export class RequestError extends TwofoldError<string> {}

/** The value of a reply, or the background's own error re-thrown on this side. */
export function unwrapReply<T>(reply: Reply<T> | undefined): T {
  if (reply?.ok === true) return reply.value;
  throw new RequestError(
    reply?.code ?? 'no-answer',
    reply?.ok === false ? reply.error : 'No answer from the background.',
  );
}

/** Turns a handler's failure into the reply sent back (messages are JSON: no Error objects). */
export function failureReply(e: unknown): Reply<never> {
  const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  return { ok: false, error: e instanceof Error ? e.message : 'Request failed.', ...(code ? { code } : {}) };
}
