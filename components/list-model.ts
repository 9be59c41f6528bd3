import type { ListSort } from '../lib/vault/settings';
import type { AccountView } from '../lib/vault/view';
import { displayName } from './account-order';

/**
 * What the popup's list shows, worked out from the vault's list (already in the vault's order: pinned first, then
 * the person's order, lib/vault/account-order.ts) and how the person chose to see it. Pure, so it is unit-tested.
 */

/** Names compare as people read them: "GitHub" next to "github", "Issuer 2" before "Issuer 10". */
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The list in the chosen sort. Pinned accounts stay first in every sort; each sort is total (ties keep vault order). */
export function sortForView(vaultOrder: readonly AccountView[], sort: ListSort): readonly AccountView[] {
  if (sort === 'custom') return vaultOrder;
  const rank = new Map(vaultOrder.map((a, i) => [a.id, i]));
  const name = new Map(vaultOrder.map((a) => [a.id, displayName(a)]));
  const byName = (a: AccountView, b: AccountView) =>
    collator.compare(name.get(a.id) as string, name.get(b.id) as string) ||
    collator.compare(a.account, b.account) ||
    (rank.get(a.id) as number) - (rank.get(b.id) as number);
  const pinnedFirst = (a: AccountView, b: AccountView) => Number(b.pinned) - Number(a.pinned);
  if (sort === 'name') return [...vaultOrder].sort((a, b) => pinnedFirst(a, b) || byName(a, b));
  // "Recently used": the last copied or filled first; accounts never used after every used one, by name.
  return [...vaultOrder].sort(
    (a, b) => pinnedFirst(a, b) || (b.lastUsedAt ?? -1) - (a.lastUsedAt ?? -1) || byName(a, b),
  );
}

/** The group an account is filed under, '' for none (the key "No group" is stored under, lib/vault/settings.ts). */
export const groupOf = (a: Pick<AccountView, 'group'>): string => a.group?.trim() ?? '';

/** The distinct group names in use, in the order people read them. */
export function groupNames(accounts: readonly Pick<AccountView, 'group'>[]): string[] {
  const seen = new Set<string>();
  for (const a of accounts) seen.add(groupOf(a));
  seen.delete('');
  return [...seen].sort(collator.compare);
}

/** A heading and its rows; `group` is undefined when no account has a group (one plain list, no headings). */
export interface ListSection {
  group: string | undefined;
  /** Accounts of this section that match the search (all of them when there is no search). */
  accounts: readonly AccountView[];
  /** Folded: the heading shows, the rows do not. Never while searching (a match in a folded group shows). */
  collapsed: boolean;
}

export interface ListChoices {
  sort: ListSort;
  /** The search box's text. */
  query: string;
  /** Show one group only ('' for "No group"), or undefined for all. */
  filter: string | undefined;
  /** Names of folded groups ('' for "No group"). */
  collapsed: ReadonlySet<string>;
}

/**
 * The sections to draw. With no group in use: one section holding the sorted, searched list. Otherwise one section
 * per group in name order, "No group" last, each in the chosen sort; groups with nothing to show are left out. The
 * search looks through every account, folded or filtered out or not: a filter narrows the list, a search finds.
 * `matches` tells whether an account matches the search (components/account-order.ts filterAccounts).
 */
export function arrangeList(
  vaultOrder: readonly AccountView[],
  choices: ListChoices,
  matches: (a: AccountView) => boolean,
): ListSection[] {
  const searching = choices.query.trim() !== '';
  const sorted = sortForView(vaultOrder, choices.sort);
  const shown = searching ? sorted.filter(matches) : sorted;
  const names = groupNames(vaultOrder);
  if (names.length === 0) return [{ group: undefined, accounts: shown, collapsed: false }];
  const byGroup = new Map<string, AccountView[]>([...names, ''].map((g) => [g, []]));
  for (const a of shown) byGroup.get(groupOf(a))?.push(a);
  const sections: ListSection[] = [];
  for (const [group, accounts] of byGroup) {
    if (accounts.length === 0) continue;
    if (!searching && choices.filter !== undefined && choices.filter !== group) continue;
    sections.push({ group, accounts, collapsed: !searching && choices.collapsed.has(group) });
  }
  return sections;
}

/** Whether the rows can be dragged: only in the person's own order, and over the whole list (no search). */
export const canDrag = (choices: Pick<ListChoices, 'sort' | 'query'>): boolean =>
  choices.sort === 'custom' && choices.query.trim() === '';

/**
 * The vault order after dropping `id` just before (`after` false) or after `targetId`. A row moves among accounts
 * of its own pin state and group (what one section shows together); any other drop answers undefined, as does a
 * drop that changes nothing.
 */
export function dropOrder(
  vaultOrder: readonly AccountView[],
  id: string,
  targetId: string,
  after: boolean,
): string[] | undefined {
  const from = vaultOrder.find((a) => a.id === id);
  const to = vaultOrder.find((a) => a.id === targetId);
  if (!from || !to || id === targetId || from.pinned !== to.pinned || groupOf(from) !== groupOf(to)) return undefined;
  const rest = vaultOrder.filter((a) => a.id !== id).map((a) => a.id);
  const at = rest.indexOf(targetId) + (after ? 1 : 0);
  const ids = [...rest.slice(0, at), id, ...rest.slice(at)];
  return ids.every((x, i) => x === vaultOrder[i]?.id) ? undefined : ids;
}

/** Whether each account can move up and down by one among the accounts shown with it (same pin state and group). */
export function movability(vaultOrder: readonly AccountView[]): Map<string, { up: boolean; down: boolean }> {
  const m = new Map<string, { up: boolean; down: boolean }>();
  const last = new Map<string, string>();
  for (const a of vaultOrder) {
    const key = `${a.pinned}\n${groupOf(a)}`;
    const before = last.get(key);
    m.set(a.id, { up: before !== undefined, down: false });
    if (before !== undefined) (m.get(before) as { up: boolean; down: boolean }).down = true;
    last.set(key, a.id);
  }
  return m;
}

/**
 * The folded group names worth storing: those of groups still in use, and '' ("No group"). A renamed or emptied
 * group's name would otherwise stay for good, and the stored list is capped (lib/vault/settings.ts).
 */
export function collapsedToStore(
  collapsed: Iterable<string>,
  accounts: readonly Pick<AccountView, 'group'>[],
): string[] {
  const inUse = new Set(accounts.map(groupOf));
  return [...new Set(collapsed)].filter((g) => g === '' || inUse.has(g));
}
