// The simulator's public surface for tests: `import { NitrokeySim, simTransport } from '../../hid-sim'`.

export type { FakeHidConfig, SimConfig, SlotConfig } from './config';
export { installFromConfig, simFromConfig, slotFromConfig } from './config';
export { disconnectedError, domError } from './errors';
export type {
  CommandRecord,
  FirmwareVersion,
  FlashWrites,
  NitrokeySimOptions,
  PerCommand,
  SimModel,
  SimStats,
  SlotInit,
  SlotSnapshot,
} from './nitrokey-sim';
export { firmwareOtp, NitrokeySim } from './nitrokey-sim';
export * as protocol from './protocol';
export type {
  BufferSourceLike,
  DisconnectStyle,
  FakeHidCollectionInfo,
  FakeHidOptions,
  FeatureTransportLike,
  GrantStore,
  HidDeviceFilter,
  HidRequestOptions,
  InstallTarget,
} from './transport';
export {
  collectionsFor,
  detectContext,
  FakeHid,
  FakeHidDevice,
  grantKey,
  indexedDbGrantStore,
  installFakeHid,
  SimFeatureTransport,
  simTransport,
} from './transport';
