import { describe, expect, it } from 'vitest';
import { commandName } from '../../../lib/hid/command-ids';
import {
  decodeDeviceStatus,
  decodeReadSlot,
  decodeRetryCount,
  decodeSlotName,
  decodeStatus,
  encodeGetCode,
  encodePin,
  encodeSendOtpData,
  encodeSetTime,
  encodeSlotName,
  encodeUserAuthenticate,
  encodeWriteToSlot,
  formatCode,
  secretChunks,
  tempPasswordField,
} from '../../../lib/hid/commands';
import { commandStatusError, HidFrameError, NitrokeyError } from '../../../lib/hid/errors';
import { slotLabel } from '../../../lib/hid/slot-label';
import { allSlots, parseSlotId, slotId, slotNumber } from '../../../lib/hid/slots';
import { newTempPassword } from '../../../lib/hid/temp-password';
import { needsResync, totpValidity } from '../../../lib/hid/time';
import { localize, setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';
import { hex } from '../vectors';

function payload(entries: Array<[number, number[]]>): Uint8Array {
  const p = new Uint8Array(53);
  for (const [reportOffset, bytes] of entries) p.set(bytes, reportOffset - 7);
  return p;
}

describe('PINs as C strings', () => {
  it('NUL-pads a PIN into 25 bytes', () => {
    expect(hex(encodePin('123456', 'user'))).toBe(`313233343536${'00'.repeat(19)}`);
  });
  it('takes exactly 25 bytes', () => expect(encodePin('x'.repeat(25), 'admin')).toHaveLength(25));
  it('refuses 26 bytes, counting UTF-8 bytes, without repeating the PIN', () => {
    const secretPin = 'correct-horse-battery-stap';
    expect(() => encodePin(secretPin, 'admin')).toThrow(
      expect.objectContaining({ code: 'pin-too-long', message: expect.not.stringContaining(secretPin) }),
    );
    expect(() => encodePin('é'.repeat(13), 'user')).toThrow(expect.objectContaining({ code: 'pin-too-long' }));
    expect(() => encodePin('é'.repeat(12), 'user')).not.toThrow();
  });
  it('refuses an empty PIN or one with NUL', () => {
    expect(() => encodePin('', 'user')).toThrow(expect.objectContaining({ code: 'bad-pin' }));
    expect(() => encodePin('12\u00003456', 'user')).toThrow(expect.objectContaining({ code: 'bad-pin' }));
  });
  it('applies to the PIN commands', () => {
    expect(() => encodeUserAuthenticate('1'.repeat(26), new Uint8Array(25))).toThrow(NitrokeyError);
  });
  it('refuses a temporary password over 25 bytes', () => {
    expect(() => tempPasswordField(new Uint8Array(26))).toThrow(expect.objectContaining({ code: 'bad-temp-password' }));
    expect(() => encodeGetCode(0x20, new Uint8Array(26))).toThrow(NitrokeyError);
  });
});

describe('slot names and secrets', () => {
  it('takes 15 bytes of UTF-8 and no more', () => {
    expect(encodeSlotName('a'.repeat(15))).toHaveLength(15);
    expect(() => encodeSlotName('a'.repeat(16))).toThrow(expect.objectContaining({ code: 'name-too-long' }));
    expect(() => encodeSlotName('ü'.repeat(8))).toThrow(expect.objectContaining({ code: 'name-too-long' }));
    expect(() => encodeSlotName('')).toThrow(expect.objectContaining({ code: 'bad-name' }));
  });
  it('splits a secret into two 30-byte chunks, zero-padded to 40 bytes', () => {
    const secret = new TextEncoder().encode('12345678901234567890');
    const [a, b] = secretChunks(secret);
    expect(a).toHaveLength(30);
    expect(b).toHaveLength(10);
    expect(hex(a as Uint8Array)).toBe(hex(secret) + '00'.repeat(10));
    expect((b as Uint8Array).every((x) => x === 0)).toBe(true);
    const forty = new Uint8Array(40).map((_, i) => i + 1);
    expect(hex(secretChunks(forty)[1] as Uint8Array)).toBe(hex(forty.subarray(30)));
  });
  it('refuses empty and over-long secrets', () => {
    expect(() => secretChunks(new Uint8Array(0))).toThrow(expect.objectContaining({ code: 'empty-secret' }));
    expect(() => secretChunks(new Uint8Array(41))).toThrow(expect.objectContaining({ code: 'secret-too-long' }));
  });
  it('refuses more than 30 data bytes per SEND_OTP_DATA', () => {
    expect(() => encodeSendOtpData(new Uint8Array(25), 'secret', 0, new Uint8Array(31))).toThrow(HidFrameError);
  });
});

describe('numbers in requests', () => {
  it('refuses times and counters outside u64', () => {
    expect(() => encodeSetTime(-1, 'soft')).toThrow(expect.objectContaining({ code: 'bad-time' }));
    expect(() => encodeSetTime(1.5, 'soft')).toThrow(expect.objectContaining({ code: 'bad-time' }));
    expect(() => encodeSetTime(1n << 64n, 'force')).toThrow(expect.objectContaining({ code: 'bad-time' }));
    expect(hex(encodeSetTime((1n << 64n) - 1n, 'force').subarray(2, 10))).toBe('ff'.repeat(8));
    expect(() => encodeWriteToSlot(new Uint8Array(25), 0x10, { counterOrInterval: -1, config: 0 })).toThrow(
      expect.objectContaining({ code: 'bad-counter' }),
    );
  });
  it('refuses slot numbers outside one byte', () => {
    expect(() => encodeGetCode(256)).toThrow(expect.objectContaining({ code: 'bad-slot' }));
  });
});

describe('answer decoders', () => {
  it('GET_STATUS: version, serial, OTP PIN flag', () => {
    const s = decodeStatus(payload([[7, [15, 0, 0x11, 0x5f, 0, 0, 0xff, 0xff, 0xff, 1, 0]]]));
    expect(s.firmware).toEqual({ major: 0, minor: 15 });
    expect(s.cardSerial).toBe(0x5f11);
    expect(s.cardSerialHex).toBe('00005f11');
    expect(s.otpPinRequired).toBe(true);
    expect(s.numlock).toBe(0xff);
    expect(decodeStatus(payload([[16, [0]]])).otpPinRequired).toBe(false);
  });
  it('GET_DEVICE_STATUS: Storage version at report [33..36], test builds count one minor higher', () => {
    const d = decodeDeviceStatus(
      payload([
        [33, [0, 54, 0, 0]],
        [47, [3, 2]],
      ]),
    );
    expect(d.firmware).toEqual({ major: 0, minor: 54 });
    expect(d.userRetries).toBe(3);
    expect(d.adminRetries).toBe(2);
    expect(decodeDeviceStatus(payload([[33, [0, 53, 0, 7]]])).firmware).toEqual({ major: 0, minor: 54 });
  });
  it('retry counters, slot names, slot data', () => {
    expect(decodeRetryCount(payload([[7, [2]]]))).toBe(2);
    expect(decodeSlotName(payload([[7, [...new TextEncoder().encode('GitHub')]]]))).toBe('GitHub');
    const full = decodeSlotName(payload([[7, [...new TextEncoder().encode('fifteen-bytes!!')]]]));
    expect(full).toBe('fifteen-bytes!!');
    const slot = decodeReadSlot(
      payload([
        [7, [...new TextEncoder().encode('python_test')]],
        [22, [1]],
        [36, [30, 0, 0, 0, 0, 0, 0, 0]],
      ]),
    );
    expect(slot).toMatchObject({ name: 'python_test', config: 1, digits: 8, counterOrInterval: 30n });
    expect(slot.tokenId).toHaveLength(13);
  });
  it('refuses a payload that is not 53 bytes', () => {
    expect(() => decodeStatus(new Uint8Array(52))).toThrow(HidFrameError);
  });
  it('formats codes zero-padded to 6 or 8 digits', () => {
    expect(formatCode(7081804, 8)).toBe('07081804');
    expect(formatCode(50471, 6)).toBe('050471');
    expect(formatCode(0, 6)).toBe('000000');
    expect(() => formatCode(1234567, 6)).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });
});

describe('slots', () => {
  it('maps kinds and indexes to slot bytes', () => {
    expect(slotNumber({ kind: 'hotp', index: 0 })).toBe(0x10);
    expect(slotNumber({ kind: 'hotp', index: 2 })).toBe(0x12);
    expect(slotNumber({ kind: 'totp', index: 0 })).toBe(0x20);
    expect(slotNumber({ kind: 'totp', index: 14 })).toBe(0x2e);
    expect(() => slotNumber({ kind: 'hotp', index: 3 })).toThrow(expect.objectContaining({ code: 'bad-slot' }));
    expect(() => slotNumber({ kind: 'totp', index: 15 })).toThrow(expect.objectContaining({ code: 'bad-slot' }));
    expect(() => slotNumber({ kind: 'totp', index: -1 })).toThrow(NitrokeyError);
    expect(slotId({ kind: 'totp', index: 3 })).toBe('totp-3');
    for (const slot of allSlots()) expect(parseSlotId(slotId(slot))).toEqual(slot);
    for (const bad of ['hotp-3', 'totp-15', 'totp-', 'key-1', 'totp-01x'])
      expect(() => parseSlotId(bad)).toThrow(expect.objectContaining({ code: 'bad-slot' }));
    expect(allSlots()).toHaveLength(18);
  });
});

describe('what the core says (locales/*/keys.json)', () => {
  it('labels slots 1-based, in the user’s language', () => {
    expect(slotLabel('totp', 0)).toMatchObject({ key: 'keys_slot_label', english: 'TOTP slot 1' });
    expect(slotLabel('hotp', 2).english).toBe('HOTP slot 3');
    setTranslator(catalogTranslator('de'));
    try {
      expect(localize(slotLabel('totp', 14))).toBe('TOTP-Slot 15');
    } finally {
      setTranslator(catalogTranslator('en'));
    }
  });

  it('names the command a device status is about, known or not', () => {
    const error = commandStatusError(4, 0x0e, commandName(0x0e));
    expect(error).toMatchObject({
      code: 'wrong-password',
      message: 'The Nitrokey rejected the PIN. (USER_AUTHENTICATE)',
    });
    expect(error.text?.key).toBe('keys_status_in_command');
    expect(commandStatusError(99, 0x42, commandName(0x42)).message).toBe(
      'The Nitrokey answered command 0x42 with an unknown status (99).',
    );
    const { text } = commandStatusError(3, 0x04, commandName(0x04));
    if (text === undefined) throw new Error('a device status error carries a Text');
    setTranslator(catalogTranslator('fr'));
    try {
      expect(localize(text)).toBe('Cet emplacement OTP de la Nitrokey est vide. (GET_CODE)');
    } finally {
      setTranslator(catalogTranslator('en'));
    }
  });
});

describe('temporary passwords', () => {
  it('are 25 bytes in 1..255, zero bytes replaced by fresh ones', () => {
    const calls: number[] = [];
    let n = 0;
    const random = (length: number): Uint8Array => {
      calls.push(length);
      return new Uint8Array(length).map(() => (n++ % 3 === 0 ? 0 : n & 0xff));
    };
    const temp = newTempPassword(random);
    expect(temp).toHaveLength(25);
    expect(temp.every((b) => b >= 1 && b <= 255)).toBe(true);
    expect(calls[0]).toBe(25);
    expect(calls.length).toBeGreaterThan(1);
  });
  it('refuse a broken random source', () => {
    expect(() => newTempPassword((length) => new Uint8Array(length))).toThrow(
      expect.objectContaining({ code: 'bad-random' }),
    );
    expect(() => newTempPassword(() => new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'bad-random' }));
  });
});

describe('time helpers', () => {
  it('needsResync: never synced, older than 10 minutes, or clock went back', () => {
    expect(needsResync(undefined, 1700000000)).toBe(true);
    expect(needsResync(1700000000, 1700000000)).toBe(false);
    expect(needsResync(1700000000, 1700000600)).toBe(false);
    expect(needsResync(1700000000, 1700000601)).toBe(true);
    expect(needsResync(1700000000, 1699999990)).toBe(true);
  });
  it('totpValidity by the host clock', () => {
    expect(totpValidity(59, 30)).toEqual({ validUntilSec: 60, secondsLeft: 1 });
    expect(totpValidity(60, 30)).toEqual({ validUntilSec: 90, secondsLeft: 30 });
    expect(() => totpValidity(60, 0)).toThrow(expect.objectContaining({ code: 'bad-period' }));
  });
});
