import { readFileSync } from 'node:fs';
import { readBarcodes } from 'zxing-wasm/reader';
import { nodeQrReader } from './scripts/node-qr-decoder';

nodeQrReader();
const truth = JSON.parse(readFileSync('/tmp/qrset/truth.json', 'utf8'));
const files = truth.map((t: any) => [t, new Uint8Array(readFileSync('/tmp/qrset/' + t.file))]);
await readBarcodes(files[0][1], { formats: ['QRCode'] });
for (const [name, o] of Object.entries({
  full: { formats: ['QRCode'], maxNumberOfSymbols: 16 },
  fast: { formats: ['QRCode'], tryHarder: false, tryInvert: false, tryRotate: false, maxNumberOfSymbols: 16 },
  fastInv: { formats: ['QRCode'], tryHarder: false, tryInvert: true, tryRotate: false, maxNumberOfSymbols: 16 },
  fastNoDown: {
    formats: ['QRCode'],
    tryHarder: false,
    tryInvert: false,
    tryRotate: false,
    tryDownscale: false,
    maxNumberOfSymbols: 16,
  },
  harderOnly: { formats: ['QRCode'], tryHarder: true, tryInvert: false, tryRotate: false, maxNumberOfSymbols: 16 },
} as Record<string, any>)) {
  let found = 0;
  const by: Record<number, number[]> = {};
  const miss: string[] = [];
  for (const [t, b] of files) {
    const s = performance.now();
    const r = await readBarcodes(b, o);
    (by[t.width] ??= []).push(performance.now() - s);
    if (t.expected && r.some((x: any) => x.isValid && x.text === t.expected)) found++;
    else if (t.expected) miss.push(t.file);
  }
  const med = Object.fromEntries(
    Object.entries(by).map(([w, xs]) => [w, xs.sort((a, b) => a - b)[xs.length >> 1].toFixed(1)]),
  );
  console.log(name, found, JSON.stringify(med), miss.join(' '));
}
