import type { OfferKind } from '../../offer/bindings';
import { type Ok, request } from '../define';
import { id, offerKind, token } from '../fields';
import { arrayOf, bool, obj, oneOf, optional, str } from '../schema';
import type { VaultState } from './vault';

/** Recovery codes a page shows (lib/detect/recovery-list.ts bounds them: 4 to 32 codes of at most 48 characters). */
const shownCodes = arrayOf(str(64, 1), 32);

/** One entry of the offer frame's menu (names and codes reach the extension frame only, never the page). */
export interface OfferMenuItem {
  id: string;
  issuer: string;
  account: string;
  kind: 'totp' | 'hotp' | 'steam';
  /** The current code (TOTP/Steam), or the recovery code the entry fills; HOTP and key slots get theirs only when filled. */
  code?: string;
  /** 'key': a hardware key's slot; its code is read from the key when the user fills. */
  source?: 'key';
  /** The account belongs to a related host (same registrable domain), not this exact one. */
  related: boolean;
  /**
   * 'recovery': the entry fills the account's next unused recovery code (`code` then shows it); 'save-recovery':
   * the entry saves the codes the page shows to the account (recovery-list offers, docs/auto-fill.md).
   */
  what: 'code' | 'recovery' | 'save-recovery';
  /** 'save-recovery': the page shows a new set, which replaces this many stored unused codes. */
  replaces?: number;
}

/** A recovery code Twofold filled but could not tell whether the site took it: the menu asks first. */
export interface RecoveryQuestion {
  id: string;
  issuer: string;
  account: string;
  code: string;
}

/** What the offer frame shows: the vault's state, and the entries for the page frame's site. */
export interface OfferMenu {
  state: VaultState;
  kind: OfferKind;
  items: OfferMenuItem[];
  /** Said above the entries: the site refused an automatic submit, or a fill was not submitted. */
  notice?: OfferNotice;
  /** Recovery-list offers: how many codes the page shows. */
  count?: number;
  /** Recovery and dual fields: a filled code whose fate is unknown ("Did <site> accept …?"). */
  question?: RecoveryQuestion;
  /** The person said "Never offer on this site" (README "When a field is missed"): no entries, a line says so. */
  silenced?: boolean;
  /** No account for this site yet and the tab shows a two-factor QR code: "Scan the QR code on this page" comes first. */
  pageQr?: boolean;
}

/** What the offer frame says beside the field about automatic fill and submit (docs/auto-fill.md). */
export type OfferNotice =
  /** The site refused the automatically submitted code of this account; automatic fills stop in the tab. */
  | { what: 'refused'; issuer: string; account: string }
  /** A code was filled but not submitted, and why. */
  | { what: 'not-submitted'; why: 'not-stuck' | 'field-gone' | 'control-disabled' | 'no-control' };

/*
 * The in-page offer (docs/architecture.md "Autofill in a page", docs/auto-fill.md): what a content script reports
 * about the code fields of its frame, and what the offer frame beside a field asks. All are answered by
 * `OfferService.handlers()` (entrypoints/background/offer-service.ts), which holds the offers, grants and pending
 * recovery codes they share. A content script's requests carry no code and no name; the tab, frame and origin always
 * come from the browser's sender record.
 */
export const offerRequests = {
  'offer-open': request<{ offer: string }>()({
    from: ['content'],
    doc: 'an offer token for a code field of this frame, refused without a vault so a page learns nothing by planting a field (`enrol`: an enrolment step, never filled by itself; the page’s word, which can only mean less done)',
    payload: obj({
      kind: oneOf('totp', 'recovery', 'dual', 'password-otp', 'recovery-list'),
      codes: optional(shownCodes),
      enrol: optional(bool),
    }),
  }),
  'offer-moved': request<Ok>()({
    from: ['content'],
    doc: 'the field’s offer frame moved or changed size (the frame ignores clicks for a moment): relayed to the bound frame only; `hidden`: the field was hidden (the offer parked) or shown again',
    payload: obj({ offer: token, hidden: optional(bool) }),
  }),
  'offer-key-open': request<Ok>()({
    from: ['content'],
    doc: 'Alt+Down in the field (a trusted key): the bound frame opens its menu and takes focus',
    payload: obj({ offer: token }),
  }),
  'code-field-focus': request<Ok>()({
    from: ['content'],
    doc: 'this frame has a focused code field: the shortcut goes here',
    payload: obj({}),
  }),
  'code-field-ready': request<Ok>()({
    from: ['content'],
    doc: 'an empty code field: the background may fill it by itself (`docs/auto-fill.md`); `enrol`: an enrolment step (never filled by itself); `refused`: an error next to a field it just submitted (halts a tab whose automatic submit it was)',
    payload: obj({ kind: offerKind, enrol: optional(bool), refused: optional(bool) }),
  }),
  'fill-not-submitted': request<Ok>()({
    from: ['content'],
    doc: 'a fill was not submitted (`why`: the value did not stick, the field went, the button is disabled or missing); the tab’s offer frames say why',
    payload: obj({ why: oneOf('not-stuck', 'field-gone', 'control-disabled', 'no-control') }),
  }),
  'fill-asked': request<Ok>()({
    from: ['content'],
    doc: 'the shortcut or context-menu command the background sent this very frame reached a code field: one grant for the best entry',
    payload: obj({ kind: offerKind }),
  }),
  'fill-code': request<{
    code: string;
    /** The user's "submit after fill" setting. */
    submit: boolean;
  }>()({
    from: ['content'],
    doc: 'the code for a one-time grant (`fill-grant`), if the sender’s tab, frame and origin are the grant’s; a recovery code becomes pending',
    payload: obj({ grant: token }),
  }),
  'recovery-step-left': request<Ok>()({
    from: ['content'],
    doc: 'the field of its own offer that a recovery code was filled into left the page without a load (no code: the background finds the pending code from its own records): settles that frame’s pending code',
    payload: obj({ offer: token }),
  }),
  'offer-hello': request<{
    kind: OfferKind;
    state: VaultState;
    /** The frame has something to say by itself: it opens and asks `offer-menu`. */
    notice?: boolean;
    /** Recovery-list offers: how many codes the page shows (the page's own figure). */
    count?: number;
  }>()({
    from: ['offer-frame'],
    doc: 'the offer frame presents its token once; the first frame in the same tab to do so is bound to it',
    payload: obj({ offer: token }),
  }),
  'offer-menu': request<OfferMenu>()({
    from: ['offer-frame'],
    doc: 'after a trusted click or key: what the menu lists for the page frame’s site',
    payload: obj({ offer: token }),
  }),
  'offer-pick': request<Ok>()({
    from: ['offer-frame'],
    doc: 'the user picked an entry (after the visibility checks): a one-time grant, or saving the page’s recovery codes',
    payload: obj({ offer: token, id, what: oneOf('code', 'recovery', 'save-recovery'), code: optional(str(64, 1)) }),
  }),
  'offer-recovery-answer': request<Ok>()({
    from: ['offer-frame'],
    doc: 'the person’s answer to “Did <site> accept recovery code …?” for a question its menu asked: `used` marks it used, otherwise it is offered again',
    payload: obj({ offer: token, id, used: bool }),
  }),
  'offer-layout': request<Ok>()({
    from: ['offer-frame'],
    doc: 'opens or closes the menu (the content script resizes the frame), and says where focus goes back',
    payload: obj({ offer: token, open: bool, focusField: optional(bool) }),
  }),
  'offer-others': request<Ok>()({
    from: ['offer-frame'],
    doc: '“Use another account…”: opens the cross-site window, outside the page',
    payload: obj({ offer: token }),
  }),
} as const;
