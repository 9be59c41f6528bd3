// Named fields only: this module is in the script injected into every page, which must not carry the whole catalog.
import {
  core_protocol_malformed,
  core_protocol_not_object,
  core_protocol_unknown_type,
} from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { ProtocolError } from './errors';
import { type Check, SchemaError } from './schema';

const text = /* @__PURE__ */ textsOf({ core_protocol_malformed, core_protocol_not_object, core_protocol_unknown_type });

/**
 * Checks a message tagged by its `type` against the schema `schemaOf` gives for that type (requests in
 * lib/messaging/protocol.ts, commands in lib/messaging/commands.ts); returns a fresh object holding only the known
 * fields and the type. Anything else is a ProtocolError 'bad-message' whose text names the type and the bad field.
 */
export function parseTagged(
  raw: unknown,
  schemaOf: (type: string) => Check<object> | undefined,
  where: string,
): { type: string } & Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError('bad-message', text('core_protocol_not_object'));
  }
  const type = (raw as Record<string, unknown>).type;
  const schema = typeof type === 'string' ? schemaOf(type) : undefined;
  if (typeof type !== 'string' || schema === undefined) {
    throw new ProtocolError('bad-message', text('core_protocol_unknown_type', String(JSON.stringify(type))));
  }
  try {
    return { ...schema(raw, where), type };
  } catch (e) {
    if (e instanceof SchemaError)
      throw new ProtocolError('bad-message', text('core_protocol_malformed', type, e.text ?? e.message));
    throw e;
  }
}
