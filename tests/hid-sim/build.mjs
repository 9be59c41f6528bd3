// Bundles tests/hid-sim/bundle.ts into an IIFE (`fake-hid.js`) that sets
// globalThis.__twofoldFakeHid — injectable into extension pages and the service worker.
//
//   node tests/hid-sim/build.mjs <out-file> [--minify]
//   import { buildFakeHidBundle } from './tests/hid-sim/build.mjs'

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./bundle.ts', import.meta.url));

/**
 * @param {{ outfile?: string, minify?: boolean }} [options]
 * @returns {Promise<string>} the bundle's source (also written to outfile when given)
 */
export async function buildFakeHidBundle(options = {}) {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: options.minify ?? false,
    // Independent of the project tsconfig (which extends generated .wxt files).
    tsconfigRaw: {},
    logLevel: 'silent',
    legalComments: 'none',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output for the fake HID bundle');
  const code = out.text;
  if (options.outfile) {
    await mkdir(dirname(options.outfile), { recursive: true });
    await writeFile(options.outfile, code);
  }
  return code;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const outArg = args.find((a) => !a.startsWith('--'));
  if (!outArg) {
    console.error('usage: node tests/hid-sim/build.mjs <out-file> [--minify]');
    process.exit(2);
  }
  const outfile = resolve(outArg);
  const code = await buildFakeHidBundle({ outfile, minify: args.includes('--minify') });
  console.info(`fake HID bundle: ${outfile} (${code.length} bytes)`);
}
