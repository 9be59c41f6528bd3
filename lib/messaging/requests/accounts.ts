import type { Text } from '../../i18n/text';
import type { AccountView } from '../../vault/view';
import { type Ok, request } from '../define';
import { id, sites } from '../fields';
import { arrayOf, bool, int, obj, oneOf, optional, str } from '../schema';

const recoveryCode = obj({
  code: str(200, 1),
  usedAt: optional(int(0, 1e15)),
  supersededAt: optional(int(0, 1e15)),
});

/** Account management in the popup (lib/vault/). */
export const accountRequests = {
  'accounts-list': request<{ accounts: AccountView[] }>()({
    from: ['extension-page'],
    doc: 'the accounts, in the vault’s order, without secrets',
    payload: obj({}),
  }),
  'account-add': request<{ account: AccountView; warnings: Text[] }>()({
    from: ['extension-page'],
    doc: 'adds an account typed in or pasted as a link; refuses a second copy of one',
    payload: obj({
      draft: obj({
        uri: optional(str(16_384)),
        kind: optional(oneOf('totp', 'hotp', 'steam')),
        secret: optional(str(1024)),
        issuer: optional(str(200)),
        account: optional(str(200)),
        algorithm: optional(oneOf('SHA1', 'SHA256', 'SHA512')),
        digits: optional(int(0, 99)),
        period: optional(int(0, Number.MAX_SAFE_INTEGER)),
        counter: optional(str(30)),
      }),
      sites: optional(sites),
      notes: optional(str(10_000)),
    }),
  }),
  'account-update': request<{ account: AccountView }>()({
    from: ['extension-page'],
    doc: 'changes an account’s names, sites, notes, recovery codes or pin',
    payload: obj({
      id,
      patch: obj({
        issuer: optional(str(200)),
        account: optional(str(200)),
        sites: optional(sites),
        notes: optional(str(10_000)),
        recoveryCodes: optional(arrayOf(recoveryCode, 200)),
        pinned: optional(bool),
      }),
    }),
  }),
  'accounts-reorder': request<Ok>()({
    from: ['extension-page'],
    doc: 'stores the order the user dragged the accounts into',
    payload: obj({ ids: arrayOf(id, 100_000) }),
  }),
  'account-delete': request<Ok>()({ from: ['extension-page'], doc: 'deletes an account', payload: obj({ id }) }),
  'account-restore-key': request<{ account: AccountView }>()({
    from: ['extension-page'],
    doc: 'the edit view’s “Previous keys”: swaps the key replaced at `replacedAt` back in (`lib/vault/key-history.ts`)',
    payload: obj({ id, replacedAt: int(0, Number.MAX_SAFE_INTEGER) }),
  }),
  'hotp-next': request<{ code: string; counter: string }>()({
    from: ['extension-page'],
    doc: 'advances and stores an HOTP account’s counter, then returns the code',
    payload: obj({ id }),
  }),
} as const;
