import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { deviceFileCodec } from '../lib/sync/device-file';
import { join } from '../lib/sync/join';
import { conflictingReplicas } from './sync-merge';

/*
 * The device file of a 1,000-account state (docs/sync-format.md "Measured goals", bytes written per change): its
 * size on the server, and the time to seal (JSON, compress, pad, encrypt) and to open (check, decrypt, inflate,
 * parse, check every account). The slot's Argon2id is not counted (made once per password). Run alone with
 * `npx tsx bench/sync-file.ts`, or call benchSyncFile() from bench/run.ts.
 */

const random = (n: number) => new Uint8Array(randomBytes(n));

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<{ median: number; max: number }> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] as number, max: samples[samples.length - 1] as number };
}

export async function benchSyncFile() {
  const [b, c] = conflictingReplicas();
  const state = join(b, c);
  const syncKey = random(32);
  const input = {
    syncId: '0f8c4a4e-1111-4222-8333-444455556666',
    device: 'k3mzq7a2b4c5d6e7f2g3h4i5j6',
    generation: 1,
    slots: [],
    state,
    syncKey,
  };
  const file = await deviceFileCodec.seal(input, random);
  return {
    stateJsonBytes: new TextEncoder().encode(JSON.stringify(state)).length,
    fileBytes: file.length,
    seal: await timeAsync(() => deviceFileCodec.seal(input, random), 10),
    open: await timeAsync(() => deviceFileCodec.open(file, syncKey), 10),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchSyncFile();
  console.log(
    `Sync device file, 1,000 accounts: state JSON ${(r.stateJsonBytes / 1024).toFixed(0)} KB, file ${(r.fileBytes / 1024).toFixed(0)} KB; seal median ${r.seal.median.toFixed(1)} ms (max ${r.seal.max.toFixed(1)}); open median ${r.open.median.toFixed(1)} ms (max ${r.open.max.toFixed(1)})`,
  );
}
