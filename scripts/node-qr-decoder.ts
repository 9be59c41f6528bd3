import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReadBarcodes } from '../lib/qr/read';

/**
 * zxing-wasm for Node tools and tests (eval:qr, bench, unit tests): the .wasm comes from
 * node_modules, never from the library's default CDN. The extension's twin is platform/qr-decoder.ts.
 */
let prepared = false;

export function nodeQrReader(): ReadBarcodes {
  if (!prepared) {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    });
    prepared = true;
  }
  return (image, options) => readBarcodes(image as Uint8Array, options);
}
