import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { makeCaptures } from '../scripts/qr-captures';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browser';

export interface QrSwBench {
  /** Median decode time per capture width, inside a real MV3 service worker. */
  medianMsByWidth: Record<string, number>;
  images: number;
  found: number;
  withQr: number;
  wrong: number;
}

/**
 * Decodes generated enrolment-page captures inside a Chromium MV3 service worker (an extension built
 * from bench/qr-sw-entry.ts with the same CSP and shipped .wasm as Twofold), `runs` times each.
 */
export async function benchQrInServiceWorker(count = 34, runs = 3): Promise<QrSwBench> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-qr-bench-'));
  const ext = join(dir, 'ext');
  const shots = join(dir, 'captures');
  try {
    const truth = await makeCaptures(shots, count, 7);
    const bundle = await build({
      entryPoints: ['bench/qr-sw-entry.ts'],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
    });
    mkdirSync(ext, { recursive: true });
    writeFileSync(join(ext, 'sw.js'), bundle.outputFiles[0]?.text ?? '');
    copyFileSync(
      createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'),
      join(ext, 'zxing_reader.wasm'),
    );
    writeFileSync(
      join(ext, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'Twofold QR bench',
        version: '1.0',
        background: { service_worker: 'sw.js' },
        content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" },
      }),
    );
    const profile = join(dir, 'profile');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: chromiumArgs(ext),
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const decode = (b64: string) =>
        worker.evaluate(
          (b) =>
            (
              globalThis as unknown as { qrBench: (b: string) => Promise<{ ms: number; picked: string | null }> }
            ).qrBench(b),
          b64,
        );
      const times = new Map<number, number[]>();
      let found = 0;
      let wrong = 0;
      await decode(readFileSync(join(shots, truth[0]?.file ?? '')).toString('base64')); // compiles the module
      for (const t of truth) {
        const b64 = readFileSync(join(shots, t.file)).toString('base64');
        let picked: string | null = null;
        for (let i = 0; i < runs; i++) {
          const r = await decode(b64);
          times.set(t.width, [...(times.get(t.width) ?? []), r.ms]);
          picked = r.picked;
        }
        if (t.expected !== null && picked === t.expected) found++;
        else if (picked !== null) wrong++;
      }
      const medianMsByWidth: Record<string, number> = {};
      for (const [w, xs] of [...times].sort((a, b) => a[0] - b[0])) {
        const s = [...xs].sort((a, b) => a - b);
        medianMsByWidth[String(w)] = +(s[Math.floor(s.length / 2)] as number).toFixed(1);
      }
      return {
        medianMsByWidth,
        images: truth.length,
        found,
        withQr: truth.filter((t) => t.expected !== null).length,
        wrong,
      };
    } finally {
      await context.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('qr-sw.ts')) console.info(JSON.stringify(await benchQrInServiceWorker()));
