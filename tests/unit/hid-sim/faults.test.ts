import { describe, expect, it } from 'vitest';
import { NitrokeySim, type NitrokeySimOptions } from '../../hid-sim/nitrokey-sim';
import { Cmd, CommandStatus, DeviceStatus, parseResponse, readU32le, requests, stmCrc32 } from '../../hid-sim/protocol';
import { GOLDEN, RFC_SECRET_HEX } from './golden';

function makeSim(options: NitrokeySimOptions = {}) {
  let now = 5_000;
  const sim = new NitrokeySim({
    clock: () => now,
    slots: [{ kind: 'hotp', index: 0, name: 'h', secret: RFC_SECRET_HEX }],
    ...options,
  });
  return {
    sim,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Polls until READY, returning every raw GET. */
function pollAll(sim: NitrokeySim, max = 50): Uint8Array[] {
  const seen: Uint8Array[] = [];
  for (let i = 0; i < max; i++) {
    const r = sim.getFeatureReport();
    seen.push(r);
    if (r[0] === DeviceStatus.READY) return seen;
  }
  throw new Error('never ready');
}

describe('fault injection', () => {
  it('staleOnce: the next GET is READY with the previous command echo, then the real answer follows', () => {
    const { sim } = makeSim({ busyPolls: 0 });
    sim.transact(requests.getStatus());
    sim.staleOnce = true;
    sim.setFeatureReport(GOLDEN.getCode10);
    const stale = parseResponse(sim.getFeatureReport());
    expect(stale.deviceStatus).toBe(DeviceStatus.READY);
    expect(stale.cmd).toBe(Cmd.GET_STATUS);
    expect(stale.echoCrc).toBe(0xef6eb7df);
    const real = parseResponse(sim.getFeatureReport());
    expect(real.cmd).toBe(Cmd.GET_CODE);
    expect(real.echoCrc).toBe(0x75027fc6);
    expect(sim.staleOnce).toBe(false);
  });

  it('staleOnce after completion returns the answer before the latest one', () => {
    const { sim } = makeSim();
    sim.transact(requests.getStatus());
    sim.transact(requests.getUserRetryCount());
    sim.staleOnce = true;
    expect(sim.getFeatureReport()[1]).toBe(Cmd.GET_STATUS);
    expect(sim.getFeatureReport()[1]).toBe(Cmd.GET_USER_PASSWORD_RETRY_COUNT);
  });

  it('crcErrorOnce corrupts one READY answer; a re-read is intact', () => {
    const { sim } = makeSim();
    sim.crcErrorOnce = true;
    sim.setFeatureReport(GOLDEN.getCode10);
    const seen = pollAll(sim);
    const bad = parseResponse(seen[seen.length - 1] ?? new Uint8Array(64));
    expect(bad.cmd).toBe(Cmd.GET_CODE);
    expect(bad.crcOk).toBe(false);
    const good = parseResponse(sim.getFeatureReport());
    expect(good.crcOk).toBe(true);
    expect(good.payload.slice(0, 4)).toEqual(bad.payload.slice(0, 4));
    expect(sim.slot('hotp', 0)?.counter).toBe(1n); // executed once
  });

  it('dropNextSet loses the next SET even while READY; the GET shows the old answer', () => {
    const { sim } = makeSim();
    sim.transact(requests.getStatus());
    sim.dropNextSet = true;
    sim.setFeatureReport(GOLDEN.getCode10);
    const r = parseResponse(sim.getFeatureReport());
    expect(r.deviceStatus).toBe(DeviceStatus.READY);
    expect(r.cmd).toBe(Cmd.GET_STATUS);
    expect(sim.stats.droppedSets).toBe(1);
    expect(sim.slot('hotp', 0)?.counter).toBe(0n);
    // the retry goes through
    expect(parseResponse(sim.transact(GOLDEN.getCode10)).cmd).toBe(Cmd.GET_CODE);
  });

  it('busyStorm(n): n GETs report BUSY without progress, SETs meanwhile are dropped', () => {
    const { sim } = makeSim({ busyPolls: 0 });
    sim.busyStorm(4);
    sim.setFeatureReport(requests.getStatus()); // device busy → dropped
    expect(sim.stats.droppedSets).toBe(1);
    for (let i = 0; i < 4; i++) expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.BUSY);
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.READY);
    expect(sim.history).toHaveLength(0);
  });

  it('busyStorm during a command delays its answer', () => {
    const { sim } = makeSim({ busyPolls: 1 });
    sim.setFeatureReport(GOLDEN.getCode10);
    sim.busyStorm(3, DeviceStatus.RECEIVED);
    const seen = pollAll(sim);
    expect(seen.map((r) => r[0])).toEqual([3, 3, 3, 3, 0]);
    expect(seen[4]?.[1]).toBe(Cmd.GET_CODE);
  });

  it('a storm of Infinity never ends (for driver timeout tests)', () => {
    const { sim } = makeSim();
    sim.busyStorm(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 100; i++) expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.BUSY);
  });

  it('errorStatusOnce: one GET with status 2', () => {
    const { sim } = makeSim({ busyPolls: 0 });
    sim.setFeatureReport(requests.getStatus());
    sim.errorStatusOnce = true;
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.ERROR);
    expect(sim.getFeatureReport()[0]).toBe(DeviceStatus.READY);
  });

  it('unplug(): every call throws NotFoundError "The device was disconnected."', () => {
    const { sim } = makeSim();
    sim.unplug();
    expect(sim.isConnected).toBe(false);
    for (const call of [() => sim.getFeatureReport(), () => sim.setFeatureReport(requests.getStatus())]) {
      try {
        call();
        expect.unreachable();
      } catch (e) {
        expect((e as Error).name).toBe('NotFoundError');
        expect((e as Error).message).toBe('The device was disconnected.');
      }
    }
  });

  it('unplug mid-command loses the answer; replug powers up READY with the clock at 0, flash kept', () => {
    const { sim, advance } = makeSim({ pinProtected: true });
    sim.transact(requests.setTime(1_700_000_000, true));
    sim.transact(requests.userAuthenticate('123456', 'tmp'));
    sim.setFeatureReport(requests.getCode(0x10, 'tmp'));
    sim.getFeatureReport();
    sim.unplug();
    advance(10_000);
    sim.plug();
    expect(sim.deviceTime()).toBe(0);
    expect(sim.hasTempUserPassword).toBe(false);
    expect(sim.slot('hotp', 0)?.counter).toBe(0n); // the in-flight GET_CODE never ran
    expect(sim.storedTimeMinutes).toBeGreaterThan(0);
    expect(sim.getFeatureReport()).toEqual(new Uint8Array(64));
  });

  it('unplugAfterNextSet: the SET is taken, then the device is gone', () => {
    const { sim } = makeSim();
    const events: boolean[] = [];
    sim.onConnectionChange((c) => events.push(c));
    sim.unplugAfterNextSet = true;
    sim.setFeatureReport(requests.getStatus());
    expect(() => sim.getFeatureReport()).toThrow('The device was disconnected.');
    expect(events).toEqual([false]);
  });

  it('shiftedBufferMode (pre-fix Windows): 00 + the first 63 device bytes', () => {
    const { sim } = makeSim({ busyPolls: 0 });
    sim.shiftedBufferMode = true;
    sim.setFeatureReport(GOLDEN.getCode10);
    const r = sim.getFeatureReport();
    expect(r.length).toBe(64);
    expect(r[0]).toBe(0);
    expect(r[1]).toBe(DeviceStatus.READY);
    expect(r[2]).toBe(Cmd.GET_CODE);
    expect(readU32le(r, 3)).toBe(0x75027fc6); // the command/CRC echo one byte later
    // the response CRC's top byte is lost
    sim.shiftedBufferMode = false;
    const full = sim.getFeatureReport();
    expect(r.subarray(1)).toEqual(full.subarray(0, 63));
  });

  it('withReportId: 65 bytes with a leading 0', () => {
    const { sim } = makeSim({ busyPolls: 0 });
    sim.withReportId = true;
    sim.setFeatureReport(requests.getStatus());
    const r = sim.getFeatureReport();
    expect(r.length).toBe(65);
    expect(r[0]).toBe(0);
    const inner = r.slice(1);
    expect(parseResponse(inner).crcOk).toBe(true);
    expect(parseResponse(inner).cmdStatus).toBe(CommandStatus.ok);
  });

  it('status byte 3/1 polls are reported with the right bytes and a CRC that ignores byte 0', () => {
    const { sim } = makeSim();
    sim.transact(requests.getStatus());
    sim.setFeatureReport(requests.getUserRetryCount());
    const busy = sim.getFeatureReport();
    const copy = busy.slice();
    copy[0] = 0;
    expect(stmCrc32(copy)).toBe(readU32le(busy, 60));
  });
});
