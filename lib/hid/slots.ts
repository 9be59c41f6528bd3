import { NitrokeyError } from './errors';
import { text } from './text';

/**
 * OTP slot addressing (docs/hardware-protocol.md "Payloads"): HOTP slots are 0x10 + n (n = 0..2; the firmware's fourth
 * HOTP slot is reserved for HOTP verification), TOTP slots 0x20 + n (n = 0..14).
 */
export type SlotKind = 'totp' | 'hotp';

export interface SlotRef {
  kind: SlotKind;
  /** 0-based index within its kind. */
  index: number;
}

export const HOTP_SLOT_COUNT = 3;
export const TOTP_SLOT_COUNT = 15;
const HOTP_BASE = 0x10;
const TOTP_BASE = 0x20;

/**
 * Slot config byte (docs/hardware-protocol.md "Payloads"): bit 0 = 8 digits (bit 1 enter, bit 2 token id are
 * keyboard-only).
 */
export const SLOT_CONFIG_8_DIGITS = 0x01;

export function slotCount(kind: SlotKind): number {
  return kind === 'hotp' ? HOTP_SLOT_COUNT : TOTP_SLOT_COUNT;
}

/** The slot byte the device expects. Throws 'bad-slot' for an index out of range. */
export function slotNumber(slot: SlotRef): number {
  if (slot.kind !== 'hotp' && slot.kind !== 'totp') {
    throw new NitrokeyError('bad-slot', text('keys_slot_kind_invalid', String(slot.kind)));
  }
  const count = slotCount(slot.kind);
  if (!Number.isInteger(slot.index) || slot.index < 0 || slot.index >= count) {
    throw new NitrokeyError(
      'bad-slot',
      text('keys_slot_index_invalid', slot.kind.toUpperCase(), count - 1, String(slot.index)),
    );
  }
  return (slot.kind === 'hotp' ? HOTP_BASE : TOTP_BASE) + slot.index;
}

/** A stable id for UI lists and storage keys: "totp-0", "hotp-2". */
export function slotId(slot: SlotRef): string {
  return `${slot.kind}-${slot.index}`;
}

/** The slot a {@link slotId} names; throws 'bad-slot' for anything else (ids arrive in messages). */
export function parseSlotId(id: string): SlotRef {
  const m = /^(totp|hotp)-(\d{1,2})$/.exec(id);
  if (!m) throw new NitrokeyError('bad-slot', text('keys_slot_id_invalid', id));
  const slot: SlotRef = { kind: m[1] as SlotKind, index: Number(m[2]) };
  slotNumber(slot); // range check
  return slot;
}

/** Every usable slot in the order the Nitrokey App lists them: TOTP 0..14, then HOTP 0..2. */
export function allSlots(): SlotRef[] {
  const out: SlotRef[] = [];
  for (let index = 0; index < TOTP_SLOT_COUNT; index++) out.push({ kind: 'totp', index });
  for (let index = 0; index < HOTP_SLOT_COUNT; index++) out.push({ kind: 'hotp', index });
  return out;
}
