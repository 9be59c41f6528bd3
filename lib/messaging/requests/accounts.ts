import type { Text } from '../../i18n/text';
import { MAX_GROUP_LENGTH } from '../../vault/group-name';
import type { ListView } from '../../vault/settings';
import type { AccountView, DeletedAccountView } from '../../vault/view';
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
  'accounts-list': request<{ accounts: AccountView[]; listView: ListView }>()({
    from: ['extension-page'],
    doc: 'the accounts, in the vault’s order, without secrets, and how the popup shows them (sort, collapsed groups)',
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
        /** '' takes the account out of its group. */
        group: optional(str(MAX_GROUP_LENGTH)),
      }),
    }),
  }),
  'list-view-set': request<Ok>()({
    from: ['extension-page'],
    doc: 'stores how the popup’s list is shown: its sort, the groups collapsed, and the one group shown (an empty filter: all)',
    payload: obj({
      sort: optional(oneOf('custom', 'name', 'recent')),
      collapsed: optional(arrayOf(str(MAX_GROUP_LENGTH), 500)),
      filter: optional(obj({ group: optional(str(MAX_GROUP_LENGTH)) })),
    }),
  }),
  'account-used': request<Ok>()({
    from: ['extension-page'],
    doc: 'a code of this account was copied or filled from the popup: “Recently used” sorts by it (this browser only)',
    payload: obj({ id }),
  }),
  'trash-list': request<{ deleted: DeletedAccountView[] }>()({
    from: ['extension-page'],
    doc: '“Recently deleted”: accounts deleted in the last 30 days, newest first, without secrets',
    payload: obj({}),
  }),
  'trash-restore': request<{ account: AccountView }>()({
    from: ['extension-page'],
    doc: 'puts a recently deleted account back, as it was',
    payload: obj({ id }),
  }),
  'trash-purge': request<Ok>()({
    from: ['extension-page'],
    doc: 'erases a recently deleted account for good (the page has asked the person again)',
    payload: obj({ id }),
  }),
  'accounts-reorder': request<Ok>()({
    from: ['extension-page'],
    doc: 'stores the order the user dragged the accounts into',
    payload: obj({ ids: arrayOf(id, 100_000) }),
  }),
  'account-delete': request<Ok>()({
    from: ['extension-page'],
    doc: 'deletes an account: it goes to “Recently deleted” for 30 days',
    payload: obj({ id }),
  }),
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
