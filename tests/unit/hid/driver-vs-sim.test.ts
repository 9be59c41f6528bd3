import { describe, expect, it } from 'vitest';
import { NitrokeyError } from '../../../lib/hid/errors';
import { NitrokeyDriver } from '../../../lib/hid/nitrokey';
import { NitrokeySim } from '../../hid-sim/nitrokey-sim';
import { simTransport } from '../../hid-sim/transport';

/*
 * The driver (lib/hid, written from libnitrokey's side of the protocol) against the simulator
 * (tests/hid-sim, written from the firmware's side), with every fault the simulator can inject.
 * One fake clock drives both, so the tests are instant and exact.
 */
const RFC = new TextEncoder().encode('12345678901234567890');
const T = 2_000_000_000; // RFC 6238 SHA-1, 8 digits: 69279037

function rig(options: Partial<ConstructorParameters<typeof NitrokeySim>[0]> = {}) {
  let clock = T * 1000;
  const sim = new NitrokeySim({
    clock: () => clock,
    slowClockPercent: 0,
    storedTimeMinutes: 1,
    busyPolls: 1,
    slots: [
      { kind: 'totp', index: 0, name: 'rfc', secret: RFC, digits: 8, period: 30 },
      { kind: 'hotp', index: 0, name: 'hotp', secret: RFC, digits: 6, counter: 0 },
    ],
    ...options,
  });
  const driver = new NitrokeyDriver(simTransport(sim), {
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  return { sim, driver, advance: (s: number) => (clock += s * 1000), nowSec: () => Math.floor(clock / 1000) };
}

describe('the driver against the simulated key', () => {
  it('sets the clock and reads RFC codes; HOTP advances on the key', async () => {
    const { driver, nowSec } = rig();
    expect(await driver.syncTime(nowSec(), 'soft')).toBe('ok');
    expect((await driver.getCode({ kind: 'totp', index: 0, periodSec: 30 }, nowSec())).code).toBe('69279037');
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await driver.getCode({ kind: 'hotp', index: 0 })).code);
    expect(codes).toEqual(['755224', '287082', '359152']);
  });

  for (const fault of ['staleOnce', 'crcErrorOnce', 'dropNextSet', 'shiftedBufferMode', 'withReportId'] as const) {
    it(`still gets the right code with ${fault}`, async () => {
      const { sim, driver, nowSec } = rig();
      await driver.syncTime(nowSec(), 'soft');
      sim[fault] = true;
      expect((await driver.getCode({ kind: 'totp', index: 0, periodSec: 30 }, nowSec())).code).toBe('69279037');
    });
  }

  it('rides out a storm of busy answers, and never repeats an HOTP code', async () => {
    const { sim, driver } = rig();
    sim.busyStorm(30);
    expect((await driver.getCode({ kind: 'hotp', index: 0 })).code).toBe('755224');
    sim.staleOnce = true;
    expect((await driver.getCode({ kind: 'hotp', index: 0 })).code).toBe('287082');
  });

  it('reports an unplug in the middle of a command as a typed error', async () => {
    const { sim, driver } = rig();
    sim.unplugAfterNextSet = true;
    await expect(driver.getCode({ kind: 'hotp', index: 0 })).rejects.toBeInstanceOf(NitrokeyError);
  });

  it('needs a confirmation before setting back a clock that is ahead, and the 1 % slow clock drifts as modelled', async () => {
    const { sim, driver, nowSec, advance } = rig({ slowClockPercent: 1, storedTimeMinutes: 0 });
    expect(await driver.syncTime(nowSec(), 'soft')).toBe('needs-confirmation');
    expect(await driver.syncTime(nowSec(), 'force')).toBe('ok');
    advance(600);
    expect(sim.deviceTime()).toBeGreaterThan(nowSec() - 7);
    expect(sim.deviceTime()).toBeLessThan(nowSec() - 5); // ~6 s behind after 10 minutes: time to resync
  });

  it('reads the retry counter first and never retries a wrong PIN', async () => {
    const { sim, driver } = rig({ pinProtected: true });
    const random = (n: number) => new Uint8Array(n).fill(7);
    await expect(driver.getCode({ kind: 'hotp', index: 0 })).rejects.toMatchObject({ code: 'pin-required' });
    await expect(driver.unlock('000000', random)).rejects.toMatchObject({ code: 'wrong-password' });
    expect(sim.userRetries).toBe(2);
    expect(sim.commandsOf(0x0e)).toHaveLength(1); // one USER_AUTHENTICATE, not retried
    await driver.unlock('123456', random);
    expect((await driver.getCode({ kind: 'hotp', index: 0 })).code).toBe('755224');
  });

  it('writes an account into a slot with the admin PIN and erases it again', async () => {
    const { sim, driver } = rig();
    const random = (n: number) => new Uint8Array(n).fill(9);
    const secret = new TextEncoder().encode('another-secret-12345');
    await driver.writeSlot(
      { kind: 'totp', index: 3, name: 'GitHub', secret, digits: 6, periodSec: 30 },
      '12345678',
      random,
    );
    expect((await driver.listSlots()).map((s) => s.name)).toContain('GitHub');
    await expect(
      driver.writeSlot({ kind: 'totp', index: 4, name: 'x', secret, digits: 7 }, '12345678', random),
    ).rejects.toThrow(/6 or 8/);
    await driver.eraseSlot({ kind: 'totp', index: 3 }, '12345678', random);
    expect((await driver.listSlots()).map((s) => s.name)).not.toContain('GitHub');
    expect(sim.adminRetries).toBe(3);
  });
});
