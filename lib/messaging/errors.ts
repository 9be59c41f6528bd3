import { TwofoldError } from '../errors';

/*
 * The protocol's typed error, in a module of its own: the content script checks background commands with it
 * (lib/messaging/commands.ts), and the script injected into every page must not carry the whole protocol.
 */

export type ProtocolErrorCode = 'bad-message' | 'bad-sender' | 'forbidden';
/** A message refused before any handler saw it: not an object, an unknown type, a bad field or a wrong sender. */
export class ProtocolError extends TwofoldError<ProtocolErrorCode> {}
