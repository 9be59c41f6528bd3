// Named fields only: this module is in the script injected into every page, which must not carry the whole catalog.
import {
  core_protocol_malformed,
  core_protocol_not_object,
  core_protocol_unknown_type,
} from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { ProtocolError } from './protocol-error';
import { bool, obj, optional, SchemaError, str } from './schema';

const text = /* @__PURE__ */ textsOf({ core_protocol_malformed, core_protocol_not_object, core_protocol_unknown_type });

/*
 * The commands the background sends to one frame of a tab (docs/architecture.md "Messages"): one record each, with
 * its payload's schema and one line of doc; the `ContentCommand` union is derived from them. The content
 * script accepts a command only from the extension itself (platform/content-runtime.ts) and only once
 * `parseCommand` has checked it: anything else is ignored, never taken for another command.
 */

/** An offer or grant token (lib/offer/token.ts: 18 random bytes, URL-safe base64). */
const token = str(64, 16);

/**
 * An image's address as the context menu gives it: a data: URL may hold the whole picture, so the bound is generous
 * (64 Mi characters); the browser itself refuses a message it cannot carry before it gets here.
 */
const imageUrl = str(64 * 1024 * 1024);

/**
 * Payload schemas, one per command, each with its line of doc (a comment, not a string: this module is in the script
 * injected into every page; docs/architecture.md lists the commands, and a test checks it names each one).
 */
export const COMMANDS = {
  /** The keyboard shortcut, to the frame that last reported a focused code field only. */
  'fill-best': obj({}),
  /** The context-menu entry on a field, to the frame that was right-clicked only. */
  'fill-here': obj({}),
  /** A one-time grant to present with `fill-code`; `offer` names the offer whose field it fills (else the fields last asked for). */
  'fill-grant': obj({ grant: token, offer: optional(token) }),
  /** The offer frame of `offer` asks to be opened or closed; `focusField` gives focus back to its field. */
  'offer-layout': obj({ offer: token, open: bool, focusField: optional(bool) }),
  /** Show the region-selection overlay (to the top frame). */
  'select-region': obj({}),
  /** Read the image the user chose "Add to Twofold" on, at its own resolution (to the frame it is in). */
  'read-image': obj({ srcUrl: imageUrl }),
} as const;

export type ContentCommandType = keyof typeof COMMANDS;
type CommandMap = { [K in ContentCommandType]: ReturnType<(typeof COMMANDS)[K]> };
/** A command the background sends to a content script, as `parseCommand` returns it. */
export type ContentCommand<T extends ContentCommandType = ContentCommandType> = {
  [K in T]: { type: K } & CommandMap[K];
}[T];

/**
 * Checks a command's shape; returns a fresh object holding only the known fields, or throws a ProtocolError
 * ('bad-message') for anything that is not one of the commands above.
 */
export function parseCommand(raw: unknown): ContentCommand {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError('bad-message', text('core_protocol_not_object'));
  }
  const type = (raw as Record<string, unknown>).type;
  if (typeof type !== 'string' || !Object.hasOwn(COMMANDS, type)) {
    throw new ProtocolError('bad-message', text('core_protocol_unknown_type', String(JSON.stringify(type))));
  }
  try {
    return { ...COMMANDS[type as ContentCommandType](raw, 'command'), type } as ContentCommand;
  } catch (e) {
    if (e instanceof SchemaError)
      throw new ProtocolError('bad-message', text('core_protocol_malformed', type, e.text ?? e.message));
    throw e;
  }
}
