/*
 * Which accounts the in-page menu may list. A related site's account (same registrable domain,
 * another host) is the one a hostile sibling host wants, and the click guard can vouch for a pick only where the
 * browser says the entry is really visible (IntersectionObserver v2). Where it cannot (Firefox), a page could make
 * the frame transparent and lay decoys under it, so related accounts are left out of the menu: they stay reachable
 * through "Use another account…", whose window lies outside the page.
 */
export function inlineItems<T extends { related: boolean }>(
  items: readonly T[],
  canSeeVisibility: boolean,
): { items: T[]; held: number } {
  if (canSeeVisibility) return { items: [...items], held: 0 };
  const listed = items.filter((i) => !i.related);
  return { items: listed, held: items.length - listed.length };
}
