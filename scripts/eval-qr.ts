/*
 * npm run eval:qr -- DIR
 *
 * Runs the extension's own decode path (lib/qr/read.ts with the same zxing-wasm options, then
 * lib/enrol/scan.ts choosing the two-factor code over decoys) on every capture listed in
 * DIR/truth.json ([{file, expected, decoy}]), prints one line per image and, last, one JSON object:
 * {"images","with_qr","found","wrong","false_positive","median_ms":{"<width>":ms}}.
 *
 * found: the page shows `expected` and the scan picked exactly it. wrong: the page shows a key but
 * the scan picked another two-factor text. false_positive: the page shows no key but the scan
 * picked one. A page whose only QR is the decoy must yield nothing.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasOtpText, interpretScan } from '../lib/enrol/scan';
import { imageSize } from '../lib/qr/image-size';
import { readQrTexts } from '../lib/qr/read';
import { nodeQrReader } from './node-qr-decoder';

interface Truth {
  file: string;
  expected: string | null;
  decoy: string | null;
}

export interface QrEvalSummary {
  images: number;
  with_qr: number;
  found: number;
  wrong: number;
  false_positive: number;
  median_ms: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function evaluateQr(dir: string, log: (line: string) => void = () => {}): Promise<QrEvalSummary> {
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth[];
  if (!Array.isArray(truth))
    throw new Error(`${join(dir, 'truth.json')} must hold an array of {file, expected, decoy}.`);
  const read = nodeQrReader();
  // One warm-up decode so the first image does not pay for compiling the WebAssembly module.
  await readQrTexts(read, new Uint8Array(readFileSync(join(dir, (truth[0] as Truth).file))));
  const summary: QrEvalSummary = { images: 0, with_qr: 0, found: 0, wrong: 0, false_positive: 0, median_ms: {} };
  const times = new Map<number, number[]>();
  for (const t of truth) {
    const bytes = new Uint8Array(readFileSync(join(dir, t.file)));
    const start = performance.now();
    let picked: string | undefined;
    let note = '';
    try {
      const outcome = interpretScan(await readQrTexts(read, bytes, hasOtpText));
      picked = outcome.otpTexts[0];
      note = `${outcome.codes} code(s)`;
    } catch (e) {
      note = `error: ${(e as Error).message}`;
    }
    const ms = performance.now() - start;
    const width = imageSize(bytes).width;
    times.set(width, [...(times.get(width) ?? []), ms]);
    summary.images++;
    let verdict: string;
    if (t.expected !== null) {
      summary.with_qr++;
      if (picked === t.expected) {
        summary.found++;
        verdict = 'found';
      } else if (picked !== undefined) {
        summary.wrong++;
        verdict = 'WRONG';
      } else verdict = 'missed';
    } else if (picked !== undefined) {
      summary.false_positive++;
      verdict = 'FALSE POSITIVE';
    } else verdict = 'none (correct)';
    log(`${t.file}\t${width}px\t${ms.toFixed(1)} ms\t${verdict}\t${note}`);
  }
  for (const [width, xs] of [...times].sort((a, b) => a[0] - b[0]))
    summary.median_ms[String(width)] = Math.round(median(xs) * 10) / 10;
  return summary;
}

if (process.argv[1]?.endsWith('eval-qr.ts')) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run eval:qr -- DIR   (DIR/truth.json lists {file, expected, decoy})');
    process.exit(2);
  }
  const summary = await evaluateQr(resolve(dir), (line) => console.info(line));
  console.info(JSON.stringify(summary));
}
