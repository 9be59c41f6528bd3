import { randomUUID } from 'node:crypto';
import { Backups } from '../../../entrypoints/background/backup';
import type { CrossSite } from '../../../entrypoints/background/cross-site';
import { Enrolment } from '../../../entrypoints/background/enrol';
import { Exports } from '../../../entrypoints/background/exports';
import { createHandlers } from '../../../entrypoints/background/handlers';
import { HardwareKeys, type KeyEnvironment } from '../../../entrypoints/background/keys';
import { TabStatus } from '../../../entrypoints/background/tab-status';
import type { ScryptParams } from '../../../lib/backup/format';
import { VaultSession } from '../../../lib/vault/session';
import type { Effects } from '../../../lib/vault/slots';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { nodeQrReader } from '../../../scripts/node-qr-decoder';
import { NitrokeySim } from '../../hid-sim/nitrokey-sim';
import { FakeHidDevice } from '../../hid-sim/transport';
import { CHEAP, fx as fixedFx } from '../vault/fixtures';
import { noCrossSite, quietOffers } from './stubs';

/*
 * The set-up the background tests share: an in-memory storage.session, a vault session over fake-indexeddb,
 * a simulated Nitrokey and every domain's handlers over the real services. Each test file still mocks
 * webextension-polyfill itself, because vi.mock applies to the file that calls it.
 */

/** A storage.session stand-in over a Map; `clone` copies values in and out, as the browser's storage does. */
export function memoryStore(clone = false) {
  const data = new Map<string, unknown>();
  const copy = (v: unknown) => (clone ? structuredClone(v) : v);
  return {
    data,
    get: async (k: string) => copy(data.get(k)) as never,
    set: async (k: string, v: unknown) => void data.set(k, copy(v)),
    remove: async (k: string) => void data.delete(k),
  };
}
export type MemoryStore = ReturnType<typeof memoryStore>;

/** A vault session over a fresh fake-indexeddb database (named for the test) and cheap key derivation. */
export async function vaultSession(name: string, store: MemoryStore, effects: Effects = fixedFx) {
  return new VaultSession(await openIdbVaultStore(`${name}-${randomUUID()}`), store, effects, CHEAP);
}

/** The RFC 4226 / RFC 6238 test secret (RFC 6238 appendix B). */
export const RFC_SECRET = new TextEncoder().encode('12345678901234567890');

/** A key environment with no hardware key plugged in. */
export const noKeys: KeyEnvironment = {
  devices: async () => [],
  available: false,
  monotonic: () => 0,
  sleep: async () => {},
};

/**
 * A simulated Nitrokey Pro (tests/hid-sim) with a TOTP slot and an HOTP slot over the RFC secret, and a fake
 * clock shared by the key and the key environment: sleeping advances it, so time sync and codes are exact.
 */
export function simulatedNitrokey(
  options: { storedTimeMinutes?: number; pinProtected?: boolean; startMs?: number } = {},
) {
  let clock = options.startMs ?? 2_000_000_000_000;
  const sim = new NitrokeySim({
    busyPolls: 0,
    clock: () => clock,
    slowClockPercent: 0,
    storedTimeMinutes: options.storedTimeMinutes ?? 1,
    pinProtected: options.pinProtected ?? false,
    slots: [
      { kind: 'totp', index: 0, name: 'Test', secret: RFC_SECRET, digits: 8, period: 30 },
      { kind: 'hotp', index: 0, name: 'Bank', secret: RFC_SECRET, digits: 6, counter: 0 },
    ],
  });
  let device = new FakeHidDevice(sim);
  const env: KeyEnvironment = {
    devices: async () => [device],
    available: true,
    monotonic: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
  /** Unplug and plug the key again: it loses its session state, as a real key does on power loss. */
  const replug = () => {
    sim.powerCycle();
    device = new FakeHidDevice(sim);
  };
  return { sim, env, replug, now: () => clock };
}

/** Cheap scrypt for backups and exports in tests; the file records whichever parameters were used. */
export const CHEAP_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

/**
 * Every domain's handlers (createHandlers) over the real services: no tab status, enrolment with no decoder and
 * no windows, backups and exports with cheap scrypt, the given key environment and cross-site module, and
 * offers over the real OfferService with nothing to reach (stubs.ts quietOffers).
 */
export function allHandlers(options: {
  session: VaultSession;
  store: MemoryStore;
  effects?: Effects;
  keys?: KeyEnvironment;
  crossSite?: CrossSite;
  backupScrypt?: ScryptParams;
}) {
  const { session, store } = options;
  const effects = options.effects ?? fixedFx;
  return createHandlers(
    new TabStatus(),
    session,
    new Enrolment(
      session,
      store,
      async () => [],
      async () => {},
      effects.now,
    ),
    new Backups(session, effects, options.backupScrypt ?? CHEAP_SCRYPT),
    new Exports(session, effects, CHEAP_SCRYPT),
    new HardwareKeys(session, store, options.keys ?? noKeys, effects),
    options.crossSite ?? noCrossSite,
    quietOffers(session, store, options.crossSite ?? noCrossSite).handlers(),
  );
}

/**
 * The enrolment service over a fresh vault (created with password 'pw'), the real QR decoder (zxing-wasm from
 * node_modules) and a window opener that records the pages it was asked to open. `clone` makes the session store
 * copy values as storage.session does, for tests of records several requests change at once.
 */
export async function enrolmentSetup(name: string, options: { now?: () => number; clone?: boolean } = {}) {
  const store = memoryStore(options.clone);
  const session = await vaultSession(name, store);
  await session.create('pw');
  const windows: string[] = [];
  const enrolment = new Enrolment(
    session,
    store,
    nodeQrReader(),
    async (p) => void windows.push(p),
    options.now ?? fixedFx.now,
  );
  return { session, store, enrolment, windows, data: store.data };
}
