/**
 * The one seam between the pure core and a device (docs/hardware-protocol.md "Layers"). The WebHID adapter in platform/
 * implements it over `HIDDevice` (`sendFeatureReport(0, data)` / `receiveFeatureReport(0)`); tests
 * and the simulator implement it in memory. Nothing in lib/ touches `navigator.hid`.
 */
export interface FeatureTransport {
  /** USB vendor id (0x20a0 Nitrokey, 0x316d Purism). */
  readonly vendorId: number;
  /** USB product id (0x4108 Pro, 0x4109 Storage, 0x4c4b Librem Key). */
  readonly productId: number;
  /**
   * Usage page of the top-level collection: 0xFF00 on firmware with the generic descriptor,
   * 0x0001 (Generic Desktop, keyboard) on old firmware (docs/hardware-protocol.md "Devices").
   */
  readonly usagePage: number;
  /** Opens the device; may be called when it is already open. */
  open(): Promise<void>;
  /**
   * Closes it (after each operation, so Chrome's "using a HID device" indicator goes away:
   * docs/hardware-protocol.md "Sessions").
   */
  close(): Promise<void>;
  /**
   * Sends one 64-byte feature report with report ID 0: exactly 64 bytes (docs/hardware-protocol.md "Report buffers").
   */
  sendFeature(data: Uint8Array): Promise<void>;
  /**
   * Reads feature report 0: normally 64 bytes; 65 (leading report ID) and the shifted pre-fix Windows shape are handled
   * by the decoder (docs/hardware-protocol.md "Report buffers").
   */
  receiveFeature(): Promise<Uint8Array>;
}

/** The clock the transaction loop polls with; a parameter so tests run instantly. */
export interface HidClock {
  /** Milliseconds, monotonic enough for deadlines (e.g. `performance.now()`). */
  now(): number;
  sleep(ms: number): Promise<void>;
}
