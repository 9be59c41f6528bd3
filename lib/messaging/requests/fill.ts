import { type Ok, request } from '../define';
import { id, tabId, token } from '../fields';
import { int, obj } from '../schema';

/*
 * Filling codes around the in-page offer (docs/architecture.md "Autofill in a page"): the code fields a content
 * script counts for the tab's badge, the popup's view of the tab and its "Fill", the offer frame's "Unlock" window
 * and the clipboard clear that outlives the popup. The offer's own requests are the offer domain (./offer.ts).
 */
export const fillRequests = {
  'otp-fields-seen': request<Ok>()({
    from: ['content'],
    doc: 'counts code fields (`totp` and `dual`) per frame, never their values or the URL; badge on the tab',
    payload: obj({ count: int(0, 99_999) }),
  }),
  'tab-status': request<{
    otpFields: number;
    /** The accounts the popup may offer "Fill" for (exactly the site of a code field in the tab). */
    fillable: string[];
    /** QR codes carrying a two-factor link that the tab's pages showed (docs/qr-notice.md), with a label for the first. */
    qr?: { count: number; label?: string };
  }>()({
    from: ['extension-page'],
    doc: 'what the background knows about a tab: its code fields, the accounts the popup may fill there',
    payload: obj({ tabId }),
  }),
  'open-unlock': request<Ok>()({
    from: ['offer-frame'],
    doc: 'the offer frame’s “Unlock”: opens Twofold in a small window, naming the frame’s offer (checked against the frame bound to it); see “The unlock window” in `docs/architecture.md`',
    payload: obj({ offer: token }),
  }),
  'popup-fill': request<Ok>()({
    from: ['extension-page'],
    doc: 'the popup’s “Fill”: a one-time grant for the tab’s code field whose origin is exactly the account’s site; the code reaches the content script only through `fill-code`',
    payload: obj({ tabId, id }),
  }),
  'clipboard-clear-later': request<{
    /** When the clipboard will be cleared, even if the popup closes. */
    seconds: number;
  }>()({
    from: ['extension-page'],
    doc: 'the popup copied a code: the background clears the clipboard after the time set in Settings even if the popup closes; refused where the browser cannot',
    payload: obj({}),
  }),
} as const;
