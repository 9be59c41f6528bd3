import { readableOn } from './contrast';
import { compactName } from './normalise';

/**
 * The bundled brand index (docs/brand-icons.md "What is bundled"): built from simple-icons' data file by
 * scripts/brand-icons.ts at build time, shipped as brand-icons/index.js, loaded by the popup when the first row with
 * a picture comes into view. Each logo's path is a file of its own (brand-icons/<slug>.svg), so the popup reads only
 * the logos of the rows it shows.
 */
export interface BrandIndexData {
  /** Format version, raised when the shape changes. */
  v: 1;
  /** slug → [brand colour "RRGGBB", {@link TINT_LIGHT} | {@link TINT_DARK} bits: where that colour is readable]. */
  icons: Record<string, [string, number]>;
  /** Normalised name → slug, for every name whose slug is not the name itself (most slugs are their own name). */
  names: Record<string, string>;
}

/** The brand colour is readable on the popup's rows in the light theme. */
export const TINT_LIGHT = 1;
/** The brand colour is readable on the popup's rows in the dark theme. */
export const TINT_DARK = 2;

/**
 * The colours behind a row in each theme: `--bg`, and `--surface` while the row is hovered or focused
 * (entrypoints/popup/style.css; tests/unit/icons/brand-index.test.ts checks these against that file).
 */
export const ROW_BACKGROUNDS = {
  light: ['#ffffff', '#f5f6f8'],
  dark: ['#16191d', '#1f2328'],
} as const;

/** One entry of simple-icons' data/simple-icons.json, as far as the index reads it. */
export interface SimpleIconEntry {
  title: string;
  slug: string;
  hex: string;
  aliases?: {
    aka?: string[];
    dup?: { title: string }[];
    loc?: Record<string, string>;
    old?: string[];
  };
  license?: { type: string };
}

/**
 * Whether a logo may ship: simple-icons is CC0-1.0 as a whole, but an entry with a `license` other than CC0 is an
 * SVG its owner published under that licence (simple-icons' README, "license" in its data format), with terms
 * (attribution, share-alike, non-commercial) a CC0 bundle cannot meet; those brands show initials.
 */
export function mayBundle(entry: SimpleIconEntry): boolean {
  return entry.license === undefined || entry.license.type === 'CC0-1.0';
}

/**
 * Builds the index from simple-icons' entries. Names are claimed in passes, and a name claimed by an earlier pass
 * (or earlier in the same pass, which is simple-icons' alphabetical order) keeps its brand: titles, then slugs,
 * then "also known as" names, then the titles of duplicates, then localised names, then former names. So a
 * brand's own title always beats another brand's alias.
 */
export function buildBrandIndex(entries: readonly SimpleIconEntry[]): BrandIndexData {
  const kept = entries.filter(mayBundle);
  const icons: Record<string, [string, number]> = {};
  for (const e of kept) {
    const tint =
      (readableOn(e.hex, ROW_BACKGROUNDS.light) ? TINT_LIGHT : 0) |
      (readableOn(e.hex, ROW_BACKGROUNDS.dark) ? TINT_DARK : 0);
    icons[e.slug] = [e.hex.toUpperCase(), tint];
  }
  const claimed = new Map<string, string>();
  const claim = (name: string, slug: string) => {
    const key = compactName(name);
    if (key !== '' && !claimed.has(key)) claimed.set(key, slug);
  };
  const passes: ((e: SimpleIconEntry) => string[])[] = [
    (e) => [e.title],
    (e) => [e.slug],
    (e) => e.aliases?.aka ?? [],
    (e) => (e.aliases?.dup ?? []).map((d) => d.title),
    (e) => Object.values(e.aliases?.loc ?? {}),
    (e) => e.aliases?.old ?? [],
  ];
  for (const pass of passes) for (const e of kept) for (const name of pass(e)) claim(name, e.slug);
  const names: Record<string, string> = {};
  for (const [key, slug] of claimed) if (key !== slug) names[key] = slug;
  return { v: 1, icons, names };
}

/** A brand the index knows: its logo file's slug, its colour and where that colour is readable. */
export interface Brand {
  slug: string;
  hex: string;
  readableLight: boolean;
  readableDark: boolean;
}

/** Finds brands by normalised name ({@link compactName}); built once from the index data. */
export interface BrandLookup {
  find(key: string): Brand | undefined;
}

export function brandLookup(data: BrandIndexData): BrandLookup {
  const names = new Map(Object.entries(data.names));
  const icons = new Map(Object.entries(data.icons));
  return {
    find(key) {
      const slug = names.get(key) ?? (icons.has(key) ? key : undefined);
      const icon = slug === undefined ? undefined : icons.get(slug);
      if (slug === undefined || icon === undefined) return undefined;
      return {
        slug,
        hex: icon[0],
        readableLight: (icon[1] & TINT_LIGHT) !== 0,
        readableDark: (icon[1] & TINT_DARK) !== 0,
      };
    },
  };
}
