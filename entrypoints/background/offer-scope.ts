import { siteMatches } from '../../lib/match/site-match';
import type { Account } from '../../lib/vault/account-data';

/**
 * How an account belongs to the page at `url`: 'exact' (offered, and may be filled by itself), 'related'
 * (offered on a click, marked as such, never filled by itself) or 'none'. The ONE place this is decided for the
 * in-page offer, the shortcut, the context menu, automatic fills and the fill grant check (issue 14, finding 6).
 * For now every site match is exact; the scope policy (lib/match) will split it.
 */
export function scopeOf(account: Pick<Account, 'sites'>, url: string): 'exact' | 'related' | 'none' {
  return siteMatches(account.sites, url) ? 'exact' : 'none';
}
