/**
 * Colour contrast as WCAG 2.2 defines it ("relative luminance" and "contrast ratio" in its Glossary), used to
 * decide whether a brand's colour can draw its logo on the popup's rows (docs/brand-icons.md "Colours").
 */

/** A "RRGGBB" or "#RRGGBB" colour's relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not an RRGGBB colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const s = Number.parseInt(c as string, 16) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21, the same whichever comes first. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * WCAG 2.2 success criterion 1.4.11 "Non-text Contrast": graphical objects needed to understand the content have
 * at least 3:1 against adjacent colours. A logo is decorative here (the row's name says which service it is), but a
 * logo that fades into the row is no help either, so the same bar decides whether it keeps its brand colour.
 */
const MIN_LOGO_CONTRAST = 3;

/** Whether `hex` has at least {@link MIN_LOGO_CONTRAST} against every one of `backgrounds`. */
export function readableOn(hex: string, backgrounds: readonly string[]): boolean {
  return backgrounds.every((bg) => contrastRatio(hex, bg) >= MIN_LOGO_CONTRAST);
}

/** An HSL colour (hue in degrees, saturation and lightness in percent) as "#rrggbb", by CSS Color 4's hslToRgb. */
export function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** WCAG 2.2 success criterion 1.4.3 "Contrast (Minimum)": 4.5:1 for text that is not large (initials are 14 px). */
const MIN_TEXT_CONTRAST = 4.5;

/**
 * The highest whole-percent lightness at which white initials stay readable on a circle of `hue` at `saturation`
 * percent: yellows and greens are light at the lightness that suits blues, so their circles must be darker.
 */
export function initialsMaxLightness(hue: number, saturation: number): number {
  let l = 100;
  while (l > 0 && contrastRatio('#ffffff', hslToHex(hue, saturation, l)) < MIN_TEXT_CONTRAST) l--;
  return l;
}
