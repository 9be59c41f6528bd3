/*
 * Whether a person can really see a field, before Twofold draws anything at it (a page
 * planted an invisible code field to summon the menu under a decoy: docs/architecture.md attack 2). Rendered, not
 * transparent, not `visibility: hidden`, at least a few pixels, and not placed where no scrolling reaches. One
 * exception keeps segmented widgets working: a transparent input laid over visible boxes (the boxes show what it
 * holds).
 */

const MIN_SIDE = 4;

type Checkable = Element & {
  checkVisibility?: (o?: { opacityProperty?: boolean; visibilityProperty?: boolean }) => boolean;
};

const rendered = (el: Element) => (el as Checkable).checkVisibility?.() ?? true;
const opaque = (el: Element) =>
  (el as Checkable).checkVisibility?.({ opacityProperty: true, visibilityProperty: true }) ?? true;

function placed(r: DOMRect, view: Window | null): boolean {
  if (r.width < MIN_SIDE || r.height < MIN_SIDE) return false;
  // Left of or above the page's origin: no scrolling ever brings it into view.
  return r.right + (view?.scrollX ?? 0) > 0 && r.bottom + (view?.scrollY ?? 0) > 0;
}

const overlaps = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** At least two visible boxes of the input's widget (its parent's or grandparent's subtree) lie under it. */
function overVisibleBoxes(input: Element, r: DOMRect): boolean {
  const scope = input.parentElement?.parentElement ?? input.parentElement;
  if (!scope) return false;
  let boxes = 0;
  for (const el of [...scope.querySelectorAll('*')].slice(0, 80)) {
    if (el === input || el.contains(input) || !opaque(el)) continue;
    const b = el.getBoundingClientRect();
    if (b.width >= MIN_SIDE && b.height >= MIN_SIDE && overlaps(b, r) && ++boxes >= 2) return true;
  }
  return false;
}

export function isShown(el: Element): boolean {
  if (!rendered(el)) return false;
  const r = el.getBoundingClientRect();
  if (!placed(r, el.ownerDocument.defaultView)) return false;
  return opaque(el) || overVisibleBoxes(el, r);
}
