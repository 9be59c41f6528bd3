import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/browser';

/** Median and spread of each vault KDF candidate (bench/kdf-entry.ts), run `runs` times in headless Chromium (V8 + Blink). */
export async function benchKdfInChromium(
  runs = 5,
): Promise<Record<string, { median: number; min: number; max: number }>> {
  const bundle = await build({
    entryPoints: ['bench/kdf-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
  });
  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    const out: Record<string, { median: number; min: number; max: number }> = {};
    const names = await page.evaluate(() => (globalThis as unknown as { kdfNames: string[] }).kdfNames);
    for (const name of names) {
      await page.evaluate(
        (n) => (globalThis as unknown as { kdfBench: (n: string) => Promise<number> }).kdfBench(n),
        name,
      ); // warm-up
      const t: number[] = [];
      for (let i = 0; i < runs; i++)
        t.push(
          await page.evaluate(
            (n) => (globalThis as unknown as { kdfBench: (n: string) => Promise<number> }).kdfBench(n),
            name,
          ),
        );
      t.sort((a, b) => a - b);
      out[name] = {
        median: t[Math.floor(t.length / 2)] as number,
        min: t[0] as number,
        max: t[t.length - 1] as number,
      };
    }
    return out;
  } finally {
    await browser.close();
  }
}
