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

/** The framework builds of the code step (fill and submit must work with their
 * controlled inputs; docs/auto-fill.md "Tests"): React 19, Vue 3 and an Angular-style model, each a real bundle. */
export const CLIENT_BUNDLES = {
  'react-field': { entry: './client/react-field.tsx', jsxImportSource: 'react' },
  'vue-field': { entry: './client/vue-field.ts', jsxImportSource: undefined },
  'model-field': { entry: './client/model-field.ts', jsxImportSource: undefined },
} as const;

export type ClientBundleName = keyof typeof CLIENT_BUNDLES;

const clientCache = new Map<ClientBundleName, Promise<string>>();

/** One of {@link CLIENT_BUNDLES}, built once per process (production builds: no dev warnings, minified). */
export function clientBundle(name: ClientBundleName): Promise<string> {
  let cachedBuild = clientCache.get(name);
  if (cachedBuild) return cachedBuild;
  const spec = CLIENT_BUNDLES[name];
  cachedBuild = build({
    entryPoints: [fileURLToPath(new URL(spec.entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    ...(spec.jsxImportSource ? { jsxImportSource: spec.jsxImportSource } : {}),
    define: {
      'process.env.NODE_ENV': '"production"',
      // Vue's esm-bundler build asks for its feature flags (https://link.vuejs.org/feature-flags).
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    tsconfigRaw: {},
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error(`esbuild produced no output for ${spec.entry}`);
    return out.text;
  });
  cachedBuild.catch(() => clientCache.delete(name));
  clientCache.set(name, cachedBuild);
  return cachedBuild;
}
