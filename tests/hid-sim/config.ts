// JSON-friendly configuration, so an e2e harness can describe the fake keys as data
// (e.g. `globalThis.__twofoldFakeHidConfig = {...}` before the bundle runs, or an
// argument to page.evaluate / serviceWorker.evaluate).

import { NitrokeySim, type NitrokeySimOptions, type SlotInit } from './nitrokey-sim';
import { asciiBytes, base32ToBytes, hexToBytes } from './protocol';
import {
  type FakeHid,
  type FakeHidOptions,
  type InstallTarget,
  indexedDbGrantStore,
  installFakeHid,
} from './transport';

export interface SlotConfig extends Omit<SlotInit, 'secret' | 'counter'> {
  /** Byte values, or hex. */
  secret?: number[] | string;
  secretHex?: string;
  secretBase32?: string;
  secretAscii?: string;
  counter?: number;
}

export interface SimConfig
  extends Omit<NitrokeySimOptions, 'slots' | 'clock' | 'busyPolls' | 'processMs' | 'firmware'> {
  firmware?: { major: number; minor: number; build?: number };
  slots?: SlotConfig[];
  busyPolls?: number;
  processMs?: number;
  /** Extra processing time for FIRST/USER_AUTHENTICATE (the smartcard is slow). */
  authProcessMs?: number;
}

export interface FakeHidConfig extends Omit<FakeHidOptions, 'chooser' | 'userActivation' | 'grantStore'> {
  sims: SimConfig[];
  chooser?: 'all' | 'first';
  /** Keep grants in IndexedDB (when the global has indexedDB). */
  persistGrants?: boolean;
  /** false: never check transient user activation. */
  requireUserActivation?: boolean;
}

export function slotFromConfig(c: SlotConfig): SlotInit {
  let secret: Uint8Array;
  if (c.secretHex !== undefined) secret = hexToBytes(c.secretHex);
  else if (c.secretBase32 !== undefined) secret = base32ToBytes(c.secretBase32);
  else if (c.secretAscii !== undefined) secret = asciiBytes(c.secretAscii);
  else if (typeof c.secret === 'string') secret = hexToBytes(c.secret);
  else if (Array.isArray(c.secret)) secret = Uint8Array.from(c.secret);
  else throw new Error(`slot ${c.kind} ${c.index}: no secret`);
  const { secretHex: _h, secretBase32: _b, secretAscii: _a, secret: _s, ...rest } = c;
  return { ...rest, secret };
}

export function simFromConfig(c: SimConfig, clock?: () => number): NitrokeySim {
  const { slots, authProcessMs, processMs, ...rest } = c;
  const base = processMs ?? 0;
  const options: NitrokeySimOptions = {
    ...rest,
    slots: (slots ?? []).map(slotFromConfig),
    processMs:
      authProcessMs === undefined ? base : (cmd) => (cmd === 0x07 || cmd === 0x0e ? base + authProcessMs : base),
  };
  if (clock) options.clock = clock;
  return new NitrokeySim(options);
}

export function installFromConfig(config: FakeHidConfig, target: InstallTarget = globalThis as InstallTarget): FakeHid {
  const { sims, persistGrants, requireUserActivation, ...options } = config;
  const hidOptions: FakeHidOptions = { ...options };
  const idb = (target as { indexedDB?: IDBFactory }).indexedDB;
  if (persistGrants && idb) hidOptions.grantStore = indexedDbGrantStore(idb);
  if (requireUserActivation === false) hidOptions.userActivation = () => true;
  return installFakeHid(
    target,
    sims.map((s) => simFromConfig(s)),
    hidOptions,
  );
}
