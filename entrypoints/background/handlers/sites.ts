import type { HandlersFor } from '../../../lib/messaging/define';
import type { siteRequests } from '../../../lib/messaging/requests/sites';
import type { CrossSite } from '../cross-site';

/** Cross-site choices outside the page: the picker window's two messages, with the browser's sender record. */
export function siteHandlers(crossSite: CrossSite): HandlersFor<typeof siteRequests> {
  return {
    'cross-site-request': (req, sender) => crossSite.request(req, sender),
    'cross-site-pick': (req, sender) => crossSite.pick(req, sender),
  };
}
