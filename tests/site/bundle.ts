// Builds client/late-field.tsx with esbuild in memory when the site starts, so
// the `late` variant runs a genuine Preact production-style bundle.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./client/late-field.tsx', import.meta.url));

let cached: Promise<string> | null = null;

/** The bundled script; built once per process and shared by every site. */
export function lateFieldBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Independent of the project tsconfig (which extends generated .wxt files).
    tsconfigRaw: {},
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error('esbuild produced no output for late-field.tsx');
    return out.text;
  });
  cached.catch(() => {
    cached = null; // let a later start retry after a fixed build error
  });
  return cached;
}
