import type { Text } from '../i18n/text';
import { text } from './text';

/** A slot's sites as stored in the settings, with the slot name it was bound to (a reprogrammed slot drops it). */
export interface KeySlotBinding {
  name: string;
  sites: string[];
}

/** "TOTP slot 1": 1-based, as the Nitrokey App numbers slots; the same wording everywhere Twofold shows one. */
export function slotLabel(kind: 'totp' | 'hotp', index: number): Text {
  return text('keys_slot_label', kind.toUpperCase(), index + 1);
}

/**
 * At most `maxBytes` of UTF-8, cut at a character boundary (slot names are 15 bytes,
 * docs/hardware-protocol.md "Payloads").
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const enc = new TextEncoder();
  let out = '';
  for (const ch of text) {
    if (enc.encode(out + ch).length > maxBytes) break;
    out += ch;
  }
  return out;
}
