import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReadBarcodes } from '../lib/qr/read';

/**
 * zxing-wasm where the extension API is not available (the options page's import worker): the page passes the URL
 * of the .wasm shipped in the package (wxt.config.ts copies it), and any other file the library asks for is refused,
 * as in platform/qr-decoder.ts. Never the library's default CDN: Twofold loads no remote code.
 */
let prepared: string | undefined;

export function qrReaderAt(wasmUrl: string): ReadBarcodes {
  // The worker loads only the extension's own files, whatever a message names.
  if (new URL(wasmUrl, self.location.href).origin !== self.location.origin)
    throw new Error(`the QR reader's .wasm must come from the extension itself, not ${wasmUrl}`);
  if (prepared !== wasmUrl) {
    prepareZXingModule({
      overrides: {
        locateFile: (path: string) => {
          if (path.endsWith('.wasm')) return wasmUrl;
          throw new Error(`zxing-wasm asked for an unexpected file: ${path}`);
        },
      },
    });
    prepared = wasmUrl;
  }
  return (image, options) => readBarcodes(image as Uint8Array, options);
}
