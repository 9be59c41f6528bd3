// DOMException-shaped errors, as WebHID rejects with. Falls back to a plain Error with
// the same `name` where DOMException does not exist (a bare vm context).

export type DomErrorName =
  | 'NotFoundError'
  | 'InvalidStateError'
  | 'NotAllowedError'
  | 'SecurityError'
  | 'NotSupportedError';

export function domError(name: DomErrorName, message: string): Error {
  const Ctor = (globalThis as { DOMException?: new (message: string, name: string) => Error }).DOMException;
  if (typeof Ctor === 'function') return new Ctor(message, name);
  const e = new Error(message);
  e.name = name;
  return e;
}

/** What a disconnected device answers with (the brief's convention; see README for Chrome's real mix). */
export function disconnectedError(): Error {
  return domError('NotFoundError', 'The device was disconnected.');
}
