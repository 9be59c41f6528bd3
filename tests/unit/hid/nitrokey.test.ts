import { describe, expect, it } from 'vitest';
import { CommandId } from '../../../lib/hid/command-ids';
import { NitrokeyError } from '../../../lib/hid/errors';
import { MIN_FIRMWARE, modelOf } from '../../../lib/hid/models';
import { NitrokeyDriver, needsResync } from '../../../lib/hid/nitrokey';
import type { HidWarning } from '../../../lib/hid/transact';
import { hex } from '../vectors';
import { FakeKey, type FakeKeyOptions } from './fake-key';
import { FakeClock } from './fakes';

const C = CommandId;
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');

function setup(options: FakeKeyOptions = {}) {
  const key = new FakeKey(options);
  const clock = new FakeClock();
  const warnings: HidWarning[] = [];
  const driver = new NitrokeyDriver(key, { now: clock.now, sleep: clock.sleep, onWarning: (w) => warnings.push(w) });
  return { key, clock, driver, warnings };
}

/** A deterministic random source with some zero bytes mixed in. */
function counterRandom(seed = 1): (length: number) => Uint8Array {
  let n = seed;
  return (length) => new Uint8Array(length).map(() => (n++ * 37) & 0xff);
}

async function rejection(promise: Promise<unknown>): Promise<NitrokeyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NitrokeyError);
    return error as NitrokeyError;
  }
  throw new Error('expected a rejection');
}

/** Slot bytes (docs/hardware-protocol.md "Payloads"): 32 = 0x20 TOTP 0, 34 = 0x22 TOTP 2, 16 = 0x10 HOTP 0. */
const slots = {
  32: { name: 'GitHub', config: 1, counterOrInterval: 30n, codes: [7081804, 14050471] },
  34: { name: 'Mail', config: 0, counterOrInterval: 60n, codes: [50471] },
  16: { name: 'VPN', config: 0, counterOrInterval: 5n, codes: [755224, 287082] },
};

describe('models', () => {
  it('knows the three keys by VID/PID', () => {
    expect(modelOf(0x20a0, 0x4108)).toBe('nitrokey-pro');
    expect(modelOf(0x20a0, 0x4109)).toBe('nitrokey-storage');
    expect(modelOf(0x316d, 0x4c4b)).toBe('librem-key');
    expect(() => modelOf(0x1050, 0x0407)).toThrow(expect.objectContaining({ code: 'unsupported-device' }));
    expect(() => setup({ vendorId: 0x20a0, productId: 0x42b2 })).toThrow(NitrokeyError);
  });
});

describe('info()', () => {
  it('reads version, serial, OTP PIN flag and both retry counters, opening and closing once', async () => {
    const { key, driver } = setup({ otpPin: true, userRetries: 2 });
    expect(driver.model).toBe('nitrokey-pro');
    expect(await driver.info()).toEqual({
      model: 'nitrokey-pro',
      modelName: 'Nitrokey Pro',
      fw: '0.15',
      firmware: { major: 0, minor: 15 },
      serial: '00005f11',
      otpPinRequired: true,
      userRetries: 2,
      adminRetries: 3,
    });
    expect(key.commands()).toEqual([C.GET_STATUS, C.GET_USER_PASSWORD_RETRY_COUNT, C.GET_PASSWORD_RETRY_COUNT]);
    expect(key.opens).toBe(1);
    expect(key.closes).toBe(1);
  });

  it('reads the Storage version from GET_DEVICE_STATUS, waiting out its busy status', async () => {
    const { key, driver } = setup({
      productId: 0x4109,
      storageVersion: { major: 0, minor: 54 },
      storageBusyReads: 3,
      serial: 0x1234abcd,
    });
    const info = await driver.info();
    expect(info).toMatchObject({ model: 'nitrokey-storage', fw: '0.54', serial: '1234abcd' });
    expect(key.commands().slice(0, 2)).toEqual([C.GET_STATUS, C.GET_DEVICE_STATUS]);
  });

  it('asks to update a Storage older than V0.54', async () => {
    const { driver } = setup({ productId: 0x4109, storageVersion: { major: 0, minor: 53 } });
    const error = await rejection(driver.info());
    expect(error.code).toBe('firmware-too-old');
    expect(error.message).toMatch(/update your firmware/);
    expect(error.message).toMatch(/0\.53/);
  });

  it('asks to update a Pro older than 0.8', async () => {
    expect(MIN_FIRMWARE['nitrokey-pro']).toEqual({ major: 0, minor: 8 });
    const { driver } = setup({ firmware: { major: 0, minor: 7 } });
    const error = await rejection(driver.info());
    expect(error.code).toBe('firmware-too-old');
    expect(error.message).toMatch(/update your firmware/);
  });

  it('asks to update a key with the legacy keyboard descriptor, without sending anything', async () => {
    const { key, driver } = setup({ usagePage: 0x0001 });
    const error = await rejection(driver.info());
    expect(error.code).toBe('firmware-too-old');
    expect(error.message).toMatch(/keyboard/);
    expect(error.message).toMatch(/update your firmware/);
    expect(key.sent).toHaveLength(0);
  });

  it('treats the Librem Key like a Pro', async () => {
    const { driver } = setup({ vendorId: 0x316d, productId: 0x4c4b, usagePage: 0xff00 });
    expect((await driver.info()).modelName).toBe('Librem Key');
  });

  it("reports an unplug as 'disconnected' and still closes", async () => {
    const { key, driver } = setup();
    key.failOnRead = 2;
    const error = await rejection(driver.info());
    expect(error.code).toBe('disconnected');
    expect(key.closes).toBe(1);
  });

  it("reports a failed open as 'cannot-open'", async () => {
    const { key, driver } = setup();
    key.open = async () => {
      throw new DOMException('Failed to open the device.', 'InvalidStateError');
    };
    const error = await rejection(driver.info());
    expect(error.code).toBe('cannot-open');
    expect(error.message).toMatch(/udev/);
  });
});

describe('syncTime()', () => {
  it("soft-sets the clock and remembers when; 'needs-confirmation' when the key is ahead", async () => {
    const { key, driver } = setup({ storedTime: 1700000000 });
    expect(await driver.syncTime(1700000100, 'soft')).toBe('ok');
    expect(driver.lastSyncSec).toBe(1700000100);
    expect(key.opts.storedTime).toBe(1700000100);
    expect(await driver.syncTime(1700000000, 'soft')).toBe('needs-confirmation');
    expect(driver.lastSyncSec).toBe(1700000100);
    expect(await driver.syncTime(1700000000, 'force')).toBe('ok');
    expect(key.opts.storedTime).toBe(1700000000);
    const setTimes = key.sent.filter((f) => f[0] === C.SET_TIME).map((f) => f[1]);
    expect(setTimes).toEqual([0, 0, 1]);
  });

  it("answers 'needs-confirmation' for a key whose clock was never set", async () => {
    const { driver } = setup({ storedTime: 0 });
    expect(await driver.syncTime(1700000000, 'soft')).toBe('needs-confirmation');
  });

  it('refuses times before the firmware epoch without touching the key', async () => {
    const { key, driver } = setup();
    expect((await rejection(driver.syncTime(1111111111, 'force'))).code).toBe('bad-time');
    expect(key.sent).toHaveLength(0);
  });

  it('exports needsResync', () => expect(needsResync(undefined, 0)).toBe(true));
});

describe('unlock()', () => {
  it('reads the retry counter, then sends USER_AUTHENTICATE with a fresh 25-byte temporary password', async () => {
    const { key, driver } = setup({ otpPin: true });
    const temp = await driver.unlock('123456', counterRandom());
    expect(temp).toHaveLength(25);
    expect(temp.every((b) => b >= 1 && b <= 255)).toBe(true);
    expect(hex(temp)).toBe(hex(key.tempUser as Uint8Array));
    expect(hex(driver.tempUserPassword as Uint8Array)).toBe(hex(temp));
    const commands = key.commands();
    expect(commands.indexOf(C.GET_USER_PASSWORD_RETRY_COUNT)).toBeLessThan(commands.indexOf(C.USER_AUTHENTICATE));
    const auth = key.sent.find((f) => f[0] === C.USER_AUTHENTICATE) as Uint8Array;
    expect(hex(auth.subarray(26, 51))).toBe(hex(temp));
  });

  it('a fresh temporary password every time', async () => {
    const { driver } = setup({ otpPin: true });
    const a = await driver.unlock('123456', counterRandom(1));
    const b = await driver.unlock('123456', counterRandom(2));
    expect(hex(a)).not.toBe(hex(b));
  });

  it('sends a wrong PIN exactly once and reports the attempts left', async () => {
    const { key, driver } = setup({ otpPin: true });
    const error = await rejection(driver.unlock('000000', counterRandom()));
    expect(error.code).toBe('wrong-password');
    expect(error.retriesLeft).toBe(2);
    expect(error.message).toBe('Wrong user PIN. 2 attempts left.');
    expect(error.text).toMatchObject({
      key: 'keys_wrong_user_pin_left_other',
      subs: [2],
      plural: 'keys_wrong_user_pin_left',
    });
    expect(error.message).not.toContain('000000');
    expect(key.commands().filter((c) => c === C.USER_AUTHENTICATE)).toHaveLength(1);
    expect(driver.tempUserPassword).toBeUndefined();
  });

  it('says when the last attempt blocked the PIN', async () => {
    const { driver } = setup({ otpPin: true, userRetries: 1 });
    const error = await rejection(driver.unlock('000000', counterRandom()));
    expect(error.retriesLeft).toBe(0);
    expect(error.message).toBe('Wrong user PIN. The user PIN is now blocked.');
    expect(error.text?.key).toBe('keys_wrong_user_pin_blocked');
  });

  it('refuses to send a PIN when no attempts are left', async () => {
    const { key, driver } = setup({ otpPin: true, userRetries: 0 });
    const error = await rejection(driver.unlock('123456', counterRandom()));
    expect(error.code).toBe('pin-blocked');
    expect(error.retriesLeft).toBe(0);
    expect(key.commands()).not.toContain(C.USER_AUTHENTICATE);
  });

  it('refuses a PIN over 25 bytes before touching the key', async () => {
    const { key, driver } = setup();
    expect((await rejection(driver.unlock('1'.repeat(26), counterRandom()))).code).toBe('pin-too-long');
    expect(key.sent).toHaveLength(0);
  });

  it('does not resend a PIN command the key seems to have dropped', async () => {
    const { key, driver } = setup({ otpPin: true });
    const send = key.sendFeature.bind(key);
    let dropped = false;
    key.sendFeature = async (frame) => {
      if (frame[0] === C.USER_AUTHENTICATE && !dropped) {
        dropped = true; // the key was busy: the SET is lost, it keeps showing the previous answer
        return;
      }
      return send(frame);
    };
    const error = await rejection(driver.unlock('123456', counterRandom()));
    expect(error.code).toBe('timeout');
    expect(key.commands()).not.toContain(C.USER_AUTHENTICATE);
  });
});

describe('listSlots()', () => {
  it('lists programmed slots with name, kind, digits, period and counter', async () => {
    const { key, driver } = setup({ slots });
    expect(await driver.listSlots()).toEqual([
      { kind: 'totp', index: 0, id: 'totp-0', name: 'GitHub', digits: 8, periodSec: 30 },
      { kind: 'totp', index: 2, id: 'totp-2', name: 'Mail', digits: 6, periodSec: 60 },
      { kind: 'hotp', index: 0, id: 'hotp-0', name: 'VPN', digits: 6, counter: 5n },
    ]);
    const reads = key.sent.filter((f) => f[0] === C.READ_SLOT);
    expect(reads).toHaveLength(18);
    expect(reads.every((f) => f[2] === 1)).toBe(true); // binary counter format
    expect(key.opens).toBe(1);
  });
});

describe('getCode()', () => {
  it('reads TOTP codes zero-padded to the slot digits, with validity when the period is known', async () => {
    const { driver } = setup({ slots });
    await driver.listSlots();
    expect(await driver.getCode({ kind: 'totp', index: 0 }, 1111111109)).toEqual({
      code: '07081804',
      digits: 8,
      validUntilSec: 1111111110,
      secondsLeft: 1,
    });
    expect(await driver.getCode({ kind: 'totp', index: 2 })).toEqual({ code: '050471', digits: 6 });
  });

  it('learns the period from a listSlots() queued just before', async () => {
    const { driver } = setup({ slots });
    const [, code] = await Promise.all([driver.listSlots(), driver.getCode({ kind: 'totp', index: 0 }, 1111111109)]);
    expect(code.validUntilSec).toBe(1111111110);
  });

  it('takes the period from the caller', async () => {
    const { driver } = setup({ slots });
    const code = await driver.getCode({ kind: 'totp', index: 2, periodSec: 60 }, 1000);
    expect(code.validUntilSec).toBe(1020);
  });

  it('reads HOTP codes (the key advances its counter)', async () => {
    const { key, driver } = setup({ slots });
    expect((await driver.getCode({ kind: 'hotp', index: 0 }, 1000)).code).toBe('755224');
    expect((await driver.getCode({ kind: 'hotp', index: 0 })).code).toBe('287082');
    expect(key.slots.get(0x10)?.counterOrInterval).toBe(7n);
    const getCodes = key.sent.filter((f) => f[0] === C.GET_CODE);
    expect(getCodes.map((f) => f[1])).toEqual([0x10, 0x10]);
  });

  it('after an abandoned transaction, waits for the key rather than taking the identical old answer', async () => {
    const { key, driver } = setup({ slots });
    await driver.info();
    key.opts.busyReads = 60; // longer than the 2 s deadline
    expect((await rejection(driver.getCode({ kind: 'hotp', index: 0 }))).code).toBe('timeout');
    key.opts.busyReads = 1;
    // Same slot, so the same frame and CRC: only waiting for READY before sending keeps the SET from
    // being dropped and the first call's code (755224, already used) from being shown again.
    expect((await driver.getCode({ kind: 'hotp', index: 0 })).code).toBe('287082');
    expect(key.dropped).toBe(0);
    expect(key.slots.get(0x10)?.counterOrInterval).toBe(7n);
  });

  it("says 'pin-required' when OTP PIN protection is on and the key is locked", async () => {
    const { driver } = setup({ slots, otpPin: true });
    const error = await rejection(driver.getCode({ kind: 'totp', index: 0 }));
    expect(error.code).toBe('pin-required');
    expect(error.message).toMatch(/user PIN/);
  });

  it('sends the temporary user password at [19..43] after unlock', async () => {
    const { key, driver } = setup({ slots, otpPin: true });
    const temp = await driver.unlock('123456', counterRandom());
    expect((await driver.getCode({ kind: 'totp', index: 0 })).code).toBe('07081804');
    const frame = key.sent.findLast((f) => f[0] === C.GET_CODE) as Uint8Array;
    expect(hex(frame.subarray(19, 44))).toBe(hex(temp));
  });

  it('restores a stored temporary password, and forgets it when the key no longer takes it', async () => {
    const key = new FakeKey({ slots, otpPin: true });
    const clock = new FakeClock();
    const first = new NitrokeyDriver(key, clock);
    const temp = await first.unlock('123456', counterRandom());
    const second = new NitrokeyDriver(key, clock, { tempUserPassword: temp });
    expect((await second.getCode({ kind: 'totp', index: 0 })).code).toBe('07081804');
    key.tempUser = undefined; // replugged
    expect((await rejection(second.getCode({ kind: 'totp', index: 0 }))).code).toBe('pin-required');
    expect(second.tempUserPassword).toBeUndefined();
  });

  it("reports an empty slot as 'slot-not-programmed'", async () => {
    const { driver } = setup({ slots });
    expect((await rejection(driver.getCode({ kind: 'totp', index: 5 }))).code).toBe('slot-not-programmed');
  });

  it('checks the firmware once per driver, not before every code', async () => {
    const { key, driver } = setup({ slots });
    await driver.getCode({ kind: 'totp', index: 0 });
    await driver.getCode({ kind: 'totp', index: 0 });
    expect(key.commands()).toEqual([C.GET_STATUS, C.GET_CODE, C.GET_CODE]);
  });

  it('runs concurrent calls one after the other', async () => {
    const { key, driver } = setup({ slots, busyReads: 3 });
    const codes = await Promise.all([
      driver.getCode({ kind: 'totp', index: 0 }),
      driver.getCode({ kind: 'totp', index: 2 }),
      driver.listSlots(),
      driver.getCode({ kind: 'totp', index: 0 }),
    ]);
    expect(key.interleaved).toBe(false);
    expect(codes[0]).toMatchObject({ code: '07081804' });
    expect(codes[3]).toMatchObject({ code: '14050471' });
    expect(key.opens).toBe(4);
    expect(key.closes).toBe(4);
  });
});

describe('writeSlot()', () => {
  const spec = {
    kind: 'totp' as const,
    index: 1,
    name: 'python_test',
    secret: RFC_SECRET,
    digits: 8,
    periodSec: 30,
  };

  it('authenticates, sends name and secret chunks, then WRITE_TO_SLOT', async () => {
    const { key, driver } = setup();
    await driver.writeSlot(spec, '12345678', counterRandom());
    expect(key.commands()).toEqual([
      C.GET_STATUS,
      C.GET_PASSWORD_RETRY_COUNT,
      C.FIRST_AUTHENTICATE,
      C.SEND_OTP_DATA,
      C.SEND_OTP_DATA,
      C.SEND_OTP_DATA,
      C.WRITE_TO_SLOT,
    ]);
    const written = key.slots.get(0x21);
    expect(written).toMatchObject({ name: 'python_test', config: 1, counterOrInterval: 30n });
    expect(hex(written?.secret as Uint8Array)).toBe(hex(RFC_SECRET) + '00'.repeat(20));
    const [name, s0, s1] = key.sent.filter((f) => f[0] === C.SEND_OTP_DATA);
    expect([name?.[26], name?.[27], s0?.[26], s0?.[27], s1?.[26], s1?.[27]]).toEqual([0x4e, 0, 0x53, 0, 0x53, 1]);
    const tempAdmin = key.tempAdmin as Uint8Array;
    expect(hex((key.sent.at(-1) as Uint8Array).subarray(1, 26))).toBe(hex(tempAdmin));
    expect(await driver.listSlots()).toContainEqual({
      kind: 'totp',
      index: 1,
      id: 'totp-1',
      name: 'python_test',
      digits: 8,
      periodSec: 30,
    });
  });

  it('writes HOTP slots with their counter and 6 digits', async () => {
    const { key, driver } = setup();
    await driver.writeSlot(
      { kind: 'hotp', index: 2, name: 'hotp', secret: RFC_SECRET, digits: 6, counter: 9n },
      '12345678',
      counterRandom(),
    );
    expect(key.slots.get(0x12)).toMatchObject({ config: 0, counterOrInterval: 9n });
  });

  const invalid: Array<[string, Partial<typeof spec> & { algorithm?: string; counter?: bigint }, string]> = [
    ['SHA-256', { algorithm: 'SHA256' }, 'unsupported-algorithm'],
    ['7 digits', { digits: 7 }, 'bad-digits'],
    ['41 secret bytes', { secret: new Uint8Array(41).fill(1) }, 'secret-too-long'],
    ['an empty secret', { secret: new Uint8Array(0) }, 'empty-secret'],
    ['a 16-byte name', { name: 'sixteen-bytes-xx' }, 'name-too-long'],
    ['an empty name', { name: '' }, 'bad-name'],
    ['TOTP slot 15', { index: 15 }, 'bad-slot'],
    ['a zero period', { periodSec: 0 }, 'bad-period'],
    ['a 65536 s period', { periodSec: 65536 }, 'bad-period'],
  ];
  for (const [what, change, code] of invalid) {
    it(`refuses ${what} ('${code}') before touching the key`, async () => {
      const { key, driver } = setup();
      expect((await rejection(driver.writeSlot({ ...spec, ...change }, '12345678', counterRandom()))).code).toBe(code);
      expect(key.sent).toHaveLength(0);
    });
  }

  it('accepts SHA1 spelled "sha-1"', async () => {
    const { driver } = setup();
    await expect(driver.writeSlot({ ...spec, algorithm: 'sha-1' }, '12345678', counterRandom())).resolves.toBe(
      undefined,
    );
  });

  it('stops after a wrong admin PIN, sent once, with the attempts left', async () => {
    const { key, driver } = setup();
    const error = await rejection(driver.writeSlot(spec, '87654321', counterRandom()));
    expect(error.code).toBe('wrong-password');
    expect(error.message).toBe('Wrong admin PIN. 2 attempts left.');
    expect(key.commands().filter((c) => c === C.FIRST_AUTHENTICATE)).toHaveLength(1);
    expect(key.commands()).not.toContain(C.SEND_OTP_DATA);
  });

  it('refuses when the admin PIN is blocked', async () => {
    const { key, driver } = setup({ adminRetries: 0 });
    const error = await rejection(driver.writeSlot(spec, '12345678', counterRandom()));
    expect(error.code).toBe('pin-blocked');
    expect(key.commands()).not.toContain(C.FIRST_AUTHENTICATE);
  });
});

describe('eraseSlot()', () => {
  it('authenticates and erases with the 0.8-style ERASE_SLOT', async () => {
    const { key, driver } = setup({ slots });
    await driver.eraseSlot({ kind: 'totp', index: 2 }, '12345678', counterRandom());
    expect(key.commands().slice(-3)).toEqual([C.GET_PASSWORD_RETRY_COUNT, C.FIRST_AUTHENTICATE, C.ERASE_SLOT]);
    const erase = key.sent.at(-1) as Uint8Array;
    expect(erase[1]).toBe(0x22);
    expect(hex(erase.subarray(2, 27))).toBe(hex(key.tempAdmin as Uint8Array));
    expect(key.slots.has(0x22)).toBe(false);
    expect((await driver.listSlots()).map((s) => s.id)).toEqual(['totp-0', 'hotp-0']);
  });
});

describe('warnings', () => {
  it('passes CRC warnings to onWarning, without payload', async () => {
    const { key, driver, warnings } = setup({ slots });
    const receive = key.receiveFeature.bind(key);
    key.receiveFeature = async () => {
      const r = await receive();
      if (r[0] === 0 && r[1] === C.GET_CODE) r[63] = (r[63] ?? 0) ^ 1;
      return r;
    };
    expect((await driver.getCode({ kind: 'totp', index: 0 })).code).toBe('07081804');
    expect(warnings).toEqual([{ kind: 'response-crc', command: C.GET_CODE }]);
  });
});
