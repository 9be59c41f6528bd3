import type { ScanReply } from '../../enrol/reply';
import type { Text } from '../../i18n/text';
import { MAX_GROUP_LENGTH } from '../../vault/group-name';
import type { AccountView } from '../../vault/view';
import { type Ok, request } from '../define';
import { cssRect, id, picture, sites, tabId, viewport } from '../fields';
import { arrayOf, bool, localText, obj, oneOf, optional, str } from '../schema';

/** Adding accounts from QR codes, links and other apps' exports (docs/enrolment.md, docs/import-export.md). */
export const enrolRequests = {
  'scan-tab': request<ScanReply>()({
    from: ['extension-page'],
    doc: 'captures the tab the popup belongs to (the user’s click granted it) and reviews its QR codes; with `fromPage` (“Add the QR code on this page”) the two-factor codes the page itself showed are reviewed instead, when they are known',
    payload: obj({ tabId, fromPage: optional(bool) }),
  }),
  'scan-image': request<ScanReply>()({
    from: ['extension-page'],
    doc: 'a picture the user pasted, dropped or picked, reviewed the same way',
    payload: obj({ image: picture }),
  }),
  'scan-text': request<ScanReply>()({
    from: ['extension-page'],
    doc: 'pasted `otpauth://` or `otpauth-migration://` links, one per line, reviewed the same way',
    payload: obj({ text: str(200_000, 1) }),
  }),
  'scan-pending': request<{ scan?: ScanReply; error?: Text; tabId?: number; expired?: boolean }>()({
    from: ['extension-page'],
    doc: 'the scan a shortcut, menu entry or region selection left for the window it opened (shown once)',
    payload: obj({}),
  }),
  'scan-dismiss': request<Ok>()({
    from: ['extension-page'],
    doc: 'the window is done with that scan (saved, or Back): it is forgotten, since it holds secrets',
    payload: obj({}),
  }),
  'scan-region-start': request<Ok>()({
    from: ['extension-page'],
    doc: 'asks the tab’s top frame to let the user drag a box around the QR code (after a whole-page scan found none)',
    payload: obj({ tabId }),
  }),
  'region-selected': request<Ok>()({
    from: ['content'],
    doc: 'the user’s box, in CSS pixels of the viewport, and the pictures under it; honoured only when the background asked that tab for one, once, within 2 minutes',
    payload: obj({ rect: cssRect, viewport, images: optional(arrayOf(picture, 4)) }),
  }),
  'image-picked': request<Ok>()({
    from: ['content'],
    doc: 'the image the user chose “Add to Twofold” on, as pixels or its box on screen; honoured only when the background asked that frame for it, once, within 2 minutes',
    payload: obj({ image: optional(picture), rect: optional(cssRect), viewport: optional(viewport) }),
  }),
  enrol: request<{ added: AccountView[]; updated: AccountView[] }>()({
    from: ['extension-page'],
    doc: 'stores reviewed accounts (canonical `otpauth://` URIs) in one transaction; refuses a second copy of a key; “update” only for the account with the same key',
    payload: obj({
      items: arrayOf(
        obj({
          uri: str(16_384, 1),
          sites,
          replaceId: optional(id),
          /** Re-enrolment: the account whose key this new key replaces (the old key goes to its history). */
          renewId: optional(id),
          /** From an import: the other app's note, and whether it was a favourite. */
          notes: optional(str(10_000)),
          pinned: optional(bool),
          /** From an import: the first of the app's groups for the account (docs/import-export.md). */
          group: optional(str(MAX_GROUP_LENGTH)),
        }),
        10_000,
      ),
    }),
  }),
  'import-review': request<ScanReply>()({
    from: ['extension-page'],
    doc: 'accounts another app exported (parsed by the options page’s worker, sent as canonical URIs), reviewed against the vault like a scan',
    payload: obj({
      items: arrayOf(
        obj({
          uri: str(16_384, 1),
          warnings: arrayOf(localText, 20),
          // What the file's format could say (lib/otp/carried.ts); absent = every parameter.
          carries: optional(arrayOf(oneOf('steam', 'algorithm', 'digits', 'period', 'counter'), 5)),
        }),
        10_000,
      ),
    }),
  }),
} as const;
