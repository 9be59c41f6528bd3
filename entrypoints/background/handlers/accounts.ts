import { accountName } from '../../../lib/enrol/review';
import { textsOf } from '../../../lib/i18n/text';
import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { accountRequests } from '../../../lib/messaging/requests/accounts';
import { type Account, cleanGroup } from '../../../lib/vault/account-data';
import { draftToParams } from '../../../lib/vault/draft';
import { findDuplicate } from '../../../lib/vault/duplicate';
import { VaultError } from '../../../lib/vault/errors';
import type { VaultSession } from '../../../lib/vault/session';
import { trashView } from '../../../lib/vault/trash';
import { toView } from '../../../lib/vault/view';
import exportsEn from '../../../locales/en/exports.json';
import organiseEn from '../../../locales/en/organise.json';
import type { Enrolment } from '../enrol';

const exportsText = textsOf(exportsEn);
const organiseText = textsOf(organiseEn);

/** Account management: the unlocked vault (lib/vault/) does the work; a key swap goes through the enrolment. */
export function accountHandlers(
  session: VaultSession,
  enrolment: Pick<Enrolment, 'restoreKey'>,
): HandlersFor<typeof accountRequests> {
  return {
    'accounts-list': async () => {
      const vault = await session.require();
      const usage = vault.usage();
      return {
        accounts: vault.accounts().map((a) => {
          const used = Object.hasOwn(usage, a.id) ? usage[a.id] : undefined;
          return used === undefined ? toView(a) : { ...toView(a), lastUsedAt: used };
        }),
        listView: await session.listView(),
      };
    },
    'list-view-set': async (req) => {
      await session.setListView({
        ...(req.sort !== undefined ? { sort: req.sort } : {}),
        ...(req.collapsed !== undefined ? { collapsed: req.collapsed } : {}),
        ...(req.filter !== undefined ? { filter: req.filter } : {}),
      });
      return ok;
    },
    'account-used': async (req) => {
      await (await session.require()).recordUse(req.id);
      return ok;
    },
    'trash-list': async () => ({ deleted: trashView((await session.require()).trash()) }),
    'trash-restore': async (req) => {
      const vault = await session.require();
      const account = await vault.restoreFromTrash(
        req.id,
        (twin) =>
          new VaultError(
            'duplicate',
            organiseText('organise_trash_key_taken', accountName(twin.otp.issuer, twin.otp.account)),
          ),
      );
      return { account: toView(account) };
    },
    'trash-purge': async (req) => {
      await (await session.require()).purgeFromTrash(req.id);
      return ok;
    },
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
      const { issuer, account, group, ...rest } = req.patch;
      const otp = {
        ...current.otp,
        ...(issuer !== undefined ? { issuer: issuer.trim() } : {}),
        ...(account !== undefined ? { account: account.trim() } : {}),
      };
      // '' takes the account out of its group; the name is checked as the vault stores it (trimmed, bounded).
      const grouped = group === undefined ? {} : { group: cleanGroup(group) || undefined };
      return { account: toView(await vault.update(req.id, { ...rest, otp, ...grouped })) };
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
