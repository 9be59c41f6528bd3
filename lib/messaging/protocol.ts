import en from '../../locales/en/core.json';
import type { BackupReminder } from '../backup/reminder';
import type { NewerKey, RestoreStatus } from '../backup/restore';
import type { CrossSiteAccount } from '../cross-site/candidates';
import type { ScanReply } from '../enrol/reply';
import type { SheetEntry } from '../export/sheet';
import { type Sub, type Text, textsOf } from '../i18n/text';
import type { OfferKind } from '../offer/bindings';
import type { CodesSideBySide } from '../otp/carried';
import type { Settings } from '../vault/settings';
import type { AccountView } from '../vault/view';
import { ProtocolError } from './protocol-error';
import { arrayOf, bool, int, localText, num, obj, oneOf, optional, SchemaError, str } from './schema';

const text = textsOf(en);

/*
 * The one message protocol between the extension's contexts (docs/architecture.md "Messages").
 * Every request is validated here, in the background, before any handler sees it: unknown types,
 * wrong payload shapes and senders not allowed to send a type are refused with a ProtocolError.
 */

/**
 * Where a message came from, as the background sees it from the browser's own sender record. 'offer-frame' is the
 * in-page offer frame (entrypoints/offer-frame/): an extension page, but one any web page can load at will (it is
 * web-accessible), so it gets its own small surface instead of the popup's rights (issue 14 review, finding 8).
 */
export type SenderKind = 'content' | 'extension-page' | 'offer-frame';

/** The offer frame's page, as its URL's path names it (wxt builds entrypoints/offer-frame/ to this file). */
export const OFFER_FRAME_PATH = '/offer-frame.html';

const password = str(1024, 1);
const id = str(64, 1);
const recoveryCode = obj({
  code: str(200, 1),
  usedAt: optional(int(0, 1e15)),
  supersededAt: optional(int(0, 1e15)),
});
const tabId = int(0, Number.MAX_SAFE_INTEGER);
/** A picture as base64 (messages are JSON); 56 M characters is 40 MB, the decoder's limit. */
const picture = str(56_000_000, 1);
const cssRect = obj({ x: num(-1e6, 1e6), y: num(-1e6, 1e6), width: num(-1e6, 1e6), height: num(-1e6, 1e6) });
/** A backup file's text; 64 M characters is far above any vault. */
const backupText = str(64_000_000, 1);
/** A backup's derived key, base64 of 32 bytes: the options page derives it (docs/backup-format.md). */
const backupKey = str(44, 44);
const viewport = obj({ width: num(1, 1e5), height: num(1, 1e5) });
/** An offer or grant token (lib/offer/token.ts: 18 random bytes, URL-safe base64). */
const token = str(64, 16);
const offerKind = oneOf('totp', 'recovery', 'dual', 'password-otp');
/** Recovery codes a page shows (lib/detect/recovery-list.ts bounds them: 4 to 32 codes of at most 48 characters). */
const shownCodes = arrayOf(str(64, 1), 32);

/** Payload schemas, one per request type; the payload types are derived from them. */
const SCHEMAS = {
  /** A content script found code fields in its frame (count only: never values, never the URL). */
  'otp-fields-seen': obj({ count: int(0, 99_999) }),
  /** An extension page asks what Twofold knows about a tab. */
  'tab-status': obj({ tabId: int(0, Number.MAX_SAFE_INTEGER) }),
  'vault-state': obj({}),
  'vault-create': obj({ password }),
  'vault-unlock': obj({ password }),
  'vault-lock': obj({}),
  'vault-change-password': obj({ current: password, next: password }),
  /** The user is active in an extension page: postpones auto-lock. */
  activity: obj({}),
  'accounts-list': obj({}),
  'account-add': obj({
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
    sites: optional(arrayOf(str(253, 1), 100)),
    notes: optional(str(10_000)),
  }),
  'account-update': obj({
    id,
    patch: obj({
      issuer: optional(str(200)),
      account: optional(str(200)),
      sites: optional(arrayOf(str(253, 1), 100)),
      notes: optional(str(10_000)),
      recoveryCodes: optional(arrayOf(recoveryCode, 200)),
      pinned: optional(bool),
    }),
  }),
  'accounts-reorder': obj({ ids: arrayOf(id, 100_000) }),
  'account-delete': obj({ id }),
  /** Edit view, "Previous keys": swap the key replaced at `replacedAt` back in (issue 15, lib/vault/key-history.ts). */
  'account-restore-key': obj({ id, replacedAt: int(0, Number.MAX_SAFE_INTEGER) }),
  'hotp-next': obj({ id }),
  /**
   * Content script: a code field of `kind` is in its frame; answers an offer token for the offer frame (refused
   * when there is no vault, so a page learns nothing by planting a field). `enrol`: the field is on an enrolment
   * (verify) step (the unlock window then opens the menu instead of filling; issue 15).
   */
  'offer-open': obj({
    kind: oneOf('totp', 'recovery', 'dual', 'password-otp', 'recovery-list'),
    codes: optional(shownCodes),
    enrol: optional(bool),
  }),
  /**
   * Content script: the offer frame of `offer` moved or changed size (the frame ignores clicks for a moment).
   * `hidden`: its field was hidden while still in the page (the offer is parked) or, false, shown again.
   */
  'offer-moved': obj({ offer: token, hidden: optional(bool) }),
  /** Content script: Alt+Down in the field of `offer` (a trusted key): the frame opens its menu and takes focus. */
  'offer-key-open': obj({ offer: token }),
  /** Content script: the user focused a detected code field; the shortcut goes to this frame only. */
  'code-field-focus': obj({}),
  /**
   * Content script: an empty code field of `kind` is ready; the background decides on an automatic fill. `enrol`:
   * the page is an enrolment (verify) step (never filled by itself). `refused`: the page shows an error next to a
   * field it just submitted (the background halts automatic fills if that submit was automatic; issue 15).
   */
  'code-field-ready': obj({ kind: offerKind, enrol: optional(bool), refused: optional(bool) }),
  /**
   * Content script: a fill was not submitted (the value did not stick, the field went, the button is disabled or
   * missing); the offer frame of that tab says why. Carries no code and no name.
   */
  'fill-not-submitted': obj({ why: oneOf('not-stuck', 'field-gone', 'control-disabled', 'no-control') }),
  /**
   * Content script: the shortcut or context-menu command reached this frame and its focused (or right-clicked)
   * field is a code field of `kind`. Honoured once, only if the background sent that command to this frame.
   */
  'fill-asked': obj({ kind: offerKind }),
  /** Content script: the code for a one-time grant the background sent it (`fill-grant`). */
  'fill-code': obj({ grant: token }),
  /**
   * Content script (issue 15, finding 4): the field of offer `offer` that a recovery code was filled into, and its
   * form, left the page without a page load (a single-page app moved on). Carries no code: the background finds the
   * pending code from its own records of that offer's tab, frame and origin.
   */
  'recovery-step-left': obj({ offer: token }),
  /** Offer frame: presents its token once; the first frame in the same tab to do so is bound to it. */
  'offer-hello': obj({ offer: token }),
  /** Offer frame, after a trusted click or key: what the menu lists for the page frame's site. */
  'offer-menu': obj({ offer: token }),
  /** Offer frame: the user picked an entry (after the visibility checks); the background grants the fill. */
  'offer-pick': obj({ offer: token, id, what: oneOf('code', 'recovery', 'save-recovery'), code: optional(str(64, 1)) }),
  /**
   * Offer frame: the person's answer to "Did <site> accept recovery code …?" (asked when Twofold could not tell):
   * `used` marks it used, otherwise it is offered again. Only for an account the frame's menu lists.
   */
  'offer-recovery-answer': obj({ offer: token, id, used: bool }),
  /** Offer frame: open or close the menu (the content script resizes the frame), and where focus goes back. */
  'offer-layout': obj({ offer: token, open: bool, focusField: optional(bool) }),
  /** Offer frame: "Use another account…": the cross-site window, outside the page. */
  'offer-others': obj({ offer: token }),
  /**
   * Open the popup in a window so the user can unlock (the offer frame's "Unlock" button). `offer` names the frame's
   * field: once unlocked from that window, the window closes and that field fills or opens its menu (issue 15).
   */
  'open-unlock': obj({ offer: token }),
  /** Popup: "Fill" on an account of exactly the site of tab `tabId`, into that tab's code field, through a grant. */
  'popup-fill': obj({ tabId, id }),
  /** Popup: it copied a code; the background clears the clipboard after the time it answers (issue 15 finding 9). */
  'clipboard-clear-later': obj({}),
  /** Capture the tab the popup belongs to and read its QR codes (the tab came from the user's click). */
  'scan-tab': obj({ tabId }),
  /** A picture the user pasted, dropped or picked. */
  'scan-image': obj({ image: picture }),
  /** Text the user pasted: otpauth:// or otpauth-migration:// links, one per line. */
  'scan-text': obj({ text: str(200_000, 1) }),
  /** The scan a shortcut, context-menu entry or region selection left for the window it opened. */
  'scan-pending': obj({}),
  /** The window is done with that scan (saved, or Back): forget it, since it holds secrets. */
  'scan-dismiss': obj({}),
  /** Ask the page to let the user drag a box around the QR code (after a whole-page scan found none). */
  'scan-region-start': obj({ tabId }),
  /**
   * Content script: the box the user dragged, in CSS pixels of the viewport, and the pictures under it
   * read at their own resolution. Honoured only if asked for.
   */
  'region-selected': obj({ rect: cssRect, viewport, images: optional(arrayOf(picture, 4)) }),
  /** Content script: the image the user chose "Add to Twofold" on, as pixels it could read, or its box on screen. */
  'image-picked': obj({ image: optional(picture), rect: optional(cssRect), viewport: optional(viewport) }),
  /** Store scanned accounts (canonical otpauth:// URIs from a scan reply), new or replacing one with the same key. */
  enrol: obj({
    items: arrayOf(
      obj({
        uri: str(16_384, 1),
        sites: arrayOf(str(253, 1), 100),
        replaceId: optional(id),
        /** Re-enrolment (issue 15): the account whose key this new key replaces (the old key goes to its history). */
        renewId: optional(id),
        /** From an import: the other app's note, and whether it was a favourite. */
        notes: optional(str(10_000)),
        pinned: optional(bool),
      }),
      10_000,
    ),
  }),
  /** Accounts read from another app's export (as canonical URIs), to be reviewed against the vault. */
  'import-review': obj({
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
  /**
   * Write an encrypted backup of the whole vault; the page saves the text as a file. Every request that hands
   * secrets to a page carries the master password typed again (`masterPassword`, issue 14 finding 12).
   */
  'backup-create': obj({ password, masterPassword: password }),
  /** The page saved the backup file (its `created` time): the reminder counts from then. */
  'backup-saved': obj({ created: int(0, 1e15) }),
  /** Whether a backup is due (accounts added since the last one). */
  'backup-status': obj({}),
  /** Decrypt a backup with the key the page derived and compare it with the vault; nothing is changed. */
  'restore-preview': obj({ text: backupText, key: backupKey }),
  /** Apply a restore in one transaction: merge (taking the listed conflicts' backup versions) or replace. */
  /** Accounts as a file another app reads: Aegis (encrypted or plain) or an otpauth URI list. */
  'export-file': obj({
    format: oneOf('aegis-encrypted', 'aegis-plain', 'uri-list'),
    ids: arrayOf(id, 10_000),
    password: optional(password),
    masterPassword: password,
  }),
  /** Accounts as Google Authenticator transfer QR codes (10 per code, numbered as one batch). */
  'export-migration': obj({ ids: arrayOf(id, 10_000), masterPassword: password }),
  /** What the printable recovery sheet (or one account's QR code) shows. */
  'export-sheet': obj({ ids: arrayOf(id, 10_000), masterPassword: password }),
  /** Hardware keys (issue 7): the paired keys that are plugged in, with their slots (no codes). */
  'keys-list': obj({}),
  /** A key was paired in the keys page: read identities again. */
  'keys-changed': obj({}),
  'key-code': obj({ keyId: id, slotId: str(8, 1) }),
  /** The key's user PIN, sent once; the key answers with nothing but ok or wrong (never retried). */
  'key-unlock': obj({ keyId: id, pin: str(25, 1) }),
  /** The user confirmed the clock warning: set the key's clock even though it is ahead. */
  'key-set-clock': obj({ keyId: id }),
  'key-bind': obj({ keyId: id, slotId: str(8, 1), sites: arrayOf(str(253, 1), 100) }),
  'key-write': obj({ keyId: id, accountId: id, kind: oneOf('totp', 'hotp'), index: int(0, 14), adminPin: str(25, 1) }),
  'key-erase': obj({ keyId: id, slotId: str(8, 1), adminPin: str(25, 1) }),
  'restore-apply': obj({
    text: backupText,
    key: backupKey,
    mode: oneOf('merge', 'replace'),
    take: arrayOf(int(0, 1_000_000), 100_000),
    /** Replace: the ids the preview said would be deleted; anything else refuses the restore. */
    expectRemoved: arrayOf(id, 100_000),
  }),
  /**
   * Cross-site choices outside the page (issue 14): the picker window asks what its request (the id in its URL)
   * is about, then answers with the account the person picked. Extension pages only: no content script can list
   * other sites' accounts or pick one.
   */
  'cross-site-request': obj({ id }),
  'cross-site-pick': obj({ id, accountId: id, remember: bool }),
  'settings-get': obj({}),
  'settings-set': obj({
    settings: obj({
      autoLockMinutes: int(1, 1440),
      fillMode: oneOf('click', 'auto-single'),
      submitAfterFill: bool,
      clipboardClearSeconds: int(10, 120),
      backupReminder: bool,
    }),
  }),
} as const;

export type RequestMap = { [K in keyof typeof SCHEMAS]: ReturnType<(typeof SCHEMAS)[K]> };

export type VaultState = 'none' | 'locked' | 'unlocked';

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
   * the entry saves the codes the page shows to the account (recovery-list offers, issue 15 finding 4).
   */
  what: 'code' | 'recovery' | 'save-recovery';
  /** 'save-recovery': the page shows a new set, which replaces this many stored unused codes (issue 15). */
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
  /** Said above the entries (issue 15): the site refused an automatic submit, or a fill was not submitted. */
  notice?: OfferNotice;
  /** Recovery-list offers: how many codes the page shows. */
  count?: number;
  /** Recovery and dual fields: a filled code whose fate is unknown ("Did <site> accept …?"). */
  question?: RecoveryQuestion;
}

/** What the offer frame says beside the field about automatic fill and submit (issue 15, finding 1). */
export type OfferNotice =
  /** The site refused the automatically submitted code of this account; automatic fills stop in the tab. */
  | { what: 'refused'; issuer: string; account: string }
  /** A code was filled but not submitted, and why. */
  | { what: 'not-submitted'; why: 'not-stuck' | 'field-gone' | 'control-disabled' | 'no-control' };

/** Commands the background sends to a tab's content scripts: declared with their schemas in ./commands. */
export type { ContentCommand } from './commands';
type Ok = { ok: true };

/** A plugged-in hardware key as pages see it: names and settings, never a secret or a PIN. */
export interface KeyView {
  id: string;
  /** "Nitrokey Pro" */
  name: string;
  firmware: string;
  serial: string;
  /** Codes need the key's user PIN (once per plug-in). */
  pinRequired: boolean;
  unlocked: boolean;
  userRetries: number;
  adminRetries: number;
  /** 'needs-confirmation': the key's clock is ahead; setting it back needs the user's OK (spec §2.5). */
  clock: 'ok' | 'needs-confirmation';
  slots: {
    id: string;
    kind: 'totp' | 'hotp';
    index: number;
    /** "TOTP slot 1" */
    label: string;
    name: string;
    digits: number;
    period?: number;
    sites: string[];
  }[];
}

/**
 * A restore preview as a page sees it: names and differences, never secrets. Names are `accountName`s: a Text
 * ("Unnamed account") for an account with neither issuer nor account name, rendered by the page.
 */
export interface RestorePreviewView {
  /** When the backup was written (Unix ms). */
  created: number;
  accounts: number;
  items: {
    index: number;
    name: Sub;
    status: RestoreStatus;
    differences: Text[];
    existing?: Sub;
    /** A conflict whose taking would change the codes: both current codes (lib/backup/restore.ts). */
    codes?: CodesSideBySide;
    /** A re-enrolled account: the copy with the newer key, which a merge keeps by default (lib/backup/restore.ts). */
    newer?: NewerKey;
  }[];
  /** Vault accounts the backup lacks: kept by merge, deleted by replace. */
  onlyInVault: Sub[];
  onlyInVaultIds: string[];
}

export interface ResponseMap {
  'otp-fields-seen': Ok;
  /** `fillable`: the accounts the popup may offer "Fill" for (exactly the site of a code field in the tab). */
  'tab-status': { otpFields: number; fillable: string[] };
  /** `unreadable`: records the vault could not open, each with why (a Text; the English for an error without one). */
  'vault-state': { state: VaultState; unreadable: { id: string; message: Text | string }[] };
  'vault-create': Ok;
  'vault-unlock': Ok;
  'vault-lock': Ok;
  'vault-change-password': Ok;
  activity: Ok;
  'accounts-list': { accounts: AccountView[] };
  'account-add': { account: AccountView; warnings: Text[] };
  'account-update': { account: AccountView };
  'accounts-reorder': Ok;
  'account-delete': Ok;
  'account-restore-key': { account: AccountView };
  'hotp-next': { code: string; counter: string };
  'offer-open': { offer: string };
  'offer-moved': Ok;
  'offer-key-open': Ok;
  'code-field-focus': Ok;
  'code-field-ready': Ok;
  'fill-not-submitted': Ok;
  'fill-asked': Ok;
  /** `submit`: the user's "submit after fill" setting. */
  'fill-code': { code: string; submit: boolean };
  'recovery-step-left': Ok;
  /** `notice`: the frame has something to say by itself (issue 15): it opens and asks `offer-menu`. `count`:
   * recovery-list offers, how many codes the page shows (the page's own figure). */
  'offer-hello': { kind: OfferKind; state: VaultState; notice?: boolean; count?: number };
  'offer-menu': OfferMenu;
  'offer-pick': Ok;
  'offer-recovery-answer': Ok;
  'offer-layout': Ok;
  'offer-others': Ok;
  'open-unlock': Ok;
  'popup-fill': Ok;
  /** `seconds`: when the clipboard will be cleared, even if the popup closes. */
  'clipboard-clear-later': { seconds: number };
  'scan-tab': ScanReply;
  'scan-image': ScanReply;
  'scan-text': ScanReply;
  'scan-pending': { scan?: ScanReply; error?: Text; tabId?: number; expired?: boolean };
  'scan-dismiss': Ok;
  'scan-region-start': Ok;
  'region-selected': Ok;
  'image-picked': Ok;
  enrol: { added: AccountView[]; updated: AccountView[] };
  'import-review': ScanReply;
  'backup-create': { text: string; fileName: string; accounts: number; created: number };
  'backup-saved': Ok;
  'backup-status': BackupReminder;
  'restore-preview': RestorePreviewView;
  'restore-apply': { added: number; updated: number; removed: number };
  'export-file': { text: string; fileName: string; type: string };
  'export-migration': { uris: string[]; skipped: { name: Sub; reason: Text }[] };
  'export-sheet': { entries: SheetEntry[] };
  'keys-list': { available: boolean; keys: KeyView[]; failures: { name: string; message: string }[] };
  'keys-changed': Ok;
  'key-code': { code: string; secondsLeft?: number };
  'key-unlock': Ok;
  'key-set-clock': Ok;
  'key-bind': Ok;
  'key-write': Ok & { name: string };
  'key-erase': Ok;
  /** The site that asks (registrable domain and full origin) and the accounts it may be given: names only. */
  'cross-site-request': { origin: string; site: string; accounts: CrossSiteAccount[] };
  'cross-site-pick': Ok;
  'settings-get': { settings: Settings };
  'settings-set': Ok;
}

export type RequestType = keyof RequestMap;
export type Request<T extends RequestType = RequestType> = { [K in T]: { type: K } & RequestMap[K] }[T];

/** Which senders may send each request. Content scripts get the smallest surface. */
export const ALLOWED_SENDERS: { [K in RequestType]: readonly SenderKind[] } = {
  'otp-fields-seen': ['content'],
  'tab-status': ['extension-page'],
  'vault-state': ['extension-page', 'offer-frame'],
  'vault-create': ['extension-page'],
  'vault-unlock': ['extension-page'],
  'vault-lock': ['extension-page'],
  'vault-change-password': ['extension-page'],
  activity: ['extension-page'],
  'accounts-list': ['extension-page'],
  'account-add': ['extension-page'],
  'account-update': ['extension-page'],
  'accounts-reorder': ['extension-page'],
  'account-delete': ['extension-page'],
  'account-restore-key': ['extension-page'],
  'hotp-next': ['extension-page'],
  'offer-open': ['content'],
  'offer-moved': ['content'],
  'offer-key-open': ['content'],
  'code-field-focus': ['content'],
  'code-field-ready': ['content'],
  'fill-not-submitted': ['content'],
  'fill-asked': ['content'],
  'fill-code': ['content'],
  'recovery-step-left': ['content'],
  'offer-hello': ['offer-frame'],
  'offer-menu': ['offer-frame'],
  'offer-pick': ['offer-frame'],
  'offer-recovery-answer': ['offer-frame'],
  'offer-layout': ['offer-frame'],
  'offer-others': ['offer-frame'],
  'open-unlock': ['offer-frame'],
  'popup-fill': ['extension-page'],
  'clipboard-clear-later': ['extension-page'],
  'scan-tab': ['extension-page'],
  'scan-image': ['extension-page'],
  'scan-text': ['extension-page'],
  'scan-pending': ['extension-page'],
  'scan-dismiss': ['extension-page'],
  'scan-region-start': ['extension-page'],
  'region-selected': ['content'],
  'image-picked': ['content'],
  enrol: ['extension-page'],
  'import-review': ['extension-page'],
  'backup-create': ['extension-page'],
  'backup-saved': ['extension-page'],
  'backup-status': ['extension-page'],
  'restore-preview': ['extension-page'],
  'restore-apply': ['extension-page'],
  'export-file': ['extension-page'],
  'export-migration': ['extension-page'],
  'export-sheet': ['extension-page'],
  'keys-list': ['extension-page'],
  'keys-changed': ['extension-page'],
  'key-code': ['extension-page'],
  'key-unlock': ['extension-page'],
  'key-set-clock': ['extension-page'],
  'key-bind': ['extension-page'],
  'key-write': ['extension-page'],
  'key-erase': ['extension-page'],
  'cross-site-request': ['extension-page'],
  'cross-site-pick': ['extension-page'],
  'settings-get': ['extension-page'],
  'settings-set': ['extension-page'],
};

export { ProtocolError, type ProtocolErrorCode } from './protocol-error';

/** Checks a message's shape; returns a fresh object holding only the known fields. */
export function parseRequest(raw: unknown): Request {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError('bad-message', text('core_protocol_not_object'));
  }
  const type = (raw as Record<string, unknown>).type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) {
    throw new ProtocolError('bad-message', text('core_protocol_unknown_type', String(JSON.stringify(type))));
  }
  try {
    const payload = SCHEMAS[type as RequestType](raw, 'message');
    return { ...payload, type } as Request;
  } catch (e) {
    if (e instanceof SchemaError)
      throw new ProtocolError('bad-message', text('core_protocol_malformed', type, e.text ?? e.message));
    throw e;
  }
}

/** The parts of the browser's MessageSender the background trusts (set by the browser, not the page). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tabId?: number;
  frameId?: number;
}

/**
 * Classifies a sender from the browser-provided record: our own pages have our origin; the offer frame is known by
 * its page's path under the extension scheme, whatever the host (on Chromium it is loaded through the session's
 * dynamic URL, web_accessible_resources use_dynamic_url, whose host is not the extension id; on Firefox through the
 * per-install origin, the popup's own); content scripts run in a tab with a web URL. Anything else (another
 * extension, no tab, another page under the dynamic host) is refused.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) throw new ProtocolError('bad-sender', text('core_protocol_other_extension'));
  const url = sender.url ?? '';
  const scheme = ownOrigin.slice(0, ownOrigin.indexOf('//') + 2);
  if (scheme !== '' && url.startsWith(scheme)) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // Not a URL: refused below.
    }
    if (parsed?.pathname === OFFER_FRAME_PATH) return 'offer-frame';
    // Not URL.origin: it is "null" for schemes the URL standard does not know (chrome-extension: in Node).
    if (parsed && `${parsed.protocol}//${parsed.host}` === ownOrigin) return 'extension-page';
    throw new ProtocolError('bad-sender', text('core_protocol_unknown_context'));
  }
  if (sender.tabId !== undefined && sender.tabId >= 0 && /^(https?|file):/.test(url)) return 'content';
  throw new ProtocolError('bad-sender', text('core_protocol_unknown_context'));
}

/** Validates sender and payload together; the only way a request reaches a handler. */
export function acceptRequest(
  raw: unknown,
  sender: SenderInfo,
  ownId: string,
  ownOrigin: string,
): { request: Request; from: SenderKind } {
  const from = classifySender(sender, ownId, ownOrigin);
  const request = parseRequest(raw);
  if (!ALLOWED_SENDERS[request.type].includes(from)) {
    throw new ProtocolError(
      'forbidden',
      text(
        from === 'content' ? 'core_protocol_forbidden_web_page' : 'core_protocol_forbidden_extension_page',
        request.type,
      ),
    );
  }
  return { request, from };
}
