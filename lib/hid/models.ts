import type { FirmwareVersion } from './commands';
import { NitrokeyError } from './errors';
import { text } from './text';

/** Devices this driver speaks to (docs/hardware-protocol.md "Devices"). */
export type NitrokeyModel = 'nitrokey-pro' | 'nitrokey-storage' | 'librem-key';

export const NITROKEY_VENDOR_ID = 0x20a0;
export const NITROKEY_PRO_PRODUCT_ID = 0x4108;
export const NITROKEY_STORAGE_PRODUCT_ID = 0x4109;
export const PURISM_VENDOR_ID = 0x316d;
export const LIBREM_KEY_PRODUCT_ID = 0x4c4b;

/** Usage page of the generic HID descriptor (Pro >= v0.10, Storage >= V0.53; docs/hardware-protocol.md "Devices"). */
export const VENDOR_USAGE_PAGE = 0xff00;
/**
 * Generic Desktop: the old keyboard descriptor (Pro <= v0.9, Storage <= V0.52; docs/hardware-protocol.md "Devices").
 */
export const LEGACY_KEYBOARD_USAGE_PAGE = 0x0001;

/** Product names: brands, the same in every language. */
export const MODEL_NAMES: Readonly<Record<NitrokeyModel, string>> = {
  'nitrokey-pro': 'Nitrokey Pro', // i18n-ignore: product name
  'nitrokey-storage': 'Nitrokey Storage', // i18n-ignore: product name
  'librem-key': 'Librem Key', // i18n-ignore: product name
};

/** `requestDevice` filters (docs/hardware-protocol.md "Devices"). */
export const NITROKEY_HID_FILTERS: readonly { vendorId: number; productId: number; usagePage?: number }[] = [
  { vendorId: NITROKEY_VENDOR_ID, productId: NITROKEY_PRO_PRODUCT_ID, usagePage: VENDOR_USAGE_PAGE },
  { vendorId: NITROKEY_VENDOR_ID, productId: NITROKEY_STORAGE_PRODUCT_ID, usagePage: VENDOR_USAGE_PAGE },
  { vendorId: PURISM_VENDOR_ID, productId: LIBREM_KEY_PRODUCT_ID },
];

/**
 * Oldest firmware with the 0.8-style protocol (temporary passwords inside each command, SEND_OTP_DATA;
 * docs/hardware-protocol.md "Protocol generations": Pro/Librem minor >= 8, Storage minor >= 54).
 */
export const MIN_FIRMWARE: Readonly<Record<NitrokeyModel, FirmwareVersion>> = {
  'nitrokey-pro': { major: 0, minor: 8 },
  'nitrokey-storage': { major: 0, minor: 54 },
  'librem-key': { major: 0, minor: 8 },
};

/** The version to recommend: the first with both the generic descriptor and the 0.8 protocol. */
const RECOMMENDED: Readonly<Record<NitrokeyModel, string>> = {
  'nitrokey-pro': 'v0.10',
  'nitrokey-storage': 'V0.54',
  'librem-key': 'v0.10',
};

/** Which model a VID/PID is; throws 'unsupported-device' for anything else. */
export function modelOf(vendorId: number, productId: number): NitrokeyModel {
  if (vendorId === NITROKEY_VENDOR_ID && productId === NITROKEY_PRO_PRODUCT_ID) return 'nitrokey-pro';
  if (vendorId === NITROKEY_VENDOR_ID && productId === NITROKEY_STORAGE_PRODUCT_ID) return 'nitrokey-storage';
  if (vendorId === PURISM_VENDOR_ID && productId === LIBREM_KEY_PRODUCT_ID) return 'librem-key';
  const id = `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
  throw new NitrokeyError('unsupported-device', text('keys_unsupported_device', id));
}

export function formatFirmware(version: FirmwareVersion): string {
  return `${version.major}.${version.minor}`;
}

export function firmwareAtLeast(version: FirmwareVersion, min: FirmwareVersion): boolean {
  return version.major !== min.major ? version.major > min.major : version.minor >= min.minor;
}

/** Throws 'firmware-too-old' below `MIN_FIRMWARE` (docs/hardware-protocol.md "Protocol generations"). */
export function assertFirmwareSupported(model: NitrokeyModel, version: FirmwareVersion): void {
  if (firmwareAtLeast(version, MIN_FIRMWARE[model])) return;
  throw new NitrokeyError(
    'firmware-too-old',
    text(
      'keys_firmware_too_old',
      MODEL_NAMES[model],
      formatFirmware(version),
      formatFirmware(MIN_FIRMWARE[model]),
      RECOMMENDED[model],
    ),
  );
}

/**
 * Throws 'firmware-too-old' for the legacy keyboard descriptor (usage page 0x0001,
 * docs/hardware-protocol.md "Devices"): operating systems keep keyboards to themselves, so browser access is
 * unreliable.
 */
export function assertModernDescriptor(model: NitrokeyModel, usagePage: number): void {
  if (usagePage !== LEGACY_KEYBOARD_USAGE_PAGE) return;
  throw new NitrokeyError('firmware-too-old', text('keys_firmware_keyboard', MODEL_NAMES[model], RECOMMENDED[model]));
}
