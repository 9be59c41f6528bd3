import { describe, expect, it } from 'vitest';
import { CommandId } from '../../../lib/hid/command-ids';
import {
  encodeGetCode,
  encodeGetDeviceStatus,
  encodeGetStatus,
  encodeUserAuthenticate,
} from '../../../lib/hid/commands';
import { NitrokeyError } from '../../../lib/hid/errors';
import { DeviceQueue, deviceQueue } from '../../../lib/hid/queue';
import {
  commandTimeoutMs,
  DEFAULT_POLL_DELAYS_MS,
  type HidWarning,
  OTP_TIMEOUT_MS,
  SLOW_TIMEOUT_MS,
  transact,
} from '../../../lib/hid/transact';
import { answerTo, FakeClock, otherFrame, ScriptedTransport, shifted, withReportId } from './fakes';

const READY = 0;
const BUSY = 1;
const ERROR = 2;
const RECEIVED = 3;

const codePayload = (value: number, config = 0): Uint8Array => {
  const p = new Uint8Array(53);
  new DataView(p.buffer).setUint32(0, value, true);
  p[4] = config;
  return p;
};

async function rejection(promise: Promise<unknown>): Promise<NitrokeyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NitrokeyError);
    return error as NitrokeyError;
  }
  throw new Error('expected a rejection');
}

describe('transact: the happy path', () => {
  it('polls through RECEIVED and BUSY and accepts the matching READY answer', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent, read) =>
      answerTo(sent, { status: [RECEIVED, BUSY, READY][Math.min(read, 2)], payload: codePayload(7081804, 1) }),
    );
    const frame = encodeGetCode(0x20);
    const r = await transact(t, frame, clock);
    expect(t.sent).toEqual([frame]);
    expect(r.reads).toBe(3);
    expect(r.resent).toBe(false);
    expect(r.crcWarning).toBe(false);
    expect(r.response.command).toBe(CommandId.GET_CODE);
    expect(new DataView(r.payload.buffer).getUint32(0, true)).toBe(7081804);
    expect(clock.sleeps).toEqual([5, 5, 10]);
    expect(r.elapsedMs).toBe(20);
  });

  it('answers in under 50 ms of fake time when the key needs 40 ms', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const t = new ScriptedTransport((sent) =>
      answerTo(sent, { status: clock.now() - start >= 40 ? READY : BUSY, payload: codePayload(1) }),
    );
    const r = await transact(t, encodeGetCode(0x20), clock);
    expect(r.elapsedMs).toBeLessThanOrEqual(60);
  });

  it('backs off adaptively and never sleeps more than 40 ms between reads', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent, read) => answerTo(sent, { status: read < 12 ? BUSY : READY }));
    await transact(t, encodeGetStatus(), clock);
    expect(clock.sleeps.slice(0, DEFAULT_POLL_DELAYS_MS.length)).toEqual([...DEFAULT_POLL_DELAYS_MS]);
    expect(Math.max(...clock.sleeps)).toBe(40);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(10);
  });

  it('accepts 65-byte answers with a leading report ID', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => withReportId(answerTo(sent, { payload: codePayload(42) })));
    const r = await transact(t, encodeGetCode(0x20), clock);
    expect(r.payload[0]).toBe(42);
  });

  it('accepts the shifted pre-fix Windows buffer, busy reads included, and warns once', async () => {
    const clock = new FakeClock();
    const warnings: HidWarning[] = [];
    const t = new ScriptedTransport((sent, read) =>
      shifted(answerTo(sent, { status: read < 3 ? BUSY : READY, payload: codePayload(94287082, 1) })),
    );
    const r = await transact(t, encodeGetCode(0x20), clock, { onWarning: (w) => warnings.push(w) });
    expect(r.response.shifted).toBe(true);
    expect(r.crcWarning).toBe(false);
    expect(t.sent).toHaveLength(1); // a shifted busy read is not mistaken for a dropped request
    expect(new DataView(r.payload.buffer).getUint32(0, true)).toBe(94287082);
    expect(warnings).toEqual([{ kind: 'shifted-buffer', command: CommandId.GET_CODE }]);
  });
});

describe('transact: busy storms and timeouts', () => {
  it('rides out a long busy storm within the deadline', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent, read) => answerTo(sent, { status: read < 40 ? BUSY : READY }));
    const r = await transact(t, encodeGetStatus(), clock);
    expect(r.reads).toBe(41);
    expect(r.elapsedMs).toBeLessThan(OTP_TIMEOUT_MS);
  });

  it('times out after the OTP deadline when the key stays busy', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent, { status: BUSY }));
    const start = clock.now();
    const error = await rejection(transact(t, encodeGetCode(0x20), clock));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer GET_CODE within 2000 ms/);
    expect(clock.now() - start).toBe(OTP_TIMEOUT_MS);
    expect(t.sent).toHaveLength(1);
  });

  it('gives PIN commands the longer deadline', async () => {
    expect(commandTimeoutMs(CommandId.GET_CODE)).toBe(OTP_TIMEOUT_MS);
    expect(commandTimeoutMs(CommandId.READ_SLOT)).toBe(OTP_TIMEOUT_MS);
    expect(commandTimeoutMs(CommandId.USER_AUTHENTICATE)).toBe(SLOW_TIMEOUT_MS);
    expect(commandTimeoutMs(CommandId.FIRST_AUTHENTICATE)).toBe(SLOW_TIMEOUT_MS);
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent, { status: BUSY }));
    const start = clock.now();
    const error = await rejection(transact(t, encodeUserAuthenticate('123456', new Uint8Array(25).fill(7)), clock));
    expect(error.code).toBe('timeout');
    expect(clock.now() - start).toBe(SLOW_TIMEOUT_MS);
  });

  it('honours an explicit timeout', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent, { status: RECEIVED }));
    const start = clock.now();
    await rejection(transact(t, encodeGetStatus(), clock, { timeoutMs: 100 }));
    expect(clock.now() - start).toBe(100);
  });
});

describe('transact: stale answers and dropped requests', () => {
  it('keeps polling past a stale answer to the previous command', async () => {
    const clock = new FakeClock();
    const previous = otherFrame(CommandId.READ_SLOT);
    const t = new ScriptedTransport((sent, read) =>
      read === 0 ? answerTo(previous) : answerTo(sent, { status: read === 1 ? BUSY : READY }),
    );
    const r = await transact(t, encodeGetCode(0x20), clock);
    expect(r.response.command).toBe(CommandId.GET_CODE);
    expect(r.resent).toBe(false);
    expect(t.sent).toHaveLength(1);
  });

  it('never accepts an answer whose CRC echo differs, even for the same command', async () => {
    const clock = new FakeClock();
    const sameCommandOtherArgs = encodeGetCode(0x21);
    const t = new ScriptedTransport((sent, read) => (read < 1 ? answerTo(sameCommandOtherArgs) : answerTo(sent)));
    const r = await transact(t, encodeGetCode(0x20), clock);
    expect(r.response.echoCrc).not.toBe(new DataView(sameCommandOtherArgs.buffer).getUint32(60, true));
  });

  it('sends the frame once more when the busy key dropped it, and warns', async () => {
    const clock = new FakeClock();
    const previous = otherFrame(CommandId.READ_SLOT);
    const warnings: HidWarning[] = [];
    // The key is still busy with `previous` when our SET arrives, drops it, then shows the old answer.
    const t = new ScriptedTransport((sent, read, sends) => {
      if (sends === 1) return answerTo(previous, { status: read < 2 ? BUSY : READY });
      return answerTo(sent, { status: read < 1 ? RECEIVED : READY, payload: codePayload(5) });
    });
    const frame = encodeGetCode(0x20);
    const r = await transact(t, frame, clock, { onWarning: (w) => warnings.push(w) });
    expect(r.resent).toBe(true);
    expect(t.sent).toEqual([frame, frame]);
    expect(r.payload[0]).toBe(5);
    expect(warnings).toContainEqual({ kind: 'resent', command: CommandId.GET_CODE });
  });

  it('resends at most once', async () => {
    const clock = new FakeClock();
    const previous = otherFrame(CommandId.READ_SLOT);
    const t = new ScriptedTransport(() => answerTo(previous));
    const error = await rejection(transact(t, encodeGetCode(0x20), clock));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/another program/);
    expect(t.sent).toHaveLength(2);
  });

  it('never resends a PIN command (resendIfDropped: false)', async () => {
    const clock = new FakeClock();
    const previous = otherFrame(CommandId.READ_SLOT);
    const t = new ScriptedTransport(() => answerTo(previous));
    const error = await rejection(
      transact(t, encodeUserAuthenticate('123456', new Uint8Array(25).fill(9)), clock, { resendIfDropped: false }),
    );
    expect(error.code).toBe('timeout');
    expect(t.sent).toHaveLength(1);
  });

  it('does not treat unreadable garbage as a dropped request', async () => {
    const clock = new FakeClock();
    const garbage = answerTo(otherFrame(CommandId.READ_SLOT), { badCrc: true });
    const t = new ScriptedTransport((sent, read) => (read < 6 ? garbage : answerTo(sent)));
    const r = await transact(t, encodeGetStatus(), clock);
    expect(r.resent).toBe(false);
    expect(t.sent).toHaveLength(1);
  });

  it('polls past buffers of a wrong length', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent, read) => (read < 2 ? new Uint8Array(12) : answerTo(sent)));
    const r = await transact(t, encodeGetStatus(), clock);
    expect(r.reads).toBe(3);
  });
});

describe('transact: waiting for an idle key before sending', () => {
  it('reads once before sending and sends at once when the key is idle', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent));
    const r = await transact(t, encodeGetStatus(), clock);
    expect(t.reads).toBe(2);
    expect(r.reads).toBe(1);
    expect(clock.sleeps).toEqual([5]);
  });

  it('waits while the key is still busy with an earlier (even identical) request, then sends once', async () => {
    const clock = new FakeClock();
    const frame = encodeGetCode(0x10);
    const t = new ScriptedTransport((sent) => answerTo(sent, { payload: codePayload(287082) }));
    // The key is still working on an identical GET_CODE from an abandoned transaction.
    t.preSend = (read) => answerTo(frame, { status: read < 3 ? BUSY : READY, payload: codePayload(755224) });
    const r = await transact(t, frame, clock);
    expect(t.sent).toHaveLength(1);
    expect(clock.sleeps.slice(0, 3)).toEqual([5, 5, 10]);
    expect(new DataView(r.payload.buffer).getUint32(0, true)).toBe(287082);
  });

  it('times out without sending when the key never becomes idle', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent));
    t.preSend = () => answerTo(otherFrame(CommandId.READ_SLOT), { status: RECEIVED });
    const start = clock.now();
    const error = await rejection(transact(t, encodeUserAuthenticate('123456', new Uint8Array(25).fill(3)), clock));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/stayed busy/);
    expect(t.sent).toHaveLength(0);
    expect(clock.now() - start).toBe(SLOW_TIMEOUT_MS);
  });

  it('treats an unreadable pre-send read as idle', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent));
    t.preSend = () => new Uint8Array(7);
    await transact(t, encodeGetStatus(), clock);
    expect(t.sent).toHaveLength(1);
  });

  it("reports an unplug during the pre-send read as 'disconnected'", async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent));
    t.preSend = () => new DOMException('The device was disconnected.', 'NotFoundError');
    expect((await rejection(transact(t, encodeGetStatus(), clock))).code).toBe('disconnected');
    expect(t.sent).toHaveLength(0);
  });
});

describe('transact: CRC errors, device errors, command status', () => {
  it('accepts a matching answer with a bad response CRC, flagged', async () => {
    const clock = new FakeClock();
    const warnings: HidWarning[] = [];
    const t = new ScriptedTransport((sent) => answerTo(sent, { payload: codePayload(3), badCrc: true }));
    const r = await transact(t, encodeGetCode(0x20), clock, { onWarning: (w) => warnings.push(w) });
    expect(r.crcWarning).toBe(true);
    expect(r.payload[0]).toBe(3);
    expect(warnings).toEqual([{ kind: 'response-crc', command: CommandId.GET_CODE }]);
  });

  it('fails on STATUS_ERROR', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent, { status: ERROR }));
    const error = await rejection(transact(t, encodeGetStatus(), clock));
    expect(error.code).toBe('device-error');
  });

  const statuses: Array<[number, string]> = [
    [1, 'wrong-crc'],
    [2, 'wrong-slot'],
    [3, 'slot-not-programmed'],
    [4, 'wrong-password'],
    [5, 'not-authorized'],
    [6, 'timestamp-warning'],
    [7, 'no-name'],
    [8, 'not-supported'],
    [9, 'unknown-command'],
    [10, 'aes-dec-failed'],
    [14, 'error-unblocking-pin'],
    [99, 'unknown-status'],
  ];
  for (const [status, code] of statuses) {
    it(`maps command status ${status} to '${code}'`, async () => {
      const clock = new FakeClock();
      const t = new ScriptedTransport((sent) => answerTo(sent, { commandStatus: status }));
      const error = await rejection(transact(t, encodeGetCode(0x20), clock));
      expect(error.code).toBe(code);
      expect(error.commandStatus).toBe(status);
      expect(error.command).toBe(CommandId.GET_CODE);
      expect(error.message).toMatch(/GET_CODE/);
    });
  }
});

describe('transact: disconnects', () => {
  it("turns a read that throws into 'disconnected' with the cause", async () => {
    const clock = new FakeClock();
    const unplugged = new DOMException('The device was disconnected.', 'NetworkError');
    const t = new ScriptedTransport((sent, read) => (read < 2 ? answerTo(sent, { status: BUSY }) : unplugged));
    const error = await rejection(transact(t, encodeGetStatus(), clock));
    expect(error.code).toBe('disconnected');
    expect(error.cause).toBe(unplugged);
  });

  it("turns a send that throws into 'disconnected'", async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent));
    t.sendError = new Error('Failed to write the feature report.');
    const error = await rejection(transact(t, encodeGetStatus(), clock));
    expect(error.code).toBe('disconnected');
    expect(t.reads).toBe(1); // only the pre-send status read
  });
});

describe('transact: Storage-specific commands', () => {
  const storagePayload = (status: number): Uint8Array => {
    const p = new Uint8Array(53);
    p[15] = status; // report [22]
    p[27] = 54;
    return p;
  };
  it('waits while the Storage status area says busy', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent, read) => answerTo(sent, { payload: storagePayload(read < 3 ? 2 : 1) }));
    const r = await transact(t, encodeGetDeviceStatus(), clock);
    expect(r.reads).toBe(4);
    expect(r.payload[27]).toBe(54);
  });
  it('maps a Storage wrong-password status', async () => {
    const clock = new FakeClock();
    const t = new ScriptedTransport((sent) => answerTo(sent, { payload: storagePayload(3) }));
    expect((await rejection(transact(t, encodeGetDeviceStatus(), clock))).code).toBe('wrong-password');
  });
});

describe('DeviceQueue', () => {
  it('runs one task at a time, in order, and survives a failing task', async () => {
    const queue = new DeviceQueue();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = queue.run(async () => {
      events.push('a start');
      await gate;
      events.push('a end');
      return 'a';
    });
    const b = queue.run(async () => {
      events.push('b');
      throw new Error('b failed');
    });
    const c = queue.run(async () => {
      events.push('c');
      return 'c';
    });
    expect(queue.pending).toBe(3);
    await Promise.resolve();
    expect(events).toEqual(['a start']);
    release();
    expect(await a).toBe('a');
    await expect(b).rejects.toThrow('b failed');
    expect(await c).toBe('c');
    expect(events).toEqual(['a start', 'a end', 'b', 'c']);
    expect(queue.pending).toBe(0);
  });

  it('gives each device its own queue', () => {
    const one = {};
    expect(deviceQueue(one)).toBe(deviceQueue(one));
    expect(deviceQueue(one)).not.toBe(deviceQueue({}));
  });
});
