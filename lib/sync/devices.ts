import { type Clock, DEVICE_PREFIX } from './clock';
import { joinReg } from './join';
import type { SyncState } from './state';

/*
 * The "synced devices" list (docs/sync-format.md "State": `devices`). A stamp names its writer by the first
 * characters of its device id only, so a joining device whose prefix another device already uses must take a new id
 * (docs/sync-format.md "Clocks"); otherwise two devices' stamps could tie on `(l, c, d)` with different values.
 */

/** The state with this device's name set at `stamp` (a rename is a register write like any other). */
export function nameDevice(state: SyncState, deviceId: string, name: string, stamp: Clock): SyncState {
  const held = state.devices[deviceId];
  const reg = held === undefined ? ([name, stamp] as [string, Clock]) : joinReg(held.name, [name, stamp]);
  return { ...state, devices: { ...state.devices, [deviceId]: { ...held, name: reg } } };
}

/** The state with this device marked as gone ("Remove this device", or sync turned off there) at `stamp`. */
export function leaveDevice(state: SyncState, deviceId: string, stamp: Clock): SyncState {
  const held = state.devices[deviceId];
  if (held === undefined) return state;
  return { ...state, devices: { ...state.devices, [deviceId]: { ...held, left: stamp } } };
}

/** Whether another device in the state stamps with the same prefix as `deviceId`: then this one takes a new id. */
export function prefixTaken(state: SyncState, deviceId: string): boolean {
  const mine = deviceId.slice(0, DEVICE_PREFIX);
  return Object.keys(state.devices).some((d) => d !== deviceId && d.slice(0, DEVICE_PREFIX) === mine);
}
