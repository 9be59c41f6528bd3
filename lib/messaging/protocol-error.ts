import { TwofoldError } from '../errors';

/*
 * The protocol's typed error, in a module of its own: the content script checks background commands with it
 * (lib/messaging/commands.ts), and the script injected into every page must not carry the whole protocol.
 */

export type ProtocolErrorCode = 'bad-message' | 'bad-sender' | 'forbidden';
export class ProtocolError extends TwofoldError<ProtocolErrorCode> {}
