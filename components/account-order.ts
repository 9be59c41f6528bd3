import { t } from '../lib/i18n/translate';
import { compareAccounts } from '../lib/vault/account-order';
import type { AccountView } from '../lib/vault/view';

/**
 * How an account is called in labels and sentences: its issuer, else its account name, else "Unnamed account"
 * (the core's wording, `core_unnamed_account`, the one the background uses too: lib/enrol/review.ts).
 */
export function displayName(a: { readonly issuer: string; readonly account: string }): string {
  return a.issuer || a.account || t('core_unnamed_account');
}

/** The accounts in the vault's own order (lib/vault/account-order.ts). Returns a new array. */
export function sortAccounts(accounts: readonly AccountView[]): AccountView[] {
  return [...accounts].sort(compareAccounts);
}

/** Lower-cased text a search matches against, one entry per account (build once per list). */
export function searchIndex(accounts: readonly AccountView[]): string[] {
  return accounts.map((a) => `${a.issuer}\n${a.account}\n${a.sites.join('\n')}`.toLowerCase());
}

/** The accounts whose issuer, account name or sites contain `query` (case-insensitive). */
export function filterAccounts(
  accounts: readonly AccountView[],
  index: readonly string[],
  query: string,
): readonly AccountView[] {
  const q = query.trim().toLowerCase();
  if (q === '') return accounts;
  return accounts.filter((_, i) => (index[i] as string).includes(q));
}

/**
 * The id list after moving `id` one place up (-1) or down (+1) among the accounts listed with it (same pin state and
 * group: the nearest such account trades places with it), or undefined when there is none that way.
 */
export function moveWithinGroup(sorted: readonly AccountView[], id: string, step: -1 | 1): string[] | undefined {
  const i = sorted.findIndex((a) => a.id === id);
  const from = sorted[i];
  if (i < 0 || !from) return undefined;
  const group = from.group?.trim() ?? '';
  let j = i + step;
  while (sorted[j] && (sorted[j] as AccountView).pinned === from.pinned && (sorted[j]?.group?.trim() ?? '') !== group)
    j += step;
  const to = sorted[j];
  if (!to || from.pinned !== to.pinned) return undefined;
  const ids = sorted.map((a) => a.id);
  ids[i] = to.id;
  ids[j] = from.id;
  return ids;
}

/** Splits "a.com, b.com" into trimmed, non-empty entries. */
export function parseSites(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** One or two letters for an avatar: the first letters of the issuer's first two words. */
export function initials(issuer: string, account: string): string {
  const words = (issuer.trim() || account.trim()).split(/[\s._@-]+/).filter((w) => w !== '');
  const letters = words
    .slice(0, 2)
    .map((w) => Array.from(w)[0] ?? '')
    .join('');
  return letters.toUpperCase() || '?';
}

/** A stable hue (0–359) for a name, so an issuer keeps its colour. */
export function hueOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 360;
}

/**
 * A code in groups a person can read out and type: lengths that divide by three in threes ("123 456",
 * "123 456 789"), others in two halves ("1234 567", "12345 67890"). Codes that are not all digits (Steam) stay whole.
 */
export function groupCode(code: string): string {
  if (!/^\d+$/.test(code) || code.length < 5) return code;
  if (code.length % 3 === 0) return code.match(/\d{3}/g)?.join(' ') ?? code;
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}
