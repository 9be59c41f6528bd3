#!/usr/bin/env node
// Import boundaries Biome cannot express (docs/architecture.md "Layers"):
// - lib/ is the pure core: it imports only lib/ and pure npm packages, never browser glue.
// - components/ are presentational: no platform adapters, no entrypoints.
// - platform/ (one adapter per browser API) never imports entrypoints or components.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BROWSER_PACKAGES = ['wxt', '#imports', 'webextension-polyfill', 'idb', 'preact'];
const RULES = [
  {
    from: 'lib/',
    forbidDirs: ['platform/', 'entrypoints/', 'components/', 'tests/'],
    forbidPackages: BROWSER_PACKAGES,
  },
  {
    from: 'components/',
    forbidDirs: ['platform/', 'entrypoints/'],
    forbidPackages: ['wxt', '#imports', 'webextension-polyfill', 'idb'],
  },
  { from: 'platform/', forbidDirs: ['entrypoints/', 'components/'], forbidPackages: [] },
];

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** @returns {string[]} the module specifiers a source text imports */
export function importsOf(source) {
  const found = [];
  for (const m of source.matchAll(IMPORT_RE)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

/**
 * @param {string} file path relative to the repo root, with '/' separators
 * @param {string} source the file's text
 * @returns {string[]} human-readable violations
 */
export function violations(file, source) {
  const rule = RULES.find((r) => file.startsWith(r.from));
  if (!rule) return [];
  const out = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = join(dirname(file), spec).replaceAll('\\', '/');
      const bad = rule.forbidDirs.find((d) => target.startsWith(d));
      if (bad) out.push(`${file}: imports ${spec} (${rule.from} may not import ${bad})`);
    } else if (spec.startsWith('@/') || spec.startsWith('~/')) {
      out.push(`${file}: imports ${spec}; use relative imports so boundaries stay checkable`);
    } else {
      const pkg = rule.forbidPackages.find((p) => spec === p || spec.startsWith(`${p}/`));
      if (pkg) out.push(`${file}: imports ${spec} (${rule.from} may not depend on ${pkg})`);
    }
  }
  return out;
}

function walk(dir, root, acc) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, root, acc);
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) acc.push(relative(root, full).replaceAll('\\', '/'));
  }
  return acc;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files = RULES.flatMap((r) => {
    try {
      return walk(join(root, r.from), root, []);
    } catch {
      return [];
    }
  });
  const problems = files.flatMap((f) => violations(f, readFileSync(join(root, f), 'utf8')));
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log(`boundaries: ${files.length} files checked, no violations`);
}
