import { base64 } from '@scure/base';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { hasOtpText, interpretScan } from '../lib/enrol/scan';
import { type ReadBarcodes, readQrTexts } from '../lib/qr/read';

/*
 * Service worker of the QR bench extension (bench/qr-sw.ts): the extension's decode path (lib/qr/read.ts
 * with its options, then lib/enrol/scan.ts), with zxing-wasm loaded from the extension's own files as
 * platform/qr-decoder.ts does. Exposes one global the bench calls through Playwright.
 */
prepareZXingModule({
  overrides: {
    locateFile: (path: string) => (path.endsWith('.wasm') ? chrome.runtime.getURL('zxing_reader.wasm') : path),
  },
});
const read: ReadBarcodes = (image, options) => readBarcodes(image as Uint8Array, options);

(globalThis as unknown as { qrBench: (b64: string) => Promise<{ ms: number; picked: string | null }> }).qrBench =
  async (b64) => {
    const bytes = base64.decode(b64);
    const start = performance.now();
    const outcome = interpretScan(await readQrTexts(read, bytes, hasOtpText));
    return { ms: performance.now() - start, picked: outcome.otpTexts[0] ?? null };
  };
