import { describe, expect, it } from 'vitest';
import { NitrokeySim, type NitrokeySimOptions } from '../../hid-sim/nitrokey-sim';
import {
  asciiBytes,
  bytesToHex,
  Cmd,
  CommandStatus,
  cString,
  DeviceStatus,
  parseResponse,
  readU32le,
  readU64le,
  requests,
  stmCrc32,
  TIME_EPOCH,
  writeU32le,
} from '../../hid-sim/protocol';
import { GOLDEN, HOTP_6, HOTP_8, RFC_SECRET_HEX, TOTP_CASES } from './golden';

function fakeClock(start = 0) {
  let now = start;
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    set: (ms: number) => {
      now = ms;
    },
  };
}

function makeSim(options: NitrokeySimOptions = {}) {
  const time = fakeClock(1_000_000);
  const sim = new NitrokeySim({ clock: time.clock, ...options });
  const run = (frame: Uint8Array) => parseResponse(sim.transact(frame));
  return { sim, time, run };
}

const code = (payload: Uint8Array, digits: number) => String(readU32le(payload, 0)).padStart(digits, '0');

describe('libnitrokey request frames get the firmware answers', () => {
  it('GET_CODE 0x20 at device time 1111111109 answers exactly the synthetic golden response', () => {
    const { run } = makeSim({ slots: [{ kind: 'totp', index: 0, name: 'rfc', secret: RFC_SECRET_HEX, digits: 8 }] });
    expect(run(requests.setTime(1111111109, true)).cmdStatus).toBe(CommandStatus.ok);
    const answer = run(GOLDEN.getCode20);
    expect(bytesToHex(new Uint8Array([answer.deviceStatus, answer.cmd]))).toBe('0004');
    expect(code(answer.payload, 8)).toBe('07081804');
    expect(answer.crcOk).toBe(true);
  });

  it('the whole 64-byte answer equals the golden bytes', () => {
    const { sim } = makeSim({ slots: [{ kind: 'totp', index: 0, name: 'rfc', secret: RFC_SECRET_HEX, digits: 8 }] });
    sim.transact(requests.setTime(1111111109, true));
    expect(bytesToHex(sim.transact(GOLDEN.getCode20))).toBe(bytesToHex(GOLDEN.getCode20Response));
  });

  it('golden SET_TIME (soft, then forced) at 1111111111 then GET_CODE gives 14050471', () => {
    const { sim, run } = makeSim({
      slots: [{ kind: 'totp', index: 0, name: 'rfc', secret: RFC_SECRET_HEX, digits: 8 }],
    });
    const soft = run(GOLDEN.setTimeSoft1111111111);
    expect(soft.cmdStatus).toBe(CommandStatus.timestamp_warning); // nothing stored yet
    expect(soft.echoCrc).toBe(0xaf9cdaf8);
    const force = run(GOLDEN.setTimeForce1111111111);
    expect(force.cmdStatus).toBe(CommandStatus.ok);
    expect(force.echoCrc).toBe(0xe30a70c8);
    expect(sim.deviceTime()).toBe(1111111111);
    expect(code(run(GOLDEN.getCode20).payload, 8)).toBe('14050471');
  });

  it('GET_STATUS reports firmware, card serial and the PIN flag', () => {
    const { run } = makeSim({ firmware: { major: 0, minor: 15 }, serial: 0x5f11, pinProtected: true });
    const r = run(GOLDEN.getStatus);
    expect(r.cmd).toBe(Cmd.GET_STATUS);
    expect(r.echoCrc).toBe(0xef6eb7df);
    expect(r.payload[0]).toBe(15); // minor
    expect(r.payload[1]).toBe(0); // major
    expect(readU32le(r.payload, 2)).toBe(0x5f11);
    expect(r.payload[9]).toBe(1); // enable_user_password at absolute [16]
  });

  it('retry counters start at 3', () => {
    const { run } = makeSim();
    expect(run(GOLDEN.getUserRetryCount).payload[0]).toBe(3);
    expect(run(GOLDEN.getAdminRetryCount).payload[0]).toBe(3);
  });

  it('READ_SLOT_NAME and READ_SLOT 0x20', () => {
    const { run } = makeSim({
      slots: [
        { kind: 'totp', index: 0, name: 'github', secret: RFC_SECRET_HEX, digits: 8, period: 60, tokenId: 'tok' },
      ],
    });
    const name = run(GOLDEN.readSlotName20);
    expect(cString(name.payload, 0, 15)).toBe('github');
    const slot = run(GOLDEN.readSlot20Binary);
    expect(cString(slot.payload, 0, 15)).toBe('github');
    expect(slot.payload[15]).toBe(0x01); // config: 8 digits
    expect(cString(slot.payload, 16, 13)).toBe('tok');
    expect(readU64le(slot.payload, 29)).toBe(60n); // TOTP interval
  });

  it('USER_AUTHENTICATE then GET_CODE with the temporary password (PIN protection on)', () => {
    const { sim, run } = makeSim({
      pinProtected: true,
      slots: [{ kind: 'totp', index: 0, name: 'rfc', secret: RFC_SECRET_HEX, digits: 8 }],
    });
    run(requests.setTime(1111111109, true));
    expect(run(GOLDEN.getCode20).cmdStatus).toBe(CommandStatus.not_authorized);
    expect(run(GOLDEN.userAuthenticate).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.hasTempUserPassword).toBe(true);
    const r = run(GOLDEN.getCode20WithTempUser);
    expect(r.cmdStatus).toBe(CommandStatus.ok);
    expect(code(r.payload, 8)).toBe('07081804');
    // the temporary password stays valid for further codes
    expect(run(GOLDEN.getCode20WithTempUser).cmdStatus).toBe(CommandStatus.ok);
    // a wrong temporary password is refused
    expect(run(requests.getCode(0x20, '999999999')).cmdStatus).toBe(CommandStatus.not_authorized);
  });

  it('without PIN protection the password field is ignored', () => {
    const { run } = makeSim({ slots: [{ kind: 'totp', index: 0, name: 'rfc', secret: RFC_SECRET_HEX }] });
    expect(run(GOLDEN.getCode20WithTempUser).cmdStatus).toBe(CommandStatus.ok);
  });

  it('admin write flow: FIRST_AUTHENTICATE, SEND_OTP_DATA N and S, WRITE_TO_SLOT 0x21, then read it back', () => {
    const { sim, run } = makeSim();
    expect(run(GOLDEN.firstAuthenticate).cmdStatus).toBe(CommandStatus.ok);
    const n = run(GOLDEN.sendOtpDataName);
    expect(n.cmdStatus).toBe(CommandStatus.ok);
    expect(cString(n.payload, 0, 15)).toBe('python_test');
    expect(run(GOLDEN.sendOtpDataSecret).cmdStatus).toBe(CommandStatus.ok);
    expect(run(GOLDEN.writeToSlot21).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.flashWrites.slot).toBe(1);

    const stored = sim.slot('totp', 1);
    expect(stored?.name).toBe('python_test');
    expect(stored?.digits).toBe(8);
    expect(stored?.period).toBe(30);
    expect(bytesToHex(stored?.secret ?? new Uint8Array())).toBe(`${RFC_SECRET_HEX}${'00'.repeat(20)}`);

    const slot = run(requests.readSlot(0x21));
    expect(cString(slot.payload, 0, 15)).toBe('python_test');
    expect(slot.payload[15]).toBe(1);
    expect(readU64le(slot.payload, 29)).toBe(30n);

    run(requests.setTime(59, true));
    expect(code(run(requests.getCode(0x21)).payload, 8)).toBe('94287082');
  });
});

describe('OTP math', () => {
  it('RFC 4226 HOTP sequence, 6 digits, counter increments on the device', () => {
    const { sim, run } = makeSim({ slots: [{ kind: 'hotp', index: 0, name: 'h', secret: RFC_SECRET_HEX }] });
    const got = HOTP_6.map(() => code(run(GOLDEN.getCode10).payload, 6));
    expect(got).toEqual(HOTP_6);
    expect(sim.slot('hotp', 0)?.counter).toBe(10n);
    expect(sim.flashWrites.counter).toBe(10);
  });

  it('RFC 4226 HOTP sequence, 8 digits, and READ_SLOT shows the counter', () => {
    const { run } = makeSim({ slots: [{ kind: 'hotp', index: 0, name: 'h', secret: RFC_SECRET_HEX, digits: 8 }] });
    const got = HOTP_8.map(() => code(run(GOLDEN.getCode10).payload, 8));
    expect(got).toEqual(HOTP_8);
    expect(readU64le(run(requests.readSlot(0x10)).payload, 29)).toBe(10n);
  });

  it('HOTP starts at the configured counter', () => {
    const { run } = makeSim({ slots: [{ kind: 'hotp', index: 2, name: 'h', secret: RFC_SECRET_HEX, counter: 5 }] });
    expect(code(run(requests.getCode(0x12)).payload, 6)).toBe(HOTP_6[5]);
  });

  for (const [t, eight, six] of TOTP_CASES) {
    it(`TOTP at device time ${t}: ${eight} / ${six}`, () => {
      const { run } = makeSim({
        slots: [
          { kind: 'totp', index: 0, name: 'eight', secret: RFC_SECRET_HEX, digits: 8 },
          { kind: 'totp', index: 14, name: 'six', secret: RFC_SECRET_HEX, digits: 6 },
        ],
      });
      expect(run(requests.setTime(t, true)).cmdStatus).toBe(CommandStatus.ok);
      expect(code(run(requests.getCode(0x20)).payload, 8)).toBe(eight);
      expect(code(run(requests.getCode(0x2e)).payload, 6)).toBe(six);
    });
  }

  it('TOTP uses the 40-byte zero-padded secret (same as unpadded for HMAC)', () => {
    const { sim } = makeSim({ slots: [{ kind: 'totp', index: 0, name: 'x', secret: RFC_SECRET_HEX }] });
    expect(sim.slot('totp', 0)?.secret.length).toBe(40);
  });

  it('without SET_TIME the device counts from 0 after power-up', () => {
    const { sim, run, time } = makeSim({
      slots: [{ kind: 'totp', index: 0, name: 'x', secret: RFC_SECRET_HEX, digits: 8 }],
    });
    expect(sim.deviceTime()).toBe(0);
    time.advance(30_300); // 30 device seconds at 1 % slow
    expect(sim.deviceTime()).toBe(30);
    expect(code(run(requests.getCode(0x20)).payload, 8)).toBe(HOTP_8[1]); // step 1
  });
});

describe('slot addressing and errors', () => {
  it('HOTP index 3 is reserved: GET_CODE 0x13 → wrong_slot', () => {
    const { run } = makeSim({ slots: [{ kind: 'hotp', index: 3, name: 'verif', secret: RFC_SECRET_HEX }] });
    expect(run(requests.getCode(0x13)).cmdStatus).toBe(CommandStatus.wrong_slot);
  });

  it('out-of-range slots → wrong_slot; empty slots → slot_not_programmed', () => {
    const { run } = makeSim();
    expect(run(requests.getCode(0x2f)).cmdStatus).toBe(CommandStatus.wrong_slot);
    expect(run(requests.readSlotName(0x05)).cmdStatus).toBe(CommandStatus.wrong_slot);
    expect(run(requests.readSlot(0x14)).cmdStatus).toBe(CommandStatus.wrong_slot);
    expect(run(requests.readSlotName(0x20)).cmdStatus).toBe(CommandStatus.slot_not_programmed);
    expect(run(requests.readSlot(0x10)).cmdStatus).toBe(CommandStatus.slot_not_programmed);
    expect(run(requests.getCode(0x2e)).cmdStatus).toBe(CommandStatus.slot_not_programmed);
  });

  it('unknown commands → unknown_command; AUTHORIZE is unknown to 0.8+ firmware', () => {
    const { run } = makeSim();
    expect(run(requests.getStatus().fill(0).fill(0x42, 0, 1)).cmdStatus).toBe(CommandStatus.wrong_CRC);
    const unknown = new Uint8Array(64);
    unknown[0] = 0x42;
    writeU32le(unknown, 60, stmCrc32(unknown));
    expect(run(unknown).cmdStatus).toBe(CommandStatus.unknown_command);
    const authorize = new Uint8Array(64);
    authorize[0] = Cmd.AUTHORIZE;
    writeU32le(authorize, 60, stmCrc32(authorize));
    expect(run(authorize).cmdStatus).toBe(CommandStatus.unknown_command);
  });

  it('a request with a bad CRC → wrong_CRC, echoing the CRC the device calculated', () => {
    const { sim, run } = makeSim({ slots: [{ kind: 'hotp', index: 0, name: 'h', secret: RFC_SECRET_HEX }] });
    const bad = GOLDEN.getCode10.slice();
    bad[63] = (bad[63] ?? 0) ^ 0xff;
    const r = run(bad);
    expect(r.cmdStatus).toBe(CommandStatus.wrong_CRC);
    expect(r.cmd).toBe(Cmd.GET_CODE);
    expect(r.echoCrc).toBe(0x75027fc6);
    expect(r.crcOk).toBe(true);
    expect(sim.slot('hotp', 0)?.counter).toBe(0n); // not executed
  });

  it('rejects SETs that are not 64 bytes (Windows sends exactly what it is given)', () => {
    const { sim } = makeSim();
    expect(() => sim.setFeatureReport(new Uint8Array(65))).toThrow(/Failed to write the feature report/);
    const lax = makeSim({ strictLength: false }).sim;
    const withZero = new Uint8Array(65);
    withZero.set(GOLDEN.getStatus, 1);
    lax.setFeatureReport(withZero); // a stray leading report ID shifts the frame → wrong CRC
    let r = lax.getFeatureReport();
    while (r[0] !== DeviceStatus.READY) r = lax.getFeatureReport();
    expect(parseResponse(r).cmdStatus).toBe(CommandStatus.wrong_CRC);
  });
});

describe('SET_TIME rules (minutes since 1388534400 in flash)', () => {
  const T = 1_700_000_000;

  it('soft set fails while nothing is stored; forced set stores minutes and counts a flash write', () => {
    const { sim, run } = makeSim();
    expect(run(requests.setTime(T, false)).cmdStatus).toBe(CommandStatus.timestamp_warning);
    expect(sim.flashWrites.time).toBe(0);
    expect(sim.deviceTime()).toBe(0);
    expect(run(requests.setTime(T, true)).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.storedTimeMinutes).toBe(Math.floor((T - TIME_EPOCH) / 60));
    expect(sim.flashWrites.time).toBe(1);
    expect(sim.deviceTime()).toBe(T);
  });

  it('soft set succeeds for a newer (or same-minute) time, warns for an older one', () => {
    const { sim, run } = makeSim({ storedTimeMinutes: Math.floor((T - TIME_EPOCH) / 60) });
    expect(run(requests.setTime(T + 600, false)).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.deviceTime()).toBe(T + 600);
    // same minute, a few seconds earlier: minutes compare equal → accepted
    const sameMinute = T + 600 - ((T + 600 - TIME_EPOCH) % 60);
    expect(run(requests.setTime(sameMinute, false)).cmdStatus).toBe(CommandStatus.ok);
    expect(run(requests.setTime(T - 3600, false)).cmdStatus).toBe(CommandStatus.timestamp_warning);
    expect(sim.deviceTime()).toBe(sameMinute);
    expect(run(requests.setTime(T - 3600, true)).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.deviceTime()).toBe(T - 3600);
    expect(sim.flashWrites.time).toBe(3);
  });

  it('erased flash (0xFFFFFFFF) accepts a soft set', () => {
    const { run } = makeSim({ storedTimeMinutes: 0xffffffff });
    expect(run(requests.setTime(T, false)).cmdStatus).toBe(CommandStatus.ok);
  });

  it('needs no PIN, even with PIN protection on', () => {
    const { run } = makeSim({ pinProtected: true });
    expect(run(requests.setTime(T, true)).cmdStatus).toBe(CommandStatus.ok);
  });

  it('the stored time survives a power cycle, the running clock does not', () => {
    const { sim, run } = makeSim();
    run(requests.setTime(T, true));
    sim.powerCycle();
    expect(sim.deviceTime()).toBe(0);
    expect(run(requests.setTime(T + 60, false)).cmdStatus).toBe(CommandStatus.ok);
  });
});

describe('PINs and retry counters', () => {
  it('a wrong user PIN burns a retry and answers wrong_password; the right one resets to 3', () => {
    const { sim, run } = makeSim();
    expect(run(requests.userAuthenticate('000000', 'tmp')).cmdStatus).toBe(CommandStatus.wrong_password);
    expect(run(requests.getUserRetryCount()).payload[0]).toBe(2);
    expect(sim.hasTempUserPassword).toBe(false);
    expect(run(requests.userAuthenticate('123456', 'tmp')).cmdStatus).toBe(CommandStatus.ok);
    expect(run(requests.getUserRetryCount()).payload[0]).toBe(3);
  });

  it('three wrong PINs block the PIN for good; the right PIN then fails too', () => {
    const { sim, run } = makeSim();
    for (const left of [2, 1, 0]) {
      expect(run(requests.firstAuthenticate('bad', 'tmpA')).cmdStatus).toBe(CommandStatus.wrong_password);
      expect(run(requests.getAdminRetryCount()).payload[0]).toBe(left);
    }
    expect(run(requests.firstAuthenticate('12345678', 'tmpA')).cmdStatus).toBe(CommandStatus.wrong_password);
    expect(sim.adminRetries).toBe(0);
    expect(sim.hasTempAdminPassword).toBe(false);
    expect(sim.userRetries).toBe(3); // independent counters
  });

  it('custom PINs and starting counters', () => {
    const { run } = makeSim({ userPin: '654321', userRetries: 1 });
    expect(run(requests.getUserRetryCount()).payload[0]).toBe(1);
    expect(run(requests.userAuthenticate('654321', 'x')).cmdStatus).toBe(CommandStatus.ok);
    expect(run(requests.getUserRetryCount()).payload[0]).toBe(3);
  });

  it('a failed re-authentication keeps the previous temporary password; a new one replaces it', () => {
    const { run } = makeSim({
      pinProtected: true,
      slots: [{ kind: 'totp', index: 0, name: 'x', secret: RFC_SECRET_HEX }],
    });
    run(requests.userAuthenticate('123456', 'first'));
    run(requests.userAuthenticate('wrong', 'second'));
    expect(run(requests.getCode(0x20, 'first')).cmdStatus).toBe(CommandStatus.ok);
    run(requests.userAuthenticate('123456', 'third'));
    expect(run(requests.getCode(0x20, 'first')).cmdStatus).toBe(CommandStatus.not_authorized);
    expect(run(requests.getCode(0x20, 'third')).cmdStatus).toBe(CommandStatus.ok);
  });

  it('temporary passwords are lost on power-up', () => {
    const { sim, run } = makeSim({
      pinProtected: true,
      slots: [{ kind: 'totp', index: 0, name: 'x', secret: RFC_SECRET_HEX }],
    });
    run(requests.userAuthenticate('123456', 'tmp'));
    sim.powerCycle();
    expect(run(requests.getCode(0x20, 'tmp')).cmdStatus).toBe(CommandStatus.not_authorized);
  });

  it('an unset temporary password is not "25 zero bytes"', () => {
    const { run } = makeSim({
      pinProtected: true,
      slots: [{ kind: 'totp', index: 0, name: 'x', secret: RFC_SECRET_HEX }],
    });
    expect(run(requests.getCode(0x20)).cmdStatus).toBe(CommandStatus.not_authorized);
    expect(run(requests.eraseSlot(0x20, '')).cmdStatus).toBe(CommandStatus.not_authorized);
  });
});

describe('admin commands', () => {
  it('WRITE_TO_SLOT needs the temporary admin password', () => {
    const { run } = makeSim();
    run(requests.sendOtpData('tmpA', 'N', 0, 'x'));
    expect(run(requests.writeToSlot('tmpA', 0x20, 30, 0)).cmdStatus).toBe(CommandStatus.not_authorized);
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    expect(run(requests.writeToSlot('other', 0x20, 30, 0)).cmdStatus).toBe(CommandStatus.not_authorized);
  });

  it('WRITE_TO_SLOT without a name → no_name_error', () => {
    const { sim, run } = makeSim();
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    run(requests.sendOtpData('tmpA', 'S', 0, asciiBytes('secret')));
    expect(run(requests.writeToSlot('tmpA', 0x20, 30, 0)).cmdStatus).toBe(CommandStatus.no_name_error);
    expect(sim.slot('totp', 0)).toBeNull();
  });

  it('writes a HOTP slot with a 40-byte secret in two chunks and a start counter', () => {
    const { sim, run } = makeSim();
    const secret = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    run(requests.sendOtpData('tmpA', 'N', 0, 'long'));
    run(requests.sendOtpData('tmpA', 'S', 0, secret.subarray(0, 30)));
    expect(run(requests.sendOtpData('tmpA', 'S', 1, secret.subarray(30))).cmdStatus).toBe(CommandStatus.ok);
    expect(run(requests.writeToSlot('tmpA', 0x11, 7, 1, asciiBytes('TOKEN'))).cmdStatus).toBe(CommandStatus.ok);
    const s = sim.slot('hotp', 1);
    expect(s?.secret).toEqual(secret);
    expect(s?.counter).toBe(7n);
    expect(s?.digits).toBe(8);
    const r = run(requests.readSlot(0x11));
    expect(cString(r.payload, 16, 13)).toBe('TOKEN');
    expect(readU64le(r.payload, 29)).toBe(7n);
    // GET_CODE carries config and token id after the code
    const g = run(requests.getCode(0x11));
    expect(g.payload[4]).toBe(1);
    expect(cString(g.payload, 5, 13)).toBe('TOKEN');
  });

  it('WRITE_TO_SLOT to a bad slot → wrong_slot', () => {
    const { run } = makeSim();
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    run(requests.sendOtpData('tmpA', 'N', 0, 'x'));
    expect(run(requests.writeToSlot('tmpA', 0x30, 30, 0)).cmdStatus).toBe(CommandStatus.wrong_slot);
  });

  it('ERASE_SLOT with the temporary admin password', () => {
    const { sim, run } = makeSim({ slots: [{ kind: 'totp', index: 3, name: 'x', secret: RFC_SECRET_HEX }] });
    expect(run(requests.eraseSlot(0x23, 'tmpA')).cmdStatus).toBe(CommandStatus.not_authorized);
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    expect(run(requests.eraseSlot(0x23, 'tmpA')).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.slot('totp', 3)).toBeNull();
    expect(run(requests.readSlotName(0x23)).cmdStatus).toBe(CommandStatus.slot_not_programmed);
  });

  it('WRITE_CONFIG toggles enable_user_password', () => {
    const { sim, run } = makeSim();
    expect(run(requests.writeConfig({ enableUserPassword: true }, 'tmpA')).cmdStatus).toBe(
      CommandStatus.not_authorized,
    );
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    expect(run(requests.writeConfig({ enableUserPassword: true }, 'tmpA')).cmdStatus).toBe(CommandStatus.ok);
    expect(sim.pinProtected).toBe(true);
    expect(run(requests.getStatus()).payload[9]).toBe(1);
    run(requests.writeConfig({ enableUserPassword: false }, 'tmpA'));
    expect(sim.pinProtected).toBe(false);
    expect(sim.flashWrites.config).toBe(2);
  });
});

describe('state machine: READY → RECEIVED → BUSY → READY', () => {
  it('answers RECEIVED, then BUSY, then the answer (busyPolls 2)', () => {
    const { sim } = makeSim();
    sim.setFeatureReport(requests.getStatus());
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.RECEIVED);
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.BUSY);
    const r = sim.getFeatureReport();
    expect(r[0]).toBe(DeviceStatus.READY);
    expect(parseResponse(r).cmd).toBe(Cmd.GET_STATUS);
    expect(sim.stats.notReadyGets).toBe(2);
  });

  it('GET before any command returns the empty power-up buffer', () => {
    const { sim } = makeSim();
    expect(sim.getFeatureReport()).toEqual(new Uint8Array(64));
  });

  it('busyPolls 0 answers on the first GET', () => {
    const { sim } = makeSim({ busyPolls: 0 });
    sim.setFeatureReport(requests.getStatus());
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.READY);
  });

  it('busy state shows the previous answer (stale echo) until the new one is ready', () => {
    const { sim } = makeSim();
    sim.transact(requests.getStatus());
    sim.setFeatureReport(requests.getUserRetryCount());
    const busy = parseResponse(sim.getFeatureReport());
    expect(busy.deviceStatus).toBe(DeviceStatus.RECEIVED);
    expect(busy.cmd).toBe(Cmd.GET_STATUS);
  });

  it('a SET while the device is not READY is silently dropped', () => {
    const { sim } = makeSim({ slots: [{ kind: 'hotp', index: 0, name: 'h', secret: RFC_SECRET_HEX }] });
    sim.setFeatureReport(requests.getStatus());
    sim.getFeatureReport(); // RECEIVED
    sim.setFeatureReport(requests.getCode(0x10)); // dropped
    expect(sim.stats.droppedSets).toBe(1);
    let r = sim.getFeatureReport();
    while (r[0] !== DeviceStatus.READY) r = sim.getFeatureReport();
    expect(parseResponse(r).cmd).toBe(Cmd.GET_STATUS);
    expect(sim.slot('hotp', 0)?.counter).toBe(0n);
    expect(sim.getFeatureReport()[1]).toBe(Cmd.GET_STATUS); // nothing else runs
    expect(sim.history.map((h) => h.cmd)).toEqual([Cmd.GET_STATUS]);
  });

  it('per-command busy polls', () => {
    const { sim } = makeSim({ busyPolls: (cmd) => (cmd === Cmd.USER_AUTHENTICATE ? 5 : 1) });
    sim.setFeatureReport(requests.userAuthenticate('123456', 't'));
    let n = 0;
    while (sim.getFeatureReport()[0] !== DeviceStatus.READY) n++;
    expect(n).toBe(5);
    sim.setFeatureReport(requests.getStatus());
    n = 0;
    while (sim.getFeatureReport()[0] !== DeviceStatus.READY) n++;
    expect(n).toBe(1);
  });

  it('firmware-like timing: answers after processMs of the injected clock, whatever the polling', () => {
    const { sim, time } = makeSim({ busyPolls: 0, processMs: 40 });
    sim.setFeatureReport(requests.getStatus());
    time.advance(1);
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.RECEIVED);
    time.advance(9);
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.BUSY);
    time.advance(10);
    sim.setFeatureReport(requests.getUserRetryCount()); // still busy → dropped
    expect(sim.stats.droppedSets).toBe(1);
    time.advance(19);
    expect(sim.peekStatus()).toBe(DeviceStatus.BUSY);
    time.advance(1); // 40 ms
    const r = sim.getFeatureReport();
    expect(r[0]).toBe(DeviceStatus.READY);
    expect(r[1]).toBe(Cmd.GET_STATUS);
    // A SET after completion is accepted even without a GET in between.
    sim.setFeatureReport(requests.getStatus());
    time.advance(40);
    sim.setFeatureReport(requests.getUserRetryCount());
    expect(sim.stats.droppedSets).toBe(1);
    time.advance(40);
    expect(sim.getFeatureReport()[1]).toBe(Cmd.GET_USER_PASSWORD_RETRY_COUNT);
  });

  it('the command runs at its completion time (TOTP near a step boundary)', () => {
    const { sim, time } = makeSim({
      busyPolls: 0,
      processMs: 2000,
      slowClockPercent: 0,
      slots: [{ kind: 'totp', index: 0, name: 'x', secret: RFC_SECRET_HEX, digits: 8 }],
    });
    sim.setFeatureReport(requests.setTime(1111111109, true));
    time.advance(2000); // completes 2 s later: device 1111111109 at that moment
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.READY);
    expect(sim.history[0]?.deviceTime).toBe(1111111109);
    sim.setFeatureReport(requests.getCode(0x20));
    time.advance(5000); // nobody polls for 5 s; the code was computed at +2 s
    const r = parseResponse(sim.getFeatureReport());
    expect(code(r.payload, 8)).toBe('14050471'); // device 1111111111
  });
});

describe('the device clock runs ~1 % slow', () => {
  it('after 3600 real seconds the device shows 3564 s', () => {
    const { sim, time } = makeSim();
    time.advance(3_600_000);
    expect(sim.deviceTime()).toBe(3564);
  });

  it('drifts from the time it was set', () => {
    const { sim, run, time } = makeSim();
    run(requests.setTime(1_700_000_000, true));
    time.advance(3_600_000);
    expect(sim.deviceTime() - 1_700_000_000).toBeGreaterThanOrEqual(3563);
    expect(sim.deviceTime() - 1_700_000_000).toBeLessThanOrEqual(3565);
  });

  it('slowClockPercent 0 keeps real time', () => {
    const { sim, time } = makeSim({ slowClockPercent: 0 });
    time.advance(3_600_000);
    expect(sim.deviceTime()).toBe(3600);
  });
});

describe('models', () => {
  it('identities', () => {
    const pro = new NitrokeySim({ model: 'pro' });
    const storage = new NitrokeySim({ model: 'storage' });
    const librem = new NitrokeySim({ model: 'librem' });
    expect([pro.vendorId, pro.productId, pro.productName]).toEqual([0x20a0, 0x4108, 'Nitrokey Pro']);
    expect([storage.vendorId, storage.productId, storage.productName]).toEqual([0x20a0, 0x4109, 'Nitrokey Storage']);
    expect([librem.vendorId, librem.productId, librem.productName]).toEqual([0x316d, 0x4c4b, 'Librem Key']);
    expect(pro.usagePage).toBe(0xff00);
  });

  it('Storage: GET_STATUS says 0.1; GET_DEVICE_STATUS 0x2E carries the real version and retry counters', () => {
    const { run } = makeSim({
      model: 'storage',
      firmware: { major: 0, minor: 54, build: 2 },
      serial: 0x1234abcd,
      adminRetries: 2,
    });
    const st = run(requests.getStatus());
    expect([st.payload[0], st.payload[1]]).toEqual([1, 0]);
    const ds = run(requests.getDeviceStatus());
    expect(ds.cmdStatus).toBe(CommandStatus.ok);
    const raw = new Uint8Array(64);
    raw.set(ds.payload, 7);
    expect(raw[21]).toBe(0x2e); // stick20 status block: command id
    expect(raw[22]).toBe(1); // stick20 device_status ok
    expect(raw[33]).toBe(0); // major
    expect(raw[34]).toBe(54); // minor (payload + 27)
    expect(raw[36]).toBe(2); // build_iteration
    expect(raw[47]).toBe(3); // user retries
    expect(raw[48]).toBe(2); // admin retries
    expect(readU32le(raw, 49)).toBe(0x1234abcd);
  });

  it('Pro answers GET_DEVICE_STATUS with unknown_command', () => {
    const { run } = makeSim();
    expect(run(requests.getDeviceStatus()).cmdStatus).toBe(CommandStatus.unknown_command);
  });

  it('Storage READ_SLOT: HOTP counter binary with format 1, ASCII otherwise', () => {
    const { run } = makeSim({
      model: 'storage',
      firmware: { major: 0, minor: 54 },
      slots: [{ kind: 'hotp', index: 0, name: 'h', secret: RFC_SECRET_HEX, counter: 42 }],
    });
    expect(readU64le(run(requests.readSlot(0x10, true)).payload, 29)).toBe(42n);
    expect(cString(run(requests.readSlot(0x10, false)).payload, 29, 8)).toBe('42');
  });

  it('old firmware: keyboard descriptor ≤ v0.9; pre-0.8 protocol refuses 0.8-style admin commands', () => {
    expect(new NitrokeySim({ firmware: { major: 0, minor: 9 } }).legacyKeyboardDescriptor).toBe(true);
    expect(new NitrokeySim({ firmware: { major: 0, minor: 10 } }).legacyKeyboardDescriptor).toBe(false);
    expect(new NitrokeySim({ model: 'storage', firmware: { major: 0, minor: 52 } }).usagePage).toBe(0x0001);
    const { run } = makeSim({ firmware: { major: 0, minor: 7 } });
    expect(run(requests.getStatus()).payload[0]).toBe(7);
    run(requests.firstAuthenticate('12345678', 'tmpA'));
    expect(run(requests.sendOtpData('tmpA', 'N', 0, 'x')).cmdStatus).toBe(CommandStatus.unknown_command);
    expect(run(requests.writeToSlot('tmpA', 0x20, 30, 0)).cmdStatus).toBe(CommandStatus.not_authorized);
  });
});
