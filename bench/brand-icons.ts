import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { type BrandIndexData, brandLookup } from '../lib/icons/brand-index';
import { matchBrand } from '../lib/icons/match';
import { brandIconAssets, readSimpleIcons } from '../scripts/brand-icons';
import { type Timing, time } from './otp-core';

/*
 * Brand icons (docs/brand-icons.md "Measured"): what the logos add to the package, raw and in a store ZIP (deflate
 * level 9 per file, as store archives are), the index the popup imports, and the time to match 1,000 accounts once it
 * is loaded (the popup matches only the rows in view, so this is the whole list's worst case).
 */

export interface BrandIconsBench {
  logos: number;
  packageBytesRaw: number;
  packageBytesZipped: number;
  indexBytesRaw: number;
  indexBytesGzip: number;
  /** JSON.parse of the index and building its lookup maps, once per popup that shows a logo. */
  indexLoadMs: Timing;
  /** matchBrand for 1,000 accounts with the lookup built. */
  match1000Ms: Timing;
  /** How many of those 1,000 accounts show a logo. */
  matched: number;
}

/**
 * 1,000 accounts as people have them: bundled brands' titles written as apps write them (case, "Inc."), accounts
 * known only by a site, and names no brand has, with sites on the way.
 */
export function sampleBrandAccounts(n: number): { issuer: string; sites: string[] }[] {
  const titles = readSimpleIcons().map((e) => e.title);
  return Array.from({ length: n }, (_, i) => {
    const title = titles[(i * 37) % titles.length] as string;
    switch (i % 4) {
      case 0:
        return { issuer: title, sites: [] };
      case 1:
        return { issuer: `${title.toUpperCase()}, Inc.`, sites: [`login.${i}.example.com`] };
      case 2:
        return { issuer: `Account ${i}`, sites: [`www.${title.toLowerCase().replace(/[^a-z0-9]/g, '')}.com`] };
      default:
        return { issuer: `Server ${i}`, sites: [`host${i}.intranet.example`] };
    }
  });
}

export function benchBrandIcons(): BrandIconsBench {
  const files = brandIconAssets();
  const index = files[0]?.contents ?? '';
  const zipped = zipSync(Object.fromEntries(files.map((f) => [f.relativeDest, new TextEncoder().encode(f.contents)])), {
    level: 9,
  });
  const json = JSON.parse(/^export default JSON\.parse\((.*)\);\n$/s.exec(index)?.[1] ?? '""') as string;
  const indexLoadMs = time(() => {
    brandLookup(JSON.parse(json) as BrandIndexData);
  }, 30);
  const lookup = brandLookup(JSON.parse(json) as BrandIndexData);
  const accounts = sampleBrandAccounts(1000);
  let matched = 0;
  const match1000Ms = time(() => {
    matched = 0;
    for (const a of accounts) if (matchBrand(lookup, a).by !== 'none') matched++;
  }, 30);
  return {
    logos: files.length - 1,
    packageBytesRaw: files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0),
    packageBytesZipped: zipped.length,
    indexBytesRaw: Buffer.byteLength(index),
    indexBytesGzip: gzipSync(index, { level: 9 }).length,
    indexLoadMs,
    match1000Ms,
    matched,
  };
}

/** Runs {@link benchBrandIcons}, prints its line for `npm run bench` and returns the figures for its JSON. */
export function reportBrandIcons(): BrandIconsBench {
  const b = benchBrandIcons();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `Brand icons: ${b.logos} logos add ${kb(b.packageBytesRaw)} to the package (${kb(b.packageBytesZipped)} zipped); index ${kb(b.indexBytesRaw)} (${kb(b.indexBytesGzip)} gzipped), loaded in ${b.indexLoadMs.median.toFixed(2)} ms median; matching 1,000 accounts median ${b.match1000Ms.median.toFixed(2)} ms, p95 ${b.match1000Ms.p95.toFixed(2)} ms (${b.matched} with a logo)`,
  );
  return b;
}

if (import.meta.url === `file://${process.argv[1]}`) reportBrandIcons();
