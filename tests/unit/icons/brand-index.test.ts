import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  brandLookup,
  buildBrandIndex,
  mayBundle,
  ROW_BACKGROUNDS,
  type SimpleIconEntry,
  TINT_DARK,
  TINT_LIGHT,
} from '../../../lib/icons/brand-index';
import { contrastRatio, hslToHex, initialsMaxLightness, relativeLuminance } from '../../../lib/icons/contrast';
import { compactName } from '../../../lib/icons/normalise';
import { brandIconAssets, indexModule, minimalSvg, readSimpleIcons } from '../../../scripts/brand-icons';

const entry = (title: string, slug: string, hex: string, more: Partial<SimpleIconEntry> = {}): SimpleIconEntry => ({
  title,
  slug,
  hex,
  ...more,
});

describe('contrast (WCAG 2.2 definitions)', () => {
  it('gives the known ratios', () => {
    expect(contrastRatio('000000', 'FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // #767676 on white is the classic 4.54:1.
    expect(contrastRatio('767676', 'ffffff')).toBeCloseTo(4.54, 2);
    expect(relativeLuminance('808080')).toBeCloseTo(0.2159, 3);
    expect(() => relativeLuminance('fff')).toThrow(RangeError);
  });

  it('property: symmetric and between 1 and 21', () => {
    const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => n.toString(16).padStart(6, '0'));
    fc.assert(
      fc.property(hex, hex, (a, b) => {
        const r = contrastRatio(a, b);
        expect(r).toBe(contrastRatio(b, a));
        expect(r).toBeGreaterThanOrEqual(1);
        expect(r).toBeLessThanOrEqual(21);
      }),
    );
  });
});

describe('buildBrandIndex', () => {
  it('lets titles beat slugs, slugs beat aliases, and earlier entries beat later ones', () => {
    const index = buildBrandIndex([
      entry('Alpha', 'alpha', '000000', { aliases: { aka: ['Beta'] } }),
      entry('Beta', 'betaapp', '000000'),
      entry('Gamma', 'alpha2', '000000', { aliases: { old: ['Alpha'], loc: { 'ja-JP': 'ガンマ' } } }),
      entry('Delta', 'delta', '000000', { aliases: { dup: [{ title: 'Delta Air' }] } }),
    ]);
    const find = (name: string) => brandLookup(index).find(compactName(name))?.slug;
    expect(find('Alpha')).toBe('alpha');
    // Beta's own title wins over Alpha's alias.
    expect(find('Beta')).toBe('betaapp');
    expect(find('betaapp')).toBe('betaapp');
    expect(find('Gamma')).toBe('alpha2');
    expect(find('ガンマ')).toBe('alpha2');
    expect(find('Delta Air')).toBe('delta');
    expect(find('Epsilon')).toBeUndefined();
    // Names equal to their own slug are not repeated in `names`.
    expect(index.names).toEqual({
      beta: 'betaapp',
      gamma: 'alpha2',
      ガンマ: 'alpha2',
      deltaair: 'delta',
    });
  });

  it('leaves out logos published under another licence than CC0', () => {
    const index = buildBrandIndex([
      entry('Free', 'free', '000000'),
      entry('Zero', 'zero', '000000', { license: { type: 'CC0-1.0' } }),
      entry('Attrib', 'attrib', '000000', { license: { type: 'CC-BY-4.0' } }),
    ]);
    expect(Object.keys(index.icons)).toEqual(['free', 'zero']);
    expect(brandLookup(index).find('attrib')).toBeUndefined();
    expect(mayBundle(entry('Gpl', 'gpl', '000000', { license: { type: 'GPL-3.0-only' } }))).toBe(false);
  });

  it('marks where the brand colour is readable on the rows of each theme', () => {
    const index = buildBrandIndex([
      entry('Dark', 'dark', '181717'),
      entry('Light', 'light', 'FFDD00'),
      entry('Mid', 'mid', 'E4405F'),
      entry('Pale', 'pale', 'BBBBBB'),
    ]);
    expect(index.icons.dark).toEqual(['181717', TINT_LIGHT]);
    expect(index.icons.light).toEqual(['FFDD00', TINT_DARK]);
    expect(index.icons.mid).toEqual(['E4405F', TINT_LIGHT | TINT_DARK]);
    expect(index.icons.pale).toEqual(['BBBBBB', TINT_DARK]);
    const mid = brandLookup(index).find('mid');
    expect(mid).toEqual({ slug: 'mid', hex: 'E4405F', readableLight: true, readableDark: true });
  });

  it('uses the row colours the popup’s style sheet sets in each theme', () => {
    const css = readFileSync(join(__dirname, '../../../entrypoints/popup/style.css'), 'utf8');
    const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
    const light = css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)'));
    const value = (block: string, name: string) => new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(block)?.[1];
    expect([value(light, '--bg'), value(light, '--surface')]).toEqual([...ROW_BACKGROUNDS.light]);
    expect([value(dark, '--bg'), value(dark, '--surface')]).toEqual([...ROW_BACKGROUNDS.dark]);
  });
});

describe('the emitted files (scripts/brand-icons.ts)', () => {
  const files = brandIconAssets();
  const catalog = readSimpleIcons();

  it('are an index module and one minimal SVG per CC0 brand, every one a file simple-icons ships', () => {
    expect(files[0]?.relativeDest).toBe('brand-icons/index.js');
    const svgs = files.slice(1);
    expect(svgs.length).toBe(catalog.filter(mayBundle).length);
    for (const f of svgs) {
      expect(f.relativeDest).toMatch(/^brand-icons\/[a-z0-9_-]+\.svg$/);
      expect(f.contents).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 24 24"><path d="[^"<>]+"\/><\/svg>$/,
      );
    }
    const github = svgs.find((f) => f.relativeDest === 'brand-icons/github.svg');
    expect(github?.contents).toContain('M12 .297c-6.63');
  });

  it('give an index module that evaluates to the index', async () => {
    const index = buildBrandIndex(catalog);
    const text = files[0]?.contents ?? '';
    expect(text).toBe(indexModule(index));
    const mod = (await import(`data:text/javascript,${encodeURIComponent(text)}`)) as { default: unknown };
    expect(mod.default).toEqual(index);
    // Every name points at a bundled logo.
    for (const slug of Object.values(index.names)) expect(index.icons[slug], slug).toBeDefined();
  });

  it('keep only the path of an SVG', () => {
    expect(
      minimalSvg(
        '<svg role="img" viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><title>A</title><path d="M0 0h24v24H0z"/></svg>',
      ),
    ).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg>');
    expect(() => minimalSvg('<svg><title>none</title></svg>')).toThrow();
  });
});

describe('initials circles', () => {
  it('converts HSL as CSS does', () => {
    expect(hslToHex(0, 100, 50)).toBe('#ff0000');
    expect(hslToHex(120, 100, 25)).toBe('#008000');
    expect(hslToHex(210, 48, 42)).toBe('#386b9f');
    expect(hslToHex(0, 0, 100)).toBe('#ffffff');
  });

  it('caps the lightness of every hue so white initials keep 4.5:1, and no lower than needed', () => {
    for (let hue = 0; hue < 360; hue++) {
      const l = initialsMaxLightness(hue, 48);
      expect(contrastRatio('#ffffff', hslToHex(hue, 48, l)), `hue ${hue}`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio('#ffffff', hslToHex(hue, 48, l + 1)), `hue ${hue}`).toBeLessThan(4.5);
    }
    // Blues keep the theme's 42 %; yellow has to be darker.
    expect(initialsMaxLightness(220, 48)).toBeGreaterThanOrEqual(42);
    expect(initialsMaxLightness(60, 48)).toBeLessThan(42);
  });
});
