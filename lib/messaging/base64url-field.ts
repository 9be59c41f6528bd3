import { prfcore_schema_base64url } from '../../locales/en/prfcore.json';
import { decodeBase64Url } from '../encoding/base64url';
import { textsOf } from '../i18n/text';
import { type Check, SchemaError } from './schema';

const text = /* @__PURE__ */ textsOf({ prfcore_schema_base64url });

/**
 * Bytes as a message carries them: a base64url string without padding (RFC 4648 §5) of `min` to `max` bytes.
 * The string is kept as sent (payloads are JSON); the handler decodes it with lib/encoding/base64url.ts.
 */
export const base64url =
  (min: number, max: number): Check<string> =>
  (v, path) => {
    // 4 characters per 3 bytes, checked before decoding so a huge string is refused at once.
    const decoded = typeof v === 'string' && v.length <= Math.ceil((max * 4) / 3) ? decodeBase64Url(v) : undefined;
    if (decoded === undefined || decoded.length < min || decoded.length > max)
      throw new SchemaError(text('prfcore_schema_base64url', path, min, max));
    return v as string;
  };
