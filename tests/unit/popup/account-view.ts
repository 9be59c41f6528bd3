import type { AccountView } from '../../../lib/vault/view';

/**
 * The fields of an account as the popup sees it (lib/vault/view.ts) that most popup tests leave at their
 * defaults: spread it into a view and name only what the test is about.
 */
export const VIEW_DEFAULTS: Pick<
  AccountView,
  'sites' | 'notes' | 'recoveryCodes' | 'pinned' | 'order' | 'createdAt' | 'updatedAt'
> = {
  sites: [],
  notes: '',
  recoveryCodes: [],
  pinned: false,
  order: 0,
  createdAt: 0,
  updatedAt: 0,
};
