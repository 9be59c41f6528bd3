import { base64 } from '@scure/base';
import { bytesEqual } from '../../lib/encoding/bytes';
import { CaptureError } from '../../lib/enrol/capture-refusal';
import type { ScanSource } from '../../lib/enrol/headline';
import { regionInCapture, upscaleFor } from '../../lib/enrol/region';
import { distinctAccountName } from '../../lib/enrol/renewal';
import { type BatchBook, buildScanReply, type ScanReply } from '../../lib/enrol/reply';
import { accountName } from '../../lib/enrol/review';
import { hasOtpText, interpretScan, outcomeOfUris } from '../../lib/enrol/scan';
import { TwofoldError } from '../../lib/errors';
import { type Text, textsOf } from '../../lib/i18n/text';
import { ProtocolError, type RequestMap, type ResponseMap, type SenderInfo } from '../../lib/messaging/protocol';
import type { OtpParams } from '../../lib/otp/types';
import { parseOtpauthUri } from '../../lib/otp/uri';
import { dataUrlBytes } from '../../lib/qr/data-url';
import { imageFormat, isDirectFormat } from '../../lib/qr/image-format';
import { imageSize } from '../../lib/qr/image-size';
import { type QrImage, QrReadError, type ReadBarcodes, readQrTexts } from '../../lib/qr/read';
import { type Account, cleanGroup } from '../../lib/vault/account-data';
import { VaultError } from '../../lib/vault/errors';
import { replaceKeyPatch, restoreKeyPatch } from '../../lib/vault/key-history';
import type { VaultSession } from '../../lib/vault/session';
import { toView } from '../../lib/vault/view';
import en from '../../locales/en/core.json';
import reenrolEn from '../../locales/en/reenrol.json';
import { captureTab, tabPage } from '../../platform/capture';
import { type MenuClick, sendToTab } from '../../platform/commands';
import { toPixels } from '../../platform/image-pixels';
import type { SessionStore } from '../../platform/session-storage';

const text = textsOf(en);
const reenrolText = textsOf(reenrolEn);

const PENDING_KEY = 'pending-scan';
/** Region and image requests the user made, by tab: kept in storage.session, since the worker may stop while the user drags. */
const ASKED_KEY = 'scan-asked';
const BATCHES_KEY = 'scan-batches';
/** A region or image request from the user is honoured for this long (the overlay closes itself a little earlier). */
export const ASK_TTL_MS = 2 * 60_000;

type Asked = Record<string, { kind: 'region' | 'image'; frameId: number; at: number }>;
/** A scan left for a window is dropped after this long. */
const PENDING_TTL_MS = 10 * 60_000;

/** A scan done by the background for a window it opens (shortcut, context menu, region selection). */
interface PendingScan {
  at: number;
  tabId: number;
  source: ScanSource;
  texts?: string[];
  page?: { url: string; title: string };
  error?: Text;
}

type Page = { url: string; title: string } | undefined;
const pageOf = (url: string | undefined, title: string | undefined): Page =>
  url ? { url, title: title ?? '' } : undefined;

/**
 * Enrolment from QR codes (docs/enrolment.md): captures, decodes with zxing-wasm (here, in the service worker,
 * off every UI thread), and answers with a reviewed scan. Region and image reads start only from a
 * user's action in the extension (a menu click, a button): a page cannot trigger a capture.
 */
export class Enrolment {
  /**
   * Changes of this service's storage.session records (the region or image each tab was asked for, the export
   * batches scanned so far) run one at a time: two requests that each read a record and wrote it back would drop
   * what the other wrote, and an ask read by two answers at once would be honoured twice.
   */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: VaultSession,
    private readonly store: SessionStore,
    private readonly read: ReadBarcodes,
    private readonly openWindow: (path: string) => Promise<void>,
    private readonly now: () => number,
  ) {}

  /** Reviews decoded texts against the (unlocked) vault and records export batches. */
  async reply(texts: string[], source: ScanSource, page: Page): Promise<ScanReply> {
    const vault = await this.session.require();
    const outcome = interpretScan(texts, source === 'text' ? 'link' : 'QR code');
    return this.#serial(async () => {
      const batches = (await this.store.get<BatchBook>(BATCHES_KEY)) ?? {};
      const built = buildScanReply(outcome, source, page, vault.accounts(), batches, this.#seconds());
      if (outcome.batches.length > 0) await this.store.set(BATCHES_KEY, built.batches);
      return built.reply;
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => {});
    return next;
  }

  /**
   * Two-factor QR codes the tab's pages showed, read by the page itself (docs/qr-notice.md): a scan of the tab reviews
   * those instead of capturing the screen (which shows only what is scrolled into view). Set by the background's wiring.
   */
  pageCodes: ((tabId: number) => { links: string[]; page: { url: string; title: string } } | undefined) | undefined;

  /**
   * `fromPage`: the person chose "Add the QR code on this page" (or the inline entry), so the codes the page itself
   * showed are reviewed; the scan button captures what is visible, as it says (and so does a page-code request when
   * the page's codes are no longer known, e.g. after the worker restarted).
   */
  async scanTab(tabId: number, fromPage = false): Promise<ScanReply> {
    await this.session.require();
    const local = fromPage ? this.pageCodes?.(tabId) : undefined;
    if (local) return this.reply(local.links, 'tab', local.page);
    const capture = await captureTab(tabId);
    return this.reply(
      await readQrTexts(this.read, capture.image, hasOtpText),
      'tab',
      pageOf(capture.url, capture.title),
    );
  }

  async scanImage(encoded: string): Promise<ScanReply> {
    await this.session.require();
    return this.reply(await this.#readPicture(pictureBytes(encoded)), 'image', undefined);
  }

  async scanText(text: string): Promise<ScanReply> {
    // One link per line; a link never holds a line break (Key-Uri-Format percent-encodes everything).
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    return this.reply(lines, 'text', undefined);
  }

  /** Accounts another app exported (read by the page, sent as canonical URIs), reviewed against the vault. */
  async importReview(req: RequestMap['import-review']): Promise<ScanReply> {
    const vault = await this.session.require();
    return buildScanReply(outcomeOfUris(req.items), 'import', undefined, vault.accounts(), {}, this.#seconds()).reply;
  }

  /** The clock for a review's side-by-side codes. */
  #seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async #readPicture(bytes: Uint8Array): Promise<string[]> {
    const format = imageFormat(bytes);
    let image: QrImage = bytes;
    if (!isDirectFormat(format)) {
      try {
        image = await toPixels(bytes);
      } catch (cause) {
        throw new QrReadError('unreadable-image', text('core_scan_picture_unopenable', format.toUpperCase()), {
          cause,
        });
      }
    }
    return readQrTexts(this.read, image, hasOtpText);
  }

  /** Shortcut and page menu: capture now (the user's gesture grants access), show the result in a window. */
  async scanTabToWindow(tabId: number, fromPage = false): Promise<void> {
    await this.#toWindow(tabId, 'tab', async () => {
      const local = fromPage ? this.pageCodes?.(tabId) : undefined;
      if (local) return { texts: local.links, page: local.page };
      const capture = await captureTab(tabId);
      return {
        texts: await readQrTexts(this.read, capture.image, hasOtpText),
        page: pageOf(capture.url, capture.title),
      };
    });
  }

  async #toWindow(
    tabId: number,
    source: ScanSource,
    scan: () => Promise<{ texts: string[]; page: Page }>,
  ): Promise<void> {
    let pending: PendingScan;
    try {
      const { texts, page } = await scan();
      pending = { at: this.now(), tabId, source, texts, ...(page ? { page } : {}) };
    } catch (e) {
      // Whatever went wrong is shown in the window: a menu click or a dragged box has no other place to say it.
      pending = {
        at: this.now(),
        tabId,
        source,
        error:
          e instanceof TwofoldError && e.text
            ? e.text
            : text('core_scan_failed', e instanceof Error ? e.message : String(e)),
      };
    }
    await this.store.set(PENDING_KEY, pending);
    await this.openWindow(`popup.html?tab=${tabId}#scan`);
  }

  /**
   * The scan left for this window. It stays until the window is done with it (`dismissPending`: saved,
   * or Back) or it expires, so a vault that locks during the review does not lose it.
   */
  async pending(): Promise<ResponseMap['scan-pending']> {
    const pending = await this.store.get<PendingScan>(PENDING_KEY);
    if (!pending) return {};
    if (this.now() - pending.at > PENDING_TTL_MS) {
      await this.dismissPending();
      return { expired: true };
    }
    if (pending.error !== undefined) return { error: pending.error, tabId: pending.tabId };
    return { scan: await this.reply(pending.texts ?? [], pending.source, pending.page), tabId: pending.tabId };
  }

  /** Forgets the pending scan (its texts hold secrets); also called every minute for expired ones. */
  async dismissPending(): Promise<void> {
    await this.store.remove(PENDING_KEY);
  }

  async expire(): Promise<void> {
    const pending = await this.store.get<PendingScan>(PENDING_KEY);
    if (pending && this.now() - pending.at > PENDING_TTL_MS) await this.dismissPending();
  }

  /** The popup's "Select the QR code": the page's content script draws the selection overlay. */
  async startRegion(tabId: number): Promise<void> {
    const page = await tabPage(tabId);
    if (!page.active) throw new CaptureError('not-visible', text('core_capture_not_visible'));
    await this.#ask(tabId, { kind: 'region', frameId: 0, at: this.now() });
    if (!(await sendToTab(tabId, { type: 'select-region' }, 0))) {
      await this.#ask(tabId, undefined);
      throw new CaptureError('protected-page', text('core_capture_cannot_draw'));
    }
  }

  #ask(tabId: number, value: Asked[string] | undefined): Promise<void> {
    return this.#serial(() => this.#writeAsk(tabId, value));
  }

  async #writeAsk(tabId: number, value: Asked[string] | undefined): Promise<void> {
    const asked = { ...((await this.store.get<Asked>(ASKED_KEY)) ?? {}) };
    if (value) asked[String(tabId)] = value;
    else delete asked[String(tabId)];
    await this.store.set(ASKED_KEY, asked);
  }

  /** Takes the tab's ask for this answer: checked and removed in one step, so it is honoured once. */
  #consume(sender: SenderInfo, kind: 'region' | 'image'): Promise<number> {
    return this.#serial(async () => {
      const tabId = sender.tabId as number;
      const asked = (await this.store.get<Asked>(ASKED_KEY))?.[String(tabId)];
      if (
        !asked ||
        asked.kind !== kind ||
        asked.frameId !== (sender.frameId ?? 0) ||
        this.now() - asked.at > ASK_TTL_MS
      ) {
        throw new ProtocolError(
          'forbidden',
          text(kind === 'region' ? 'core_protocol_region_not_asked' : 'core_protocol_image_not_asked'),
        );
      }
      await this.#writeAsk(tabId, undefined);
      return tabId;
    });
  }

  async regionSelected(req: RequestMap['region-selected'], sender: SenderInfo): Promise<void> {
    const tabId = await this.#consume(sender, 'region');
    await this.#toWindow(tabId, 'region', async () => {
      const capture = await captureTab(tabId);
      const region = regionInCapture(req.rect, req.viewport, imageSize(capture.image));
      const pixels = await toPixels(capture.image, region, upscaleFor(region));
      const texts = await readQrTexts(this.read, pixels, hasOtpText);
      // Pictures under the box, read by the page at their own resolution: sharp where the screen was not.
      for (const image of req.images ?? []) {
        try {
          texts.push(...(await this.#readPicture(pictureBytes(image))));
        } catch (e) {
          if (!(e instanceof QrReadError)) throw e;
        }
      }
      return { texts: [...new Set(texts)], page: pageOf(capture.url, capture.title) };
    });
  }

  /** "Add to Twofold" on an image: read that image itself, at its own resolution. */
  async imageMenu(click: MenuClick): Promise<void> {
    const src = click.srcUrl ?? '';
    const inline = src.startsWith('data:') ? readableDataUrl(src) : undefined;
    if (inline) {
      await this.#toWindow(click.tabId, 'image', async () => {
        const page = await tabPage(click.tabId);
        return { texts: await readQrTexts(this.read, inline, hasOtpText), page: pageOf(page.url, page.title) };
      });
      return;
    }
    // Other images (and SVG, which the worker cannot draw) are read by the page's content script.
    await this.#ask(click.tabId, { kind: 'image', frameId: click.frameId, at: this.now() });
    // Without a content script there, the visible tab is scanned instead.
    if (!(await sendToTab(click.tabId, { type: 'read-image', srcUrl: src }, click.frameId))) {
      await this.#ask(click.tabId, undefined);
      await this.scanTabToWindow(click.tabId);
    }
  }

  async imagePicked(req: RequestMap['image-picked'], sender: SenderInfo): Promise<void> {
    const tabId = await this.#consume(sender, 'image');
    const topFrame = (sender.frameId ?? 0) === 0;
    await this.#toWindow(tabId, 'image', async () => {
      if (req.image !== undefined) {
        const page = await tabPage(tabId);
        return { texts: await this.#readPicture(pictureBytes(req.image)), page: pageOf(page.url, page.title) };
      }
      // The image could not be read (another site's image, no CORS): its box on the screen is used instead.
      const capture = await captureTab(tabId);
      let image: QrImage = capture.image;
      if (req.rect && req.viewport && topFrame) {
        const region = regionInCapture(req.rect, req.viewport, imageSize(capture.image));
        image = await toPixels(capture.image, region, upscaleFor(region));
      }
      return { texts: await readQrTexts(this.read, image, hasOtpText), page: pageOf(capture.url, capture.title) };
    });
  }

  /**
   * Stores reviewed accounts: new ones added, "update" ones replacing the account with the same key;
   * one transaction. Every check runs inside the vault's queue (`applyMany`), against the accounts as
   * they are when the change is written: two saves of the same scan cannot both add it, and an HOTP
   * code handed out meanwhile is never shown again.
   */
  async enrol(req: RequestMap['enrol']): Promise<ResponseMap['enrol']> {
    const vault = await this.session.require();
    const parsed = req.items.map((item) => ({ item, params: parseOtpauthUri(item.uri).params }));
    const now = this.now();
    const { added, updated } = await vault.applyMany((current) => {
      refuseSameTarget(parsed, current);
      const adds: Omit<Account, 'id' | 'createdAt' | 'updatedAt' | 'order'>[] = [];
      const updates: { id: string; patch: Partial<Account> }[] = [];
      for (const { item, params } of parsed) {
        const same = current.find((a) => bytesEqual(a.otp.secret, params.secret));
        if (item.renewId !== undefined) {
          updates.push(renewal(current, item.renewId, params, item.sites, same, now));
          continue;
        }
        if (item.replaceId === undefined) {
          if (same)
            throw new VaultError(
              'duplicate',
              text('core_enrol_duplicate', accountName(same.otp.issuer, same.otp.account)),
            );
          if (adds.some((a) => bytesEqual(a.otp.secret, params.secret))) {
            throw new VaultError('duplicate', text('core_enrol_twice_in_change'));
          }
          // "Keep both" after a re-enrolment: the added account gets a name the stored one does not have.
          const names = [...current.map((a) => a.otp), ...adds.map((a) => a.otp)];
          adds.push({
            otp: { ...params, account: distinctAccountName(params.issuer, params.account, names) },
            sites: item.sites,
            notes: item.notes ?? '',
            recoveryCodes: [],
            pinned: item.pinned ?? false,
            ...groupOf(item.group),
          });
          continue;
        }
        const target = current.find((a) => a.id === item.replaceId);
        if (!target) throw new VaultError('bad-record', text('core_enrol_update_gone'));
        if (!bytesEqual(target.otp.secret, params.secret)) {
          throw new VaultError(
            'bad-record',
            text('core_enrol_different_key', accountName(target.otp.issuer, target.otp.account)),
          );
        }
        // An HOTP counter never moves back: a code already used must not be shown again.
        const otp =
          target.otp.kind === 'hotp' && params.kind === 'hotp' && target.otp.counter > params.counter
            ? { ...params, counter: target.otp.counter }
            : params;
        // The vault's own notes win; an imported note fills only an empty one.
        const notes = target.notes || item.notes || '';
        // Likewise the group: an imported one fills only an account without one.
        const group = target.group ? {} : groupOf(item.group);
        updates.push({
          id: target.id,
          patch: { otp, notes, sites: [...new Set([...target.sites, ...item.sites])], ...group },
        });
      }
      return { adds, updates };
    });
    return { added: added.map(toView), updated: updated.map(toView) };
  }

  /** Edit view's "Restore" of a previous key: swapped in inside the vault's queue, the current key kept in history. */
  async restoreKey(req: RequestMap['account-restore-key']): Promise<ResponseMap['account-restore-key']> {
    const vault = await this.session.require();
    const now = this.now();
    const { updated } = await vault.applyMany((current) => {
      const target = current.find((a) => a.id === req.id);
      if (!target) throw new VaultError('bad-record', text('core_enrol_update_gone'));
      const patch = restoreKeyPatch(target, req.replacedAt, now);
      const holder = current.find((a) => a.id !== target.id && bytesEqual(a.otp.secret, patch.otp.secret));
      if (holder)
        throw new VaultError(
          'duplicate',
          text('core_enrol_duplicate', accountName(holder.otp.issuer, holder.otp.account)),
        );
      return { adds: [], updates: [{ id: target.id, patch }] };
    });
    return { account: toView(updated[0] as Account) };
  }
}

/**
 * Two rows that would change one stored account (two new keys both replacing it, or an "update" and a
 * "replace" of it) cannot both be stored: refused before anything is planned, naming the account, rather than
 * failing in the vault's write as a whole, which would lose every other change of the review (docs/enrolment.md). The
 * review pre-selects "Keep both" for a second new key of one account, so this is reached only by the person's own
 * choices.
 */
function refuseSameTarget(
  parsed: readonly { item: RequestMap['enrol']['items'][number] }[],
  current: readonly Account[],
): void {
  const seen = new Set<string>();
  for (const { item } of parsed) {
    const id = item.renewId ?? item.replaceId;
    if (id === undefined) continue;
    if (seen.has(id)) {
      const target = current.find((a) => a.id === id);
      if (!target) throw new VaultError('bad-record', text('core_enrol_update_gone'));
      throw new VaultError(
        'same-account-twice',
        reenrolText('reenrol_enrol_same_target', accountName(target.otp.issuer, target.otp.account)),
        { recordId: id },
      );
    }
    seen.add(id);
  }
}

/**
 * "Replace the key of X" (docs/enrolment.md "Re-enrolment replaces, never duplicates"): the account `id` takes the new
 * key and keeps its id, names, sites, notes and recovery codes; its old key goes into its history
 * (lib/vault/key-history.ts). Refused when the account is gone or another account already holds this key (the review
 * would have said "already in Twofold").
 */
function renewal(
  current: readonly Account[],
  id: string,
  params: OtpParams,
  sites: readonly string[],
  holder: Account | undefined,
  now: number,
): { id: string; patch: Partial<Account> } {
  const target = current.find((a) => a.id === id);
  if (!target) throw new VaultError('bad-record', text('core_enrol_update_gone'));
  if (holder)
    throw new VaultError('duplicate', text('core_enrol_duplicate', accountName(holder.otp.issuer, holder.otp.account)));
  const patch = replaceKeyPatch(target, params, now);
  return { id, patch: { ...patch, sites: [...new Set([...target.sites, ...sites])] } };
}

/** A data: image the worker decodes itself (PNG, JPEG, GIF, BMP), or undefined for the page to read. */
function readableDataUrl(src: string): Uint8Array | undefined {
  try {
    const bytes = dataUrlBytes(src);
    return isDirectFormat(imageFormat(bytes)) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** Base64 from a message, or a clear error (never a raw decoder exception). */
function pictureBytes(encoded: string): Uint8Array {
  try {
    return base64.decode(encoded);
  } catch (cause) {
    throw new QrReadError('unreadable-image', text('core_scan_picture_damaged'), { cause });
  }
}

/** An imported group as the vault stores it (checked like one typed in: lib/vault/account-data.ts `cleanGroup`). */
function groupOf(group: string | undefined): { group?: string } {
  const name = group === undefined ? '' : cleanGroup(group);
  return name ? { group: name } : {};
}
