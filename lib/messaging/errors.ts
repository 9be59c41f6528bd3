import { TwofoldError } from '../errors';

export type ProtocolErrorCode = 'bad-message' | 'bad-sender' | 'forbidden';
/** A message refused before any handler saw it: not an object, an unknown type, a bad field or a wrong sender. */
export class ProtocolError extends TwofoldError<ProtocolErrorCode> {}
