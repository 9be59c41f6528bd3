import type { CrossSiteAccount } from '../../cross-site/candidates';
import { type Ok, request } from '../define';
import { id } from '../fields';
import { bool, obj } from '../schema';

/*
 * Cross-site choices outside the page (docs/architecture.md "Cross-site choices"): the picker window asks what its
 * request (the id in its URL) is about, then answers with the account the person picked. Extension pages only: no
 * content script can list other sites' accounts or pick one.
 */
export const siteRequests = {
  'cross-site-request': request<{
    /** The site that asks: its registrable domain and full origin. */
    origin: string;
    site: string;
    /** The accounts it may be given: names only. */
    accounts: CrossSiteAccount[];
  }>()({
    from: ['extension-page'],
    doc: 'the picker page only: what a pending cross-site request is about (the site, the names it may be given)',
    payload: obj({ id }),
  }),
  'cross-site-pick': request<Ok>()({
    from: ['extension-page'],
    doc: 'the picker page only: the person’s pick, which becomes a one-time grant for the frame the request came from',
    payload: obj({ id, accountId: id, remember: bool }),
  }),
} as const;
