import type { CrossSite } from '../../../entrypoints/background/cross-site';
import { OfferService } from '../../../entrypoints/background/offer-service';
import type { SessionPort, VaultSession } from '../../../lib/vault/session';

/**
 * The offer handlers over the real OfferService, with no hardware keys, no frames to reach and no cross-site
 * window: for handler tests that are about something else (createHandlers needs every domain's handlers).
 */
export function quietOffers(
  session: VaultSession,
  store: SessionPort,
  crossSite: Pick<CrossSite, 'open'> = { open: async () => {} },
) {
  return new OfferService({
    session,
    keys: { offersFor: async () => [], codeForFill: async () => '' },
    store,
    sendToFrame: async () => true,
    notifyFrames: async () => {},
    crossSite,
    now: () => Date.now(),
    random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
}

/** A cross-site module stand-in that opens nothing and answers nothing. */
export const noCrossSite: CrossSite = {
  open: async () => {},
  request: async () => {
    throw new Error('no cross-site request in this test');
  },
  pick: async () => {
    throw new Error('no cross-site pick in this test');
  },
  expire: async () => {},
};
