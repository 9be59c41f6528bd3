import type { Account } from './account-data';

/** What the display order of accounts depends on. */
export type Ordered = Pick<Account, 'pinned' | 'order' | 'createdAt'>;

/**
 * The one order accounts are listed in, everywhere (the vault's list, the popup, the options page): pinned
 * accounts first, then the user's order, and the older account first where two share an order number, so the
 * order is total and every view lists the same accounts the same way.
 */
export function compareAccounts(a: Ordered, b: Ordered): number {
  return Number(b.pinned) - Number(a.pinned) || a.order - b.order || a.createdAt - b.createdAt;
}
