import type { Account } from '../vault/account-data';
import { uuidV4 } from './aegis';

/**
 * The groups of `accounts` with a fresh id each (a version 4 UUID, as Aegis, 2FAS and Bitwarden give their groups and
 * folders), in the order they first appear, so the other app lists them in the person's order.
 */
export function groupIds(accounts: readonly Account[], random: (n: number) => Uint8Array): Map<string, string> {
  const ids = new Map<string, string>();
  for (const a of accounts) if (a.group && !ids.has(a.group)) ids.set(a.group, uuidV4(random));
  return ids;
}
