import { base32nopad } from '@scure/base';
import en from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { type Text, textsOf } from '../i18n/text';

const text = textsOf(en);

export type Base32ErrorCode = 'invalid-character' | 'empty' | 'misplaced-padding';

export class Base32Error extends TwofoldError<Base32ErrorCode> {
  /** 1-based position of the offending character in the text the user gave, when there is one. */
  readonly position: number | undefined;
  readonly character: string | undefined;
  constructor(code: Base32ErrorCode, message: Text, position?: number, character?: string) {
    super(code, message);
    this.position = position;
    this.character = character;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Characters people type by mistake, with what they probably meant (RFC 4648 §6 leaves out 0, 1, 8, 9). */
const LOOKALIKES: Record<string, string | Text> = {
  '0': 'O',
  '1': text('core_base32_hint_i_or_l'),
  '8': 'B',
  '9': text('core_base32_hint_g'),
};
/** Separators authenticator apps and sites put in displayed secrets ("JBSW Y3DP", "JBSW-Y3DP"). */
const SEPARATORS = new Set([' ', '\t', '\n', '\r', '-', '\u00a0']);

/**
 * Decodes a base32 secret the way a user or another app wrote it (RFC 4648 §6 alphabet).
 *
 * Accepted and normalised: lower case, spaces/tabs/newlines/dashes anywhere, missing or extra
 * trailing `=` padding, and lengths whose trailing bits do not make a whole byte or are not zero
 * (andOTP, Proton and Stratum write such secrets): the partial byte is dropped, as RFC 4648 §6 says a
 * decoder may. Anything else throws a {@link Base32Error} naming the character and its position.
 *
 * @example decodeBase32('jbsw y3dp ehpk 3pxp') // bytes of "Hello!\xDE\xAD\xBE\xEF"
 */
export function decodeBase32(input: string): Uint8Array {
  let symbols = '';
  let paddingAt = -1;
  // Positions count characters (code points) as the user sees them, from 1.
  let position = 0;
  for (const ch of input) {
    position++;
    if (SEPARATORS.has(ch)) continue;
    if (ch === '=') {
      if (paddingAt < 0) paddingAt = position;
      continue;
    }
    // ASCII only: toUpperCase() maps some non-ASCII letters (ſ, ı, ligatures) onto ASCII ones.
    const up = /^[a-z2-7]$/i.test(ch) ? ch.toUpperCase() : '';
    if (up === '') {
      // The message names the position, never the character: what was typed is (part of) a secret
      // (docs/architecture.md "Attacks and their defences", 13).
      const hint = LOOKALIKES[ch];
      throw new Base32Error(
        'invalid-character',
        hint === undefined
          ? text('core_base32_invalid_character', position)
          : text('core_base32_invalid_character_hint', position, hint),
        position,
        ch,
      );
    }
    if (paddingAt >= 0) {
      throw new Base32Error('misplaced-padding', text('core_base32_misplaced_padding', paddingAt), paddingAt, '=');
    }
    symbols += up;
  }
  // Whole bytes only: n symbols carry floor(5n/8) bytes; the rest are dropped bits.
  const byteCount = Math.floor((symbols.length * 5) / 8);
  if (byteCount === 0) {
    throw new Base32Error('empty', text('core_base32_empty'));
  }
  return base32nopad.decode(canonicalise(symbols, byteCount));
}

/**
 * Trims `symbols` to the shortest run that still holds `byteCount` bytes and zeroes the leftover
 * bits of its last symbol, which is what @scure/base's strict decoder requires.
 */
function canonicalise(symbols: string, byteCount: number): string {
  const needed = Math.ceil((byteCount * 8) / 5);
  const kept = symbols.slice(0, needed);
  const spareBits = needed * 5 - byteCount * 8;
  if (spareBits === 0) return kept;
  const last = ALPHABET.indexOf(kept.charAt(needed - 1));
  const masked = ALPHABET.charAt(last & ~((1 << spareBits) - 1));
  return kept.slice(0, needed - 1) + masked;
}

/** Encodes bytes as unpadded upper-case base32, the form otpauth URIs should use (Key-Uri-Format). */
export function encodeBase32(bytes: Uint8Array): string {
  return base32nopad.encode(bytes);
}
