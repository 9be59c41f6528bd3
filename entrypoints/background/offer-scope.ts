import { type Scope, scopeOf as accountScope } from '../../lib/match/scope';
import type { Account } from '../../lib/vault/account-data';

/**
 * How an account belongs to the page at `url`: 'exact' (offered, and may be filled by itself), 'related'
 * (offered on a click, marked as such, never filled by itself) or 'none'. The ONE place the in-page offer, the
 * shortcut, the context menu, automatic fills and the fill grant check ask (issue 14, finding 6); the rules are
 * lib/match/scope.ts (docs/site-matching.md).
 */
export function scopeOf(account: Pick<Account, 'sites'>, url: string): Scope {
  return accountScope(account, url);
}
