import browser from 'webextension-polyfill';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReadBarcodes } from '../lib/qr/read';

/**
 * zxing-wasm inside the extension. Its default loader fetches the .wasm from a CDN, which MV3 forbids
 * (no remote code) and Twofold never does (no network): `locateFile` points it at the copy shipped in
 * the package (wxt.config.ts copies it), and any other file it asks for is refused.
 */
let prepared = false;

export function extensionQrReader(): ReadBarcodes {
  if (!prepared) {
    prepareZXingModule({
      overrides: {
        locateFile: (path: string) => {
          if (path.endsWith('.wasm')) return browser.runtime.getURL('/zxing_reader.wasm');
          throw new Error(`zxing-wasm asked for an unexpected file: ${path}`);
        },
      },
    });
    prepared = true;
  }
  return (image, options) => readBarcodes(image as Uint8Array, options);
}

/** The URL of the decoder's .wasm in the package, for a worker that has no extension API (platform/qr-decoder-at.ts). */
export function qrWasmUrl(): string {
  return browser.runtime.getURL('/zxing_reader.wasm');
}
