import { useEffect, useRef, useState } from 'preact/hooks';
import { type Brand, type BrandIndexData, type BrandLookup, brandLookup } from '../lib/icons/brand-index';
import { initialsMaxLightness } from '../lib/icons/contrast';
import type { matchBrand } from '../lib/icons/match';
import type { AccountView } from '../lib/vault/view';
import { hueOf, initials } from './account-order';
import './brand-icon.css';

/**
 * Where the build puts the logos (scripts/brand-icons.ts), from the root of the extension's own origin: the popup is
 * an extension page, so these are files of the package, never the network.
 */
const ICONS_PATH = '/brand-icons';

type Account = Pick<AccountView, 'issuer' | 'account' | 'sites'>;

/** What matching decided, per issuer and sites: a brand, or null for initials. Shared by every row of the page. */
const decided = new Map<string, Brand | null>();
let index: Promise<BrandLookup> | undefined;

function keyOf(account: Account): string {
  return `${account.issuer}\n${account.sites.join('\n')}`;
}

/**
 * The index, imported once, when the first row with a picture comes into view (so never before the codes are on
 * screen). A module from the package: extension pages may not `fetch` (biome.json). A failed import leaves every
 * row on its initials.
 */
function loadIndex(): Promise<BrandLookup> {
  index ??= import(/* @vite-ignore */ `${ICONS_PATH}/index.js`)
    .then((m: { default: BrandIndexData }) => brandLookup(m.default))
    .catch(() => brandLookup({ v: 1, icons: {}, names: {} }));
  return index;
}

/**
 * The matcher, imported with the index: it brings the site parser and the public-suffix list, which the popup's
 * first render (codes on screen) does not need (docs/performance.md "The popup with 1,000 accounts").
 */
let matcher: Promise<typeof matchBrand> | undefined;
function loadMatcher(): Promise<typeof matchBrand> {
  matcher ??= import('../lib/icons/match').then((m) => m.matchBrand);
  return matcher;
}

/** The logo's file in the package. */
function logoUrl(brand: Brand): string {
  return `${ICONS_PATH}/${brand.slug}.svg`;
}

async function decide(account: Account, key: string): Promise<Brand | null> {
  const [lookup, matchBrand] = await Promise.all([loadIndex(), loadMatcher()]);
  const match = matchBrand(lookup, account);
  let brand = match.by === 'none' ? null : match.brand;
  // Read and decoded before it replaces the initials, so a row never shows an empty circle while its mask loads.
  if (brand) {
    const img = new Image();
    // The same request mode as the CSS mask (CSS Masking 1, "mask-image": fetched in CORS mode), so the mask can
    // come from the memory cache (usually does; a second read of a package file costs little when it does not).
    img.crossOrigin = 'anonymous';
    img.src = logoUrl(brand);
    // A logo that does not load leaves the initials (a broken file, or a package built without logos).
    brand = await img.decode().then(
      () => brand,
      () => null,
    );
  }
  decided.set(key, brand);
  return brand;
}

/** The saturation of the initials' circle (entrypoints/popup/style.css, `.avatar`). */
const INITIALS_SATURATION = 48;
const maxLightness = new Map<number, string>();

/** How light the circle of `hue` may be for its white initials to stay readable (computed once per hue). */
function initialsCap(hue: number): string {
  let cap = maxLightness.get(hue);
  if (cap === undefined) {
    cap = `${initialsMaxLightness(hue, INITIALS_SATURATION)}%`;
    maxLightness.set(hue, cap);
  }
  return cap;
}

/** One IntersectionObserver for every row: rows ask to be told once when they come near the visible part. */
const waiting = new Map<Element, () => void>();
let observer: IntersectionObserver | undefined;

function whenInView(el: Element, then: () => void): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const run = waiting.get(entry.target);
        waiting.delete(entry.target);
        observer?.unobserve(entry.target);
        run?.();
      }
    },
    // A little ahead of scrolling, so a logo is usually ready when its row appears.
    { rootMargin: '64px 0px' },
  );
  waiting.set(el, then);
  observer.observe(el);
  return () => {
    waiting.delete(el);
    observer?.unobserve(el);
  };
}

/**
 * The picture at the start of an account's row: the service's logo when a bundled brand matches the account
 * (docs/brand-icons.md), else its initials on a colour of its own. The first render is the initials, or the logo
 * already decided for the same issuer and sites (one Map lookup); the index and the logo load only once the row is in
 * view. Decorative (aria-hidden): the row's name is what assistive technology reads.
 */
export function BrandIcon({ account }: { account: Account }) {
  const key = keyOf(account);
  const [shown, setShown] = useState<{ key: string; brand: Brand | null } | undefined>(undefined);
  const brand = shown?.key === key ? shown.brand : decided.get(key);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (brand !== undefined || el === null) return;
    let live = true;
    const stop = whenInView(el, () => {
      void decide(account, key).then((b) => {
        if (live) setShown({ key, brand: b });
      });
    });
    return () => {
      live = false;
      stop();
    };
  }, [key, brand === undefined]);
  if (brand) {
    return (
      <span
        class="avatar brand-icon"
        aria-hidden="true"
        data-brand={brand.slug}
        style={{
          '--brand-mask': `url("${logoUrl(brand)}")`,
          '--brand-light': brand.readableLight ? `#${brand.hex}` : undefined,
          '--brand-dark': brand.readableDark ? `#${brand.hex}` : undefined,
        }}
      />
    );
  }
  const hue = hueOf(account.issuer || account.account);
  return (
    <span
      ref={ref}
      class="avatar initials"
      aria-hidden="true"
      data-brand={brand === null ? '' : undefined}
      style={{ '--hue': String(hue), '--avatar-max': initialsCap(hue) }}
    >
      {initials(account.issuer, account.account)}
    </span>
  );
}
