import type { Detection } from '../../lib/detect/types';

/** The fields to fill and their kind. */
export type Target = Pick<Detection, 'fields' | 'kind'>;

/** What the content script knows of one of its offers when a grant arrives. */
export interface GrantOffer {
  token: string;
  parked: boolean;
  detection: Detection;
}

/**
 * The fields a `fill-grant` fills: the field of the offer the grant names, else the fields the last shortcut,
 * context-menu or automatic request was for, else the focused code field, else the first shown offer's field.
 * A grant naming an offer whose field is hidden for now (parked) fills nothing: the person cannot see it, and a
 * page hides a field to catch a code it should not get (docs/architecture.md "Autofill in a page").
 */
export function grantTarget(
  named: string | undefined,
  offers: Iterable<GrantOffer>,
  pending: Target | undefined,
  focused: Target | undefined,
): Target | undefined {
  const all = [...offers];
  const offer = named ? all.find((o) => o.token === named) : undefined;
  if (offer?.parked) return undefined;
  return offer?.detection ?? pending ?? focused ?? all.find((o) => !o.parked)?.detection;
}
