// Brand logos for the account list (docs/brand-icons.md "What is bundled"): at build time (wxt.config.ts), simple-icons'
// data file becomes one compact index (brand-icons/index.js) and each logo one small SVG (brand-icons/<slug>.svg),
// all inside the package; nothing is fetched. Reads simple-icons' data files, not its JS API, which needs Node 22.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type BrandIndexData, buildBrandIndex, type SimpleIconEntry } from '../lib/icons/brand-index';

const require = createRequire(import.meta.url);

/** Where the built extension keeps the logos; the popup reads them from here (components/BrandIcon.tsx). */
export const BRAND_ICONS_DIR = 'brand-icons';

/** simple-icons' own folder in node_modules. */
export function simpleIconsDir(): string {
  return dirname(require.resolve('simple-icons'));
}

/** simple-icons' data file: one entry per brand, alphabetical. */
export function readSimpleIcons(dir = simpleIconsDir()): SimpleIconEntry[] {
  return JSON.parse(readFileSync(join(dir, 'data', 'simple-icons.json'), 'utf8')) as SimpleIconEntry[];
}

/**
 * The index as an ES module the popup imports on demand. JSON.parse of a string literal, because engines parse
 * JSON faster than the same object written as a JavaScript literal (V8 blog, "The cost of JavaScript in 2019",
 * "JSON.parse"); and a module, because extension pages may not `fetch` (biome.json) and every browser Twofold
 * supports imports modules from the package.
 */
export function indexModule(index: BrandIndexData): string {
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(index))});\n`;
}

/**
 * A logo as the smallest SVG that draws it: simple-icons' files are one <path> on a 24×24 view box with a <title>;
 * the popup uses the file only as a mask (its shape, never its colours), so the title and role go.
 */
export function minimalSvg(svg: string): string {
  const d = /<path\b[^>]*\bd="([^"]+)"/.exec(svg)?.[1];
  const box = /\bviewBox="([^"]+)"/.exec(svg)?.[1];
  if (d === undefined || box === undefined) throw new Error('simple-icons SVG without a path or viewBox');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box}"><path d="${d}"/></svg>`;
}

/** Every file the build adds, as WXT's `build:publicAssets` hook takes them. */
export function brandIconAssets(dir = simpleIconsDir()): { contents: string; relativeDest: string }[] {
  const index = buildBrandIndex(readSimpleIcons(dir));
  const files = [{ contents: indexModule(index), relativeDest: `${BRAND_ICONS_DIR}/index.js` }];
  for (const slug of Object.keys(index.icons)) {
    files.push({
      contents: minimalSvg(readFileSync(join(dir, 'icons', `${slug}.svg`), 'utf8')),
      relativeDest: `${BRAND_ICONS_DIR}/${slug}.svg`,
    });
  }
  return files;
}
