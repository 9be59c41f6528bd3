import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HardwareKeys } from '../entrypoints/background/keys';
import { NitrokeyDriver } from '../lib/hid/nitrokey';
import { VaultSession } from '../lib/vault/session';
import { openIdbVaultStore } from '../platform/idb-vault-store';
import { NitrokeySim } from '../tests/hid-sim/nitrokey-sim';
import { FakeHidDevice, simTransport } from '../tests/hid-sim/transport';

/*
 * Hardware keys (docs/performance.md "Hardware keys"): time from asking for a code to having it, against the simulated
 * key with firmware-like timing (each command answers `processMs` after it arrives; the real Pro takes
 * ~40 ms). Goal: under 150 ms for a TOTP code when the key answers in 40 ms. Real timers: the
 * transaction loop's adaptive polling is what is measured.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const RFC = new TextEncoder().encode('12345678901234567890');

export async function benchKeys(runs = 25, processMs = 40): Promise<Record<string, unknown>> {
  const sim = new NitrokeySim({
    busyPolls: 0,
    processMs,
    clock: () => performance.now() + 1_700_000_000_000,
    storedTimeMinutes: 1,
    slots: [
      { kind: 'totp', index: 0, name: 'bench', secret: RFC, digits: 6, period: 30 },
      { kind: 'hotp', index: 0, name: 'bench', secret: RFC, digits: 6, counter: 0 },
    ],
  });
  const driver = new NitrokeyDriver(simTransport(sim), {
    now: () => performance.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const nowSec = () => Math.floor(Date.now() / 1000);
  await driver.syncTime(nowSec(), 'force');
  const totp: number[] = [];
  const hotp: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await driver.getCode({ kind: 'totp', index: 0, periodSec: 30 }, nowSec());
    totp.push(performance.now() - t);
    t = performance.now();
    await driver.getCode({ kind: 'hotp', index: 0 });
    hotp.push(performance.now() - t);
  }
  const before = sim.stats.acceptedSets;
  await driver.getCode({ kind: 'totp', index: 0, periodSec: 30 }, nowSec());
  const commandsPerCode = sim.stats.acceptedSets - before;
  const t = performance.now();
  await driver.listSlots();
  const list = performance.now() - t;
  const background = await benchBackgroundCode(runs, processMs);
  return {
    key_answers_in_ms: processMs,
    background_totp_code_median_ms: background,
    totp_code_median_ms: +median(totp).toFixed(1),
    totp_code_max_ms: +Math.max(...totp).toFixed(1),
    hotp_code_median_ms: +median(hotp).toFixed(1),
    list_18_slots_ms: +list.toFixed(1),
    commands_per_totp_code: commandsPerCode,
  };
}

/** The product path: HardwareKeys.code() in the background (one operation), after the key was listed once. */
async function benchBackgroundCode(runs: number, processMs: number): Promise<number> {
  const sim = new NitrokeySim({
    busyPolls: 0,
    processMs,
    clock: () => performance.now() + 1_700_000_000_000,
    storedTimeMinutes: 1,
    slots: [{ kind: 'totp', index: 0, name: 'bench', secret: RFC, digits: 6, period: 30 }],
  });
  const device = new FakeHidDevice(sim);
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const fx = { random: (n: number) => new Uint8Array(randomBytes(n)), now: () => Date.now(), uuid: () => randomUUID() };
  const session = new VaultSession(await openIdbVaultStore(`bench-keys-${randomUUID()}`), store, fx, {
    memoryKiB: 64,
    iterations: 1,
    parallelism: 1,
  });
  await session.create('bench');
  const keys = new HardwareKeys(
    session,
    store,
    {
      devices: async () => [device],
      available: true,
      monotonic: () => performance.now(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    fx,
  );
  const [key] = (await keys.list()).keys;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await keys.code({ keyId: key?.id as string, slotId: 'totp-0' });
    times.push(performance.now() - t);
  }
  return +median(times).toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchKeys()));
