import { ClipboardError, text as lifecycleText } from '../../../lib/clipboard/errors';
import { t } from '../../../lib/i18n/translate';
import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { fillRequests } from '../../../lib/messaging/requests/fill';
import { OfferError } from '../../../lib/offer/errors';
import { setTabBadge } from '../../../platform/action-badge';
import { openExtensionWindow } from '../../../platform/windows';
import type { TabStatus } from '../tab-status';
import type { UnlockReturn } from '../unlock-return';

/**
 * What the popup does beyond the vault: the unlock window a page's field asked for, the "Fill" action on the tab's
 * code field, and the clipboard clear that outlives the popup. Optional so handler tests about something else need
 * not build them; without them these requests do the least (a plain window, nothing fillable, refused).
 */
export interface PopupSide {
  unlockReturn: Pick<UnlockReturn, 'open' | 'unlocked'>;
  fillable(tabId: number): Promise<string[]>;
  popupFill(tabId: number, accountId: string): Promise<void>;
  clearClipboardLater(): Promise<{ seconds: number }>;
}

/**
 * Filling codes around the in-page offer: the tab's badge and status, and the popup side. The offer's own requests
 * are the offer domain, answered by `OfferService.handlers()` (entrypoints/background/offer-service.ts).
 */
const qrOf = (qr: ReturnType<TabStatus['qr']>) => (qr ? { qr } : {});

export function fillHandlers(status: TabStatus, popupSide?: PopupSide): HandlersFor<typeof fillRequests> {
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
      ...qrOf(status.qr(req.tabId)),
    }),
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
  };
}
