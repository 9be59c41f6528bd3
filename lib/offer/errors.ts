import en from '../../locales/en/offer.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

export const text = textsOf(en);

export type OfferErrorCode =
  /** A token (offer or grant) the background never issued, or one already forgotten. */
  | 'unknown-token'
  /** A grant presented after its few seconds. */
  | 'grant-expired'
  /** A token presented by another tab, frame or origin than the one it was issued for. */
  | 'wrong-sender'
  /** An offer frame token presented a second time (the first presenter keeps it). */
  | 'already-bound'
  /** No vault: no offer at all, so a page cannot tell Twofold is installed by planting a field. */
  | 'no-vault'
  /** A fill the background will not give: HOTP across sites, no recovery code left, locked. */
  | 'refused';

/** Why the background refused an offer token or a fill grant (docs/architecture.md "Autofill in a page"). */
export class OfferError extends TwofoldError<OfferErrorCode> {}
