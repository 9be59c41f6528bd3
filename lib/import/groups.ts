import { isGroupName } from '../vault/account-data';

/**
 * An imported entry's groups as Twofold keeps them (docs/import-export.md "Groups"): the first becomes the account's
 * group; any others stay as context in the account's notes, as every group did before Twofold had groups. A first
 * name Twofold cannot hold as a group (longer than 100 characters, a control character in it) goes to the notes too.
 */
export function splitGroups(groups: readonly string[]): { group?: string; others: string[] } {
  const names = groups.map((g) => g.trim()).filter((g) => g !== '');
  const first = names[0];
  if (first === undefined || !isGroupName(first)) return { others: names };
  return { group: first, others: names.slice(1).filter((g) => g !== first) };
}
