import { decodeBase32 } from '../encoding/base32';
import { type ParsedUri, parseOtpauthUri } from './uri';

/**
 * Reads what a user pastes as a key: an otpauth:// or steam:// link, or a bare base32 secret (taken
 * as TOTP SHA-1 / 6 digits / 30 s, the defaults of Key-Uri-Format). Errors are the parsers' own.
 */
export function parseKeyInput(text: string): ParsedUri {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return parseOtpauthUri(trimmed);
  return {
    params: {
      kind: 'totp',
      secret: decodeBase32(text),
      issuer: '',
      account: '',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    warnings: [],
  };
}
