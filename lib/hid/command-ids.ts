import type { Sub } from '../i18n/text';
import { text } from './text';

/**
 * Command ids used by Twofold (docs/hardware-protocol.md "Commands"; libnitrokey command_id.h, firmware
 * report_protocol.h). Storage-only commands live in 0x20..0x5F.
 */
export const CommandId = {
  GET_STATUS: 0x00,
  WRITE_TO_SLOT: 0x01,
  READ_SLOT_NAME: 0x02,
  READ_SLOT: 0x03,
  GET_CODE: 0x04,
  WRITE_CONFIG: 0x05,
  ERASE_SLOT: 0x06,
  FIRST_AUTHENTICATE: 0x07,
  AUTHORIZE: 0x08,
  GET_PASSWORD_RETRY_COUNT: 0x09,
  SET_TIME: 0x0b,
  USER_AUTHENTICATE: 0x0e,
  GET_USER_PASSWORD_RETRY_COUNT: 0x0f,
  USER_AUTHORIZE: 0x10,
  SEND_OTP_DATA: 0x17,
  GET_DEVICE_STATUS: 0x2e,
} as const;
export type CommandName = keyof typeof CommandId;

const NAMES = new Map<number, string>(Object.entries(CommandId).map(([name, id]) => [id, name]));

/** "GET_CODE" for 0x04; "command 0x42" for ids Twofold does not use. For messages only. */
export function commandName(id: number): Sub {
  return NAMES.get(id) ?? text('keys_command_unknown_id', `0x${id.toString(16).padStart(2, '0')}`);
}

/**
 * Storage-specific commands report their progress in bytes 20..23 of the answer (docs/hardware-protocol.md "Commands").
 */
export function isStorageCommand(id: number): boolean {
  return id >= 0x20 && id < 0x60;
}
