import { prfcore_schema_base64url } from '../../locales/en/prfcore.json';
import { base64urlnopad } from '@scure/base';
import { textsOf } from '../i18n/text';
import { type Check, SchemaError } from './schema';

const text = /* @__PURE__ */ textsOf({ prfcore_schema_base64url });

/**
 * Bytes as a message carries them: a base64url string without padding (RFC 4648 §5) of `min` to `max` bytes.
 * The string is kept as sent (payloads are JSON). @scure/base's decoder is strict (no padding, no other alphabet, no
 * stray bits in the last character), so one byte string has exactly one spelling.
 */
export const base64url =
  (min: number, max: number): Check<string> =>
  (v, path) => {
    // 4 characters per 3 bytes, checked before decoding so a huge string is refused at once.
    let length = -1;
    if (typeof v === 'string' && v.length <= Math.ceil((max * 4) / 3)) {
      try {
        length = base64urlnopad.decode(v).length;
      } catch {
        // not base64url without padding: refused below
      }
    }
    if (length < min || length > max) throw new SchemaError(text('prfcore_schema_base64url', path, min, max));
    return v as string;
  };
