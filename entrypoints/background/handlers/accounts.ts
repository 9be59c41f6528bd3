import { accountName } from '../../../lib/enrol/review';
import { textsOf } from '../../../lib/i18n/text';
import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { accountRequests } from '../../../lib/messaging/requests/accounts';
import type { Account } from '../../../lib/vault/account-data';
import { draftToParams } from '../../../lib/vault/draft';
import { findDuplicate } from '../../../lib/vault/duplicate';
import { VaultError } from '../../../lib/vault/errors';
import type { VaultSession } from '../../../lib/vault/session';
import { toView } from '../../../lib/vault/view';
import exportsEn from '../../../locales/en/exports.json';
import type { Enrolment } from '../enrol';

const exportsText = textsOf(exportsEn);

/** Account management: the unlocked vault (lib/vault/) does the work; a key swap goes through the enrolment. */
export function accountHandlers(
  session: VaultSession,
  enrolment: Pick<Enrolment, 'restoreKey'>,
): HandlersFor<typeof accountRequests> {
  return {
    'accounts-list': async () => ({
      accounts: (await session.require()).accounts().map(toView),
      listView: { sort: 'custom', collapsed: [] },
    }),
    'list-view-set': () => Promise.reject(new Error('not built yet')),
    'account-used': () => Promise.reject(new Error('not built yet')),
    'trash-list': () => Promise.reject(new Error('not built yet')),
    'trash-restore': () => Promise.reject(new Error('not built yet')),
    'trash-purge': () => Promise.reject(new Error('not built yet')),
    'account-add': async (req) => {
      const vault = await session.require();
      const { params, warnings } = draftToParams(req.draft);
      // Checked inside the vault's queue, so two quick clicks on "Add" cannot both store it.
      const { added } = await vault.applyMany((current) => {
        const twin = findDuplicate(params, current);
        if (twin)
          throw new VaultError(
            'duplicate',
            exportsText('exports_duplicate_account', accountName(twin.otp.issuer, twin.otp.account)),
          );
        return {
          adds: [{ otp: params, sites: req.sites ?? [], notes: req.notes ?? '', recoveryCodes: [], pinned: false }],
          updates: [],
        };
      });
      return { account: toView(added[0] as Account), warnings: warnings.map((w) => w.message) };
    },
    'account-update': async (req) => {
      const vault = await session.require();
      const current = vault.get(req.id);
      const { issuer, account, ...rest } = req.patch;
      const otp = {
        ...current.otp,
        ...(issuer !== undefined ? { issuer: issuer.trim() } : {}),
        ...(account !== undefined ? { account: account.trim() } : {}),
      };
      return { account: toView(await vault.update(req.id, { ...rest, otp })) };
    },
    'accounts-reorder': async (req) => {
      await (await session.require()).reorder(req.ids);
      return ok;
    },
    'account-delete': async (req) => {
      await (await session.require()).remove(req.id);
      return ok;
    },
    'account-restore-key': (req) => enrolment.restoreKey(req),
    'hotp-next': async (req) => {
      const vault = await session.require();
      const code = await vault.nextHotpCode(req.id);
      const otp = vault.get(req.id).otp;
      return { code, counter: otp.kind === 'hotp' ? otp.counter.toString() : '' };
    },
  };
}
