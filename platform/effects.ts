import type { Effects } from '../lib/vault/slots';

/** The real clock and CSPRNG, injected into the pure core (which never reads them itself). */
export const realEffects: Effects = {
  random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  now: () => Date.now(),
  uuid: () => crypto.randomUUID(),
};
