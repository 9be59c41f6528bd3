// Entry point of the injectable IIFE (built by build.mjs). Exposes the simulator as
// globalThis.__twofoldFakeHid, and installs it right away when
// globalThis.__twofoldFakeHidConfig was set before the script ran.

import { type FakeHidConfig, installFromConfig, simFromConfig, slotFromConfig } from './config';
import { firmwareOtp, NitrokeySim } from './nitrokey-sim';
import * as protocol from './protocol';
import {
  FakeHid,
  FakeHidDevice,
  grantKey,
  indexedDbGrantStore,
  installFakeHid,
  SimFeatureTransport,
  simTransport,
} from './transport';

export interface FakeHidGlobal {
  NitrokeySim: typeof NitrokeySim;
  FakeHid: typeof FakeHid;
  FakeHidDevice: typeof FakeHidDevice;
  SimFeatureTransport: typeof SimFeatureTransport;
  simTransport: typeof simTransport;
  installFakeHid: typeof installFakeHid;
  installFromConfig: (config: FakeHidConfig, target?: Parameters<typeof installFromConfig>[1]) => FakeHid;
  simFromConfig: typeof simFromConfig;
  slotFromConfig: typeof slotFromConfig;
  indexedDbGrantStore: typeof indexedDbGrantStore;
  grantKey: typeof grantKey;
  firmwareOtp: typeof firmwareOtp;
  protocol: typeof protocol;
  /** The FakeHid installed last in this realm (for test control: plug/unplug, faults, history). */
  current: FakeHid | null;
}

const g = globalThis as typeof globalThis & {
  __twofoldFakeHid?: FakeHidGlobal;
  __twofoldFakeHidConfig?: FakeHidConfig;
};

const api: FakeHidGlobal = {
  NitrokeySim,
  FakeHid,
  FakeHidDevice,
  SimFeatureTransport,
  simTransport,
  installFakeHid: (...args: Parameters<typeof installFakeHid>) => {
    const hid = installFakeHid(...args);
    api.current = hid;
    return hid;
  },
  installFromConfig: (config, target) => {
    const hid = installFromConfig(config, target);
    api.current = hid;
    return hid;
  },
  simFromConfig,
  slotFromConfig,
  indexedDbGrantStore,
  grantKey,
  firmwareOtp,
  protocol,
  current: null,
};

g.__twofoldFakeHid = api;
if (g.__twofoldFakeHidConfig) api.installFromConfig(g.__twofoldFakeHidConfig);
