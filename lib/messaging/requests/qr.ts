import { MAX_PICTURES } from '../../qr/page-candidates';
import { type Ok, request } from '../define';
import { token } from '../fields';
import { arrayOf, obj, str } from '../schema';

/**
 * One picture read by the page, as PNG base64: drawn at most 1024 pixels a side and dropped over 512 KB by the page
 * (entrypoints/content/qr-watch.ts), so 700,000 characters is a cap, not a size. The page sends at most PAGE_TOTAL
 * characters in all (lib/qr/page-candidates.ts), and the background decodes no more than that.
 */
const pagePicture = /* @__PURE__ */ str(700_000, 1);

/*
 * The QR notice (docs/qr-notice.md): a frame whose text reads like a two-factor setup page sends the pictures that
 * could be a QR code; the background decodes them, keeps how many carry a two-factor link (per tab and frame, from
 * the browser's sender record) and answers with that number only. The offer frame's "Scan the QR code on this page"
 * opens the scan review of those codes.
 */
export const qrRequests = {
  'page-qr-seen': request<{ count: number }>()({
    from: ['content'],
    doc: 'a frame that reads like a two-factor setup page: the pictures that could be QR codes (same-origin images, data: URLs, canvases, inline SVG, read by the page); the background decodes them and keeps per tab and frame how many carry an `otpauth` link and a label, never sent to a page',
    payload: obj({ images: arrayOf(pagePicture, MAX_PICTURES) }),
  }),
  'offer-scan-qr': request<Ok>()({
    from: ['offer-frame'],
    doc: '“Scan the QR code on this page” in the menu of a code field: opens the scan review of the codes the tab shows, as the scan shortcut does',
    payload: obj({ offer: token }),
  }),
} as const;
