import type { AccountView } from '../lib/vault/view';
import { hueOf, initials } from './account-order';

/**
 * The picture at the start of an account's row: the service's logo when a bundled brand matches the account
 * (docs/brand-icons.md), else its initials on a colour of its own.
 */
export function BrandIcon({ account }: { account: Pick<AccountView, 'issuer' | 'account' | 'sites'> }) {
  return (
    <span class="avatar" aria-hidden="true" style={{ '--hue': String(hueOf(account.issuer || account.account)) }}>
      {initials(account.issuer, account.account)}
    </span>
  );
}
