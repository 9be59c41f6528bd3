import { t } from '../../components/i18n';
import { accountName } from '../../lib/enrol/review';
import { textsOf } from '../../lib/i18n/text';
import type { Request, RequestType, ResponseMap, SenderInfo } from '../../lib/messaging/protocol';
import type { Account } from '../../lib/vault/account-data';
import { draftToParams } from '../../lib/vault/draft';
import { findDuplicate } from '../../lib/vault/duplicate';
import { ClipboardError, text as lifecycleText } from '../../lib/clipboard/errors';
import { OfferError } from '../../lib/offer/errors';
import { VaultError } from '../../lib/vault/errors';
import type { VaultSession } from '../../lib/vault/session';
import { toView } from '../../lib/vault/view';
import exportsEn from '../../locales/en/exports.json';
import { setTabBadge } from '../../platform/action-badge';
import { openExtensionWindow } from '../../platform/windows';
import type { Backups } from './backup';
import type { CrossSite } from './cross-site';
import type { Enrolment } from './enrol';
import type { Exports } from './exports';
import type { HardwareKeys } from './keys';
import type { OfferHandlers } from './offer-service';
import type { TabStatus } from './tab-status';
import type { UnlockReturn } from './unlock-return';

/**
 * What the popup does beyond the vault (issue 15): the unlock window a page's field asked for, the "Fill" action on
 * the tab's code field, and the clipboard clear that outlives the popup. Optional so handler tests about something
 * else need not build them; without them these requests do the least (a plain window, nothing fillable, refused).
 */
export interface PopupSide {
  unlockReturn: Pick<UnlockReturn, 'open' | 'unlocked'>;
  fillable(tabId: number): Promise<string[]>;
  popupFill(tabId: number, accountId: string): Promise<void>;
  clearClipboardLater(): Promise<{ seconds: number }>;
}

const exportsText = textsOf(exportsEn);

export type Handlers = { [K in RequestType]: (req: Request<K>, sender: SenderInfo) => Promise<ResponseMap[K]> };

const ok = { ok: true } as const;

/** One handler per protocol message; each composes lib/ and platform/ and nothing else. */
export function createHandlers(
  status: TabStatus,
  session: VaultSession,
  enrolment: Enrolment,
  backups: Backups,
  exports: Exports,
  keys: HardwareKeys,
  crossSite: CrossSite,
  offers: OfferHandlers,
  popupSide?: PopupSide,
): Handlers {
  return {
    'otp-fields-seen': async (req, sender) => {
      // The tab comes from the browser's sender record, never from the message.
      const tabId = sender.tabId as number;
      const total = status.record(tabId, sender.frameId ?? 0, req.count);
      if (total > 0) await setTabBadge(tabId, '•', t('manifest_badge_code_field'));
      return ok;
    },
    'tab-status': async (req) => ({
      otpFields: status.otpFields(req.tabId),
      fillable: (await popupSide?.fillable(req.tabId)) ?? [],
    }),

    'vault-state': async () => {
      const state = await session.state();
      const vault = state === 'unlocked' ? await session.current() : undefined;
      return {
        state,
        unreadable: (vault?.unreadable ?? []).map((e) => ({ id: e.recordId ?? '', message: e.text ?? e.message })),
      };
    },
    'vault-create': async (req) => {
      await session.create(req.password);
      return ok;
    },
    'vault-unlock': async (req, sender) => {
      await session.unlock(req.password);
      // Unlocked from the window a page's field opened: it closes, and that field is served (never fails the unlock).
      await popupSide?.unlockReturn.unlocked(sender).catch(() => undefined);
      return ok;
    },
    'vault-lock': async () => {
      await session.lock();
      return ok;
    },
    'vault-change-password': async (req) => {
      await (await session.require()).changePassword(req.current, req.next);
      return ok;
    },
    activity: async () => {
      await session.touch();
      return ok;
    },

    'accounts-list': async () => ({ accounts: (await session.require()).accounts().map(toView) }),
    'account-add': async (req) => {
      const vault = await session.require();
      const { params, warnings } = draftToParams(req.draft);
      // Checked inside the vault's queue, so two quick clicks on "Add" cannot both store it (issue 14).
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

    ...offers,
    'open-unlock': async (req, sender) => {
      if (popupSide) await popupSide.unlockReturn.open(req.offer, sender);
      else await openExtensionWindow('popup.html');
      return ok;
    },
    'popup-fill': async (req) => {
      if (!popupSide) throw new OfferError('refused', lifecycleText('lifecycle_fill_no_field'));
      await popupSide.popupFill(req.tabId, req.id);
      return ok;
    },
    'clipboard-clear-later': async () => {
      if (!popupSide) throw new ClipboardError('cannot-clear', lifecycleText('lifecycle_cannot_clear'));
      return popupSide.clearClipboardLater();
    },

    'scan-tab': (req) => enrolment.scanTab(req.tabId),
    'scan-image': (req) => enrolment.scanImage(req.image),
    'scan-text': (req) => enrolment.scanText(req.text),
    'import-review': (req) => enrolment.importReview(req),
    'backup-create': (req) => backups.create(req),
    'backup-status': () => backups.status(),
    'backup-saved': (req) => backups.saved(req),
    'restore-preview': (req) => backups.preview(req),
    'restore-apply': (req) => backups.apply(req),
    'export-file': (req) => exports.file(req),
    'export-migration': (req) => exports.migration(req),
    'export-sheet': (req) => exports.sheet(req),
    'keys-list': () => keys.list(),
    'keys-changed': async () => {
      await keys.paired();
      return ok;
    },
    'key-code': (req) => keys.code(req),
    'key-unlock': (req) => keys.unlock(req),
    'key-set-clock': (req) => keys.setClock(req),
    'key-bind': (req) => keys.bind(req),
    'key-write': (req) => keys.write(req),
    'key-erase': (req) => keys.erase(req),
    'scan-pending': () => enrolment.pending(),
    'scan-dismiss': async () => {
      await enrolment.dismissPending();
      return ok;
    },
    'scan-region-start': async (req) => {
      await enrolment.startRegion(req.tabId);
      return ok;
    },
    'region-selected': async (req, sender) => {
      await enrolment.regionSelected(req, sender);
      return ok;
    },
    'image-picked': async (req, sender) => {
      await enrolment.imagePicked(req, sender);
      return ok;
    },
    enrol: (req) => enrolment.enrol(req),

    // Cross-site choices outside the page (issue 14): the picker window's two messages.
    'cross-site-request': (req, sender) => crossSite.request(req, sender),
    'cross-site-pick': (req, sender) => crossSite.pick(req, sender),

    // The form's part of the settings record only: the backup time and key bindings are the background's.
    'settings-get': async () => ({ settings: await session.preferences() }),
    'settings-set': async (req) => {
      await session.savePreferences(req.settings);
      return ok;
    },
  };
}
