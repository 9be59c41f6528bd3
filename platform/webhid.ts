import { NITROKEY_HID_FILTERS } from '../lib/hid/models';
import type { FeatureTransport } from '../lib/hid/transport';

/*
 * The only code that touches `navigator.hid` (docs/hardware-keys.md "Layers"). WebHID exists in
 * Chromium's extension pages and, since Chrome 117, its extension service worker; Firefox has none,
 * and every caller checks `webHidAvailable()` first. The chooser (`requestKeys`) needs a window and a
 * click, so only the keys page calls it; the background reaches paired keys with `getDevices()`.
 */

/** The subset of the WebHID API Twofold uses (lib.dom has no WebHID types). */
interface HidCollection {
  usagePage?: number;
  usage?: number;
}
export interface HidDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly opened: boolean;
  readonly collections: readonly HidCollection[];
  open(): Promise<void>;
  close(): Promise<void>;
  forget?(): Promise<void>;
  sendFeatureReport(reportId: number, data: BufferSource): Promise<void>;
  receiveFeatureReport(reportId: number): Promise<DataView>;
}
interface HidLike {
  getDevices(): Promise<HidDeviceLike[]>;
  requestDevice(options: { filters: object[] }): Promise<HidDeviceLike[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (e: { device: HidDeviceLike }) => void): void;
}

/** Nitrokey Pro, Nitrokey Storage and the Librem Key, by vendor and product (docs/hardware-protocol.md "Devices"). */
const KEY_FILTERS = NITROKEY_HID_FILTERS.map(({ vendorId, productId }) => ({ vendorId, productId }));

function hid(): HidLike | undefined {
  return (globalThis.navigator as { hid?: HidLike } | undefined)?.hid;
}

export function webHidAvailable(): boolean {
  return hid() !== undefined;
}

const isKey = (d: HidDeviceLike) => KEY_FILTERS.some((f) => f.vendorId === d.vendorId && f.productId === d.productId);

/** Keys this extension may use (paired before), without asking. */
export async function pairedKeys(): Promise<HidDeviceLike[]> {
  const api = hid();
  return api ? (await api.getDevices()).filter(isKey) : [];
}

/** Shows Chrome's device chooser (needs a click in an extension page); `[]` when dismissed. */
export async function requestKeys(): Promise<HidDeviceLike[]> {
  const api = hid();
  if (!api) return [];
  return (await api.requestDevice({ filters: KEY_FILTERS })).filter(isKey);
}

/** Plug and unplug of paired keys. Registered during the worker's first run (docs/hardware-protocol.md "Sessions"). */
export function onKeysChanged(listener: () => void): void {
  const api = hid();
  if (!api) return;
  api.addEventListener('connect', (e) => isKey(e.device) && listener());
  api.addEventListener('disconnect', (e) => isKey(e.device) && listener());
}

const transports = new WeakMap<HidDeviceLike, FeatureTransport>();

/**
 * A device as the driver's transport: feature report 0, exactly 64 bytes out (docs/hardware-protocol.md "Report buffers"). One
 * transport per device, always the same object: the driver queues commands per transport, and two
 * queues on one key would interleave (one closing the device under the other's command).
 */
export function transportFor(device: HidDeviceLike): FeatureTransport {
  let transport = transports.get(device);
  if (!transport) {
    transport = makeTransport(device);
    transports.set(device, transport);
  }
  return transport;
}

function makeTransport(device: HidDeviceLike): FeatureTransport {
  const page = device.collections[0]?.usagePage ?? 0xff00;
  return {
    vendorId: device.vendorId,
    productId: device.productId,
    usagePage: page,
    async open() {
      if (!device.opened) await device.open();
    },
    async close() {
      if (device.opened) await device.close();
    },
    async sendFeature(data) {
      await device.sendFeatureReport(0, data as Uint8Array<ArrayBuffer>);
    },
    async receiveFeature() {
      const view = await device.receiveFeatureReport(0);
      return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    },
  };
}
