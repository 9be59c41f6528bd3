// Adapters that expose NitrokeySim as (a) a FeatureTransport-shaped object for driver
// unit tests, (b) a fake WebHID HIDDevice, and (c) a fake `navigator.hid` (HID) with a
// chooser, grants, connect/disconnect events — plus installFakeHid(), which the e2e test
// uses to replace navigator.hid in extension pages and the service worker.

import { disconnectedError, domError } from './errors';
import { type SimEvent, SimEventTarget } from './events';
import type { NitrokeySim } from './nitrokey-sim';

// ------------------------------------------------------------------ shared helpers

/** WebHID's BufferSource, including views over any ArrayBufferLike. */
export type BufferSourceLike = ArrayBufferView | ArrayBufferLike;

/** BufferSource → bytes; realm-independent (no instanceof), so cross-realm buffers work. */
export function bufferSourceBytes(data: unknown): Uint8Array {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const tag = Object.prototype.toString.call(data);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') {
    return new Uint8Array(data as ArrayBuffer).slice();
  }
  throw new TypeError("Failed to execute 'sendFeatureReport' on 'HIDDevice': parameter 2 is not a BufferSource.");
}

/** Persistent-grant key, like Chrome's `vid|pid|serial` content setting. */
export function grantKey(sim: NitrokeySim): string {
  return `${sim.vendorId.toString(16)}:${sim.productId.toString(16)}:${sim.serial.toString(16).padStart(8, '0')}`;
}

// ------------------------------------------------------------------ (a) FeatureTransport

/** The transport interface of docs/hardware-protocol.md "Layers" (what lib/hid's WebHID transport implements). */
export interface FeatureTransportLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly usagePage: number;
  open(): Promise<void>;
  close(): Promise<void>;
  sendFeature(data: Uint8Array): Promise<void>;
  receiveFeature(): Promise<Uint8Array>;
}

/**
 * The sim as a FeatureTransport. Data passes through unnormalised: with the sim's
 * withReportId / shiftedBufferMode on, receiveFeature() yields what Chrome would.
 * open() is idempotent; send/receive before open() reject like HIDDevice does.
 */
export class SimFeatureTransport implements FeatureTransportLike {
  opened = false;
  openCount = 0;
  closeCount = 0;

  constructor(readonly sim: NitrokeySim) {
    sim.onConnectionChange((connected) => {
      if (!connected) this.opened = false;
    });
  }

  get vendorId(): number {
    return this.sim.vendorId;
  }

  get productId(): number {
    return this.sim.productId;
  }

  get usagePage(): number {
    return this.sim.usagePage;
  }

  async open(): Promise<void> {
    if (!this.sim.isConnected) throw disconnectedError();
    this.opened = true;
    this.openCount++;
  }

  async close(): Promise<void> {
    this.opened = false;
    this.closeCount++;
  }

  async sendFeature(data: Uint8Array): Promise<void> {
    this.ensureUsable();
    this.sim.setFeatureReport(bufferSourceBytes(data));
  }

  async receiveFeature(): Promise<Uint8Array> {
    this.ensureUsable();
    return this.sim.getFeatureReport();
  }

  private ensureUsable(): void {
    if (!this.sim.isConnected) throw disconnectedError();
    if (!this.opened) throw domError('InvalidStateError', 'The device must be opened first.');
  }
}

export function simTransport(sim: NitrokeySim): SimFeatureTransport {
  return new SimFeatureTransport(sim);
}

// ------------------------------------------------------------------ (b) HIDDevice

export interface FakeHidReportItem {
  usages: number[];
  reportSize: number;
  reportCount: number;
  logicalMinimum: number;
  logicalMaximum: number;
  isAbsolute: boolean;
  isArray: boolean;
  isBufferedBytes: boolean;
  isConstant: boolean;
}

export interface FakeHidReportInfo {
  reportId: number;
  items: FakeHidReportItem[];
}

export interface FakeHidCollectionInfo {
  usagePage: number;
  usage: number;
  type: number;
  children: FakeHidCollectionInfo[];
  inputReports: FakeHidReportInfo[];
  outputReports: FakeHidReportInfo[];
  featureReports: FakeHidReportInfo[];
}

/** How a disconnected device answers: the brief's NotFoundError, or Chrome's closed-device InvalidStateError. */
export type DisconnectStyle = 'notfound' | 'chrome';

function report64(usagePage: number, usage: number): FakeHidReportInfo {
  return {
    reportId: 0,
    items: [
      {
        usages: [((usagePage << 16) | usage) >>> 0],
        reportSize: 8,
        reportCount: 64,
        logicalMinimum: 0,
        logicalMaximum: 255,
        isAbsolute: true,
        isArray: false,
        isBufferedBytes: false,
        isConstant: false,
      },
    ],
  };
}

/** The descriptor of docs/hardware-protocol.md "Devices"; Chrome hides input/output reports of a keyboard TLC. */
export function collectionsFor(sim: NitrokeySim): FakeHidCollectionInfo[] {
  const page = sim.usagePage;
  const legacy = sim.legacyKeyboardDescriptor;
  return [
    {
      usagePage: page,
      usage: sim.usage,
      type: 1, // application
      children: [],
      inputReports: legacy ? [] : [report64(page, 1)],
      outputReports: legacy ? [] : [report64(page, 2)],
      featureReports: [report64(page, 2)],
    },
  ];
}

export interface FakeHidDeviceOptions {
  disconnectStyle?: DisconnectStyle;
  /** Called by forget(). */
  onForget?: (device: FakeHidDevice) => void;
}

/** A fake WebHID HIDDevice backed by a sim. One object per plug-in, like Chrome. */
export class FakeHidDevice extends SimEventTarget {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly collections: FakeHidCollectionInfo[];
  oninputreport: ((event: SimEvent) => void) | null = null;

  /** Calls made, for assertions (e.g. that the driver closes after each transaction). */
  readonly calls = { open: 0, close: 0, sendFeatureReport: 0, receiveFeatureReport: 0 };

  private isOpen = false;
  private forgotten = false;
  private gone = false;
  private readonly disconnectStyle: DisconnectStyle;

  constructor(
    readonly sim: NitrokeySim,
    private readonly options: FakeHidDeviceOptions = {},
  ) {
    super();
    this.vendorId = sim.vendorId;
    this.productId = sim.productId;
    this.productName = sim.productName;
    this.collections = collectionsFor(sim);
    this.disconnectStyle = options.disconnectStyle ?? 'notfound';
    this.gone = !sim.isConnected;
    sim.onConnectionChange((connected) => {
      if (!connected) {
        this.gone = true;
        this.isOpen = false;
      }
    });
  }

  get opened(): boolean {
    return this.isOpen;
  }

  /** True once the physical device behind this object was unplugged (a replug makes a new object). */
  get disconnected(): boolean {
    return this.gone;
  }

  async open(): Promise<void> {
    this.calls.open++;
    this.ensureNotForgotten();
    if (this.gone) {
      throw this.disconnectStyle === 'chrome'
        ? domError('NotAllowedError', 'Failed to open the device.')
        : disconnectedError();
    }
    if (this.isOpen) throw domError('InvalidStateError', 'The device is already open.');
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.calls.close++;
    this.ensureNotForgotten();
    this.isOpen = false;
  }

  async forget(): Promise<void> {
    this.forgotten = true;
    this.isOpen = false;
    this.options.onForget?.(this);
  }

  async sendFeatureReport(reportId: number, data: BufferSourceLike): Promise<void> {
    this.calls.sendFeatureReport++;
    this.ensureUsable();
    const bytes = bufferSourceBytes(data);
    // The device has no report IDs: anything but 0 cannot be written.
    if (reportId !== 0) throw domError('NotAllowedError', 'Failed to write the feature report.');
    this.sim.setFeatureReport(bytes);
  }

  async receiveFeatureReport(reportId: number): Promise<DataView> {
    this.calls.receiveFeatureReport++;
    this.ensureUsable();
    if (reportId !== 0) throw domError('NotAllowedError', 'Failed to receive the feature report.');
    const bytes = this.sim.getFeatureReport();
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Output reports are LED state on this device; accepted and ignored. */
  async sendReport(_reportId: number, _data: BufferSourceLike): Promise<void> {
    this.ensureUsable();
  }

  private ensureNotForgotten(): void {
    if (this.forgotten) throw domError('InvalidStateError', 'The device is forgotten.');
  }

  private ensureUsable(): void {
    this.ensureNotForgotten();
    if (this.gone && this.disconnectStyle === 'notfound') throw disconnectedError();
    if (!this.isOpen) throw domError('InvalidStateError', 'The device must be opened first.');
  }
}

// ------------------------------------------------------------------ (c) HID

export interface HidDeviceFilter {
  vendorId?: number;
  productId?: number;
  usagePage?: number;
  usage?: number;
}

export interface HidRequestOptions {
  filters: HidDeviceFilter[];
  exclusionFilters?: HidDeviceFilter[];
}

/** Where grants outlive the realm (e.g. the service worker restarting). */
export interface GrantStore {
  load(): Promise<string[]>;
  save(keys: string[]): Promise<void>;
}

export interface FakeHidOptions {
  /** The chooser is dismissed: requestDevice resolves []. */
  cancelChooser?: boolean;
  /** Which candidates the "user" picks. Default 'all'. */
  chooser?: 'all' | 'first' | ((candidates: FakeHidDevice[]) => FakeHidDevice[]);
  /** Every sim starts with a persistent grant (as after an earlier pairing). */
  preGranted?: boolean;
  /** 'worker': requestDevice rejects NotSupportedError like a service worker. Default 'window'. */
  context?: 'window' | 'worker';
  /** Transient user activation; when it returns false requestDevice rejects SecurityError. */
  userActivation?: () => boolean;
  disconnectStyle?: DisconnectStyle;
  /** BroadcastChannel name over which grants/revocations reach the other realms of the extension. */
  grantChannel?: string;
  grantStore?: GrantStore;
}

function matches(device: FakeHidDevice, f: HidDeviceFilter): boolean {
  if (f.vendorId !== undefined && f.vendorId !== device.vendorId) return false;
  if (f.productId !== undefined && f.productId !== device.productId) return false;
  if (f.usagePage === undefined && f.usage === undefined) return true;
  return device.collections.some(
    (c) => (f.usagePage === undefined || f.usagePage === c.usagePage) && (f.usage === undefined || f.usage === c.usage),
  );
}

interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/** A fake `navigator.hid`. */
export class FakeHid extends SimEventTarget {
  onconnect: ((event: SimEvent) => void) | null = null;
  ondisconnect: ((event: SimEvent) => void) | null = null;
  cancelChooser: boolean;
  requestDeviceCalls = 0;
  readonly sims: NitrokeySim[] = [];

  private readonly devices = new Map<NitrokeySim, FakeHidDevice>();
  private readonly granted = new Set<string>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly channel: ChannelLike | null = null;
  private readonly loaded: Promise<void>;

  constructor(
    sims: readonly NitrokeySim[] = [],
    private readonly options: FakeHidOptions = {},
  ) {
    super();
    this.cancelChooser = options.cancelChooser ?? false;
    for (const sim of sims) this.addSim(sim);
    const BC = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
    if (options.grantChannel && typeof BC === 'function') {
      this.channel = new BC(options.grantChannel);
      this.channel.onmessage = (event) => this.onChannelMessage(event.data);
    }
    this.loaded = options.grantStore
      ? options.grantStore.load().then(
          (keys) => {
            for (const k of keys) this.granted.add(k);
          },
          () => undefined,
        )
      : Promise.resolve();
  }

  /** Adds a device to the "machine" (it appears as plugged in if the sim is connected). */
  addSim(sim: NitrokeySim): void {
    if (this.sims.includes(sim)) return;
    this.sims.push(sim);
    if (this.options.preGranted) this.granted.add(grantKey(sim));
    if (sim.isConnected) this.devices.set(sim, this.makeDevice(sim));
    this.unsubscribe.push(sim.onConnectionChange((connected) => this.onSimConnection(sim, connected)));
  }

  /** The current HIDDevice object of a plugged-in sim (regardless of permission). */
  deviceFor(sim: NitrokeySim): FakeHidDevice | undefined {
    return sim.isConnected ? this.devices.get(sim) : undefined;
  }

  isGranted(sim: NitrokeySim): boolean {
    return this.granted.has(grantKey(sim));
  }

  grant(sim: NitrokeySim): void {
    const key = grantKey(sim);
    if (this.granted.has(key)) return;
    this.granted.add(key);
    this.channel?.postMessage({ type: 'grant', key });
    void this.persist();
  }

  revoke(sim: NitrokeySim): void {
    const key = grantKey(sim);
    if (!this.granted.delete(key)) return;
    this.channel?.postMessage({ type: 'revoke', key });
    void this.persist();
  }

  /** Plug the sim in (power-up) and fire `connect` if the origin has permission. */
  plug(sim: NitrokeySim): void {
    this.addSim(sim);
    sim.plug();
  }

  /** Pull the sim out and fire `disconnect` if the origin has permission. */
  unplug(sim: NitrokeySim): void {
    sim.unplug();
  }

  async getDevices(): Promise<FakeHidDevice[]> {
    await this.loaded;
    return this.sims.filter((s) => s.isConnected && this.isGranted(s)).flatMap((s) => this.devices.get(s) ?? []);
  }

  async requestDevice(options: HidRequestOptions): Promise<FakeHidDevice[]> {
    this.requestDeviceCalls++;
    await this.loaded;
    if (this.options.context === 'worker') {
      throw domError('NotSupportedError', 'requestDevice() needs a window; it is not available in a worker.');
    }
    if (!options || !Array.isArray(options.filters)) {
      throw new TypeError("Failed to execute 'requestDevice' on 'HID': required member filters is undefined.");
    }
    if (this.options.userActivation && !this.options.userActivation()) {
      throw domError('SecurityError', 'Must be handling a user gesture to show a permission request.');
    }
    const exclusions = options.exclusionFilters ?? [];
    const candidates = this.sims
      .filter((s) => s.isConnected)
      .flatMap((s) => this.devices.get(s) ?? [])
      .filter((d) => options.filters.length === 0 || options.filters.some((f) => matches(d, f)))
      .filter((d) => !exclusions.some((f) => matches(d, f)));
    if (this.cancelChooser || candidates.length === 0) return [];
    const chooser = this.options.chooser ?? 'all';
    const chosen =
      chooser === 'all' ? candidates : chooser === 'first' ? candidates.slice(0, 1) : chooser(candidates.slice());
    for (const d of chosen) this.grant(d.sim);
    return chosen;
  }

  /** Stops listening to the sims and closes the grant channel. */
  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.channel?.close();
  }

  private makeDevice(sim: NitrokeySim): FakeHidDevice {
    return new FakeHidDevice(sim, {
      disconnectStyle: this.options.disconnectStyle ?? 'notfound',
      onForget: (d) => this.revoke(d.sim),
    });
  }

  private onSimConnection(sim: NitrokeySim, connected: boolean): void {
    let device: FakeHidDevice | undefined;
    if (connected) {
      device = this.makeDevice(sim);
      this.devices.set(sim, device);
    } else {
      device = this.devices.get(sim);
    }
    if (!device || !this.isGranted(sim)) return;
    const event: SimEvent = { type: connected ? 'connect' : 'disconnect', device, target: null, currentTarget: null };
    // Chrome delivers these as tasks, never inside the call that caused them.
    void Promise.resolve().then(() => this.dispatchEvent(event));
  }

  private onChannelMessage(data: unknown): void {
    const msg = data as { type?: unknown; key?: unknown } | null;
    if (!msg || typeof msg.key !== 'string') return;
    if (msg.type === 'grant') this.granted.add(msg.key);
    if (msg.type === 'revoke') this.granted.delete(msg.key);
  }

  private async persist(): Promise<void> {
    try {
      await this.options.grantStore?.save([...this.granted]);
    } catch {
      // a test double: losing a grant write is not worth failing the page over
    }
  }
}

// ------------------------------------------------------------------ IndexedDB grant store

/** Grants kept in IndexedDB (shared by an extension's pages and service worker, survives SW restarts). */
export function indexedDbGrantStore(idb: IDBFactory, dbName = 'twofold-fake-hid'): GrantStore {
  const open = (): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const req = idb.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('grants');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  return {
    async load() {
      const db = await open();
      try {
        return await new Promise<string[]>((resolve, reject) => {
          const req = db.transaction('grants', 'readonly').objectStore('grants').get('keys');
          req.onsuccess = () => resolve(Array.isArray(req.result) ? (req.result as string[]) : []);
          req.onerror = () => reject(req.error);
        });
      } finally {
        db.close();
      }
    },
    async save(keys) {
      const db = await open();
      try {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('grants', 'readwrite');
          tx.objectStore('grants').put(keys, 'keys');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
  };
}

// ------------------------------------------------------------------ installFakeHid

export interface InstallTarget {
  navigator?: object;
  [key: string]: unknown;
}

/** 'worker' for a (service) worker global, else 'window'. */
export function detectContext(target: InstallTarget): 'window' | 'worker' {
  if ('document' in target && target.document) return 'window';
  return typeof target.importScripts === 'function' ? 'worker' : 'window';
}

/**
 * Defines `navigator.hid` on a global (window, service worker, or any object) as a FakeHid
 * over the given sims, shadowing the browser's own getter. Returns the FakeHid.
 * In a window with navigator.userActivation, requestDevice requires transient activation
 * unless options.userActivation says otherwise.
 */
export function installFakeHid(
  target: InstallTarget,
  sims: readonly NitrokeySim[] = [],
  options: FakeHidOptions = {},
): FakeHid {
  let nav = target.navigator;
  if (!nav) {
    nav = {};
    Object.defineProperty(target, 'navigator', { value: nav, configurable: true, enumerable: true, writable: true });
  }
  const context = options.context ?? detectContext(target);
  const activation = (nav as { userActivation?: { isActive?: boolean } }).userActivation;
  const userActivation =
    options.userActivation ??
    (context === 'window' && activation && typeof activation.isActive === 'boolean'
      ? () => activation.isActive === true
      : undefined);
  const hid = new FakeHid(sims, { ...options, context, ...(userActivation ? { userActivation } : {}) });
  Object.defineProperty(nav, 'hid', { value: hid, configurable: true, enumerable: true });
  return hid;
}
