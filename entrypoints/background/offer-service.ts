import { AutoFillPolicy, type SavedTab } from '../../lib/fill/auto-fill-policy';
import { textsOf } from '../../lib/i18n/text';
import { scopeOf } from '../../lib/match/scope';
import type { HandlersFor } from '../../lib/messaging/define';
import type { ContentCommand, OfferMenu, OfferMenuItem, OfferNotice, SenderInfo } from '../../lib/messaging/protocol';
import type { offerRequests } from '../../lib/messaging/requests/offer';
import {
  type FieldOfferKind,
  OfferBindings,
  type OfferKind,
  type OfferRecord,
  type Presenter,
} from '../../lib/offer/bindings';
import { OfferError, text as offerText } from '../../lib/offer/errors';
import { type FillTarget, GrantStore, type GrantWhat } from '../../lib/offer/grants';
import {
  filled,
  type PendingRecovery,
  stepLeft,
  stepShown,
  tabChanged,
  verdictOf,
} from '../../lib/offer/recovery-pending';
import { currentCode } from '../../lib/otp/code';
import type { Account } from '../../lib/vault/account-data';
import { VaultError } from '../../lib/vault/errors';
import { isOffered, markRecoveryUsed, mergeRecoveryCodes, replacesRecoveryCodes } from '../../lib/vault/recovery-codes';
import type { VaultSession } from '../../lib/vault/session';
import en from '../../locales/en/core.json';
import lifecycleEn from '../../locales/en/lifecycle.json';
import type { SessionStore } from '../../platform/session-storage';
import type { CrossSite, CrossSiteTarget } from './cross-site';
import type { HardwareKeys } from './keys';

const text = textsOf(en);
const lifecycleText = textsOf(lifecycleEn);

/** A shortcut or context-menu command is honoured by the frame it was sent to within this time. */
const COMMAND_TTL_MS = 5000;
/** Where the offer frames' tokens and the tab's focused frame are kept across worker restarts. */
const STATE_KEY = 'offer-state';
/** The automatic-fill policy's per-tab record (interval, last automatic submit, halt), across worker restarts. */
const AUTO_FILL_KEY = 'auto-fill-state';

interface PersistedState {
  offers: Record<string, OfferRecord>;
  /** tabId → the frame that last reported a focused code field. */
  focus: Record<string, number>;
  /** Filled recovery codes whose fate is not known yet (lib/offer/recovery-pending.ts). */
  pending?: PendingRecovery[];
}

/** The persisted list of pending recovery codes, replaced as a whole by the pure functions that change it. */
interface Pending {
  list: PendingRecovery[];
}

/** Fewer codes than this on a page is not a set of recovery codes (lib/detect/recovery-list.ts MIN_CODES). */
const MIN_SHOWN_CODES = 4;

/** Offers beside which a refused automatic submit is never said: recovery-only fields and lists of codes. */
const NO_NOTICE = new Set<OfferKind>(['recovery', 'recovery-list']);

export interface OfferDeps {
  session: VaultSession;
  keys: Pick<HardwareKeys, 'offersFor' | 'codeForFill'>;
  store: SessionStore;
  /** Sends a command to one frame of a tab (never to all of them). */
  sendToFrame(tabId: number, frameId: number, command: ContentCommand): Promise<boolean>;
  /** Tells the offer frames (extension pages) something; each keeps only what names its own token. */
  notifyFrames(message: { type: 'offer-moved' | 'offer-key-open' | 'offer-notice'; offer: string }): Promise<void>;
  crossSite: Pick<CrossSite, 'open'>;
  now(): number;
  random(n: number): Uint8Array;
  /**
   * Whether the person said "Never offer on this site" for the page at `url` (entrypoints/background/site-overrides.ts;
   * false while locked). Absent: no site is silenced.
   */
  silenced?(url: string | undefined): Promise<boolean>;
  /** Whether the tab shows a two-factor QR code (docs/qr-notice.md). Absent: never. */
  pageQr?(tabId: number): boolean;
}

function originOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').origin;
  } catch {
    return 'null';
  }
}

function contentFrame(sender: SenderInfo): FillTarget {
  if (sender.tabId === undefined || sender.frameId === undefined) {
    throw new OfferError('wrong-sender', offerText('offer_error_wrong_sender'));
  }
  return { tabId: sender.tabId, frameId: sender.frameId, origin: originOf(sender.url) };
}

const ok = { ok: true } as const;

/**
 * The in-page offer's authority (docs/architecture.md "Autofill in a page"): offer tokens and their frames, one-time
 * fill grants, the shortcut's and the context menu's single target frame, and automatic fills. Every decision comes
 * from the browser's sender records; the content script only ever receives a code in exchange for a grant made after a
 * trusted gesture.
 */
export class OfferService {
  readonly #d: OfferDeps;
  readonly #grants: GrantStore;
  // The service's clock; one set back counts as inside the 30 s window (lib/fill/auto-fill-policy.ts). Loaded from
  // storage.session on first use, so a halt outlives the worker (see #policy).
  #autoFill: Promise<AutoFillPolicy> | undefined;
  /** Grants of automatic fills (→ tab): their fill-code records an automatic submit; any other fill is by hand. */
  readonly #autoGrants = new Map<string, number>();
  /**
   * Grants made after "Unlock Twofold" from a page (→ tab). The person clicked Unlock, not a code: such a fill is
   * never submitted and is no fill by hand (it does not end a halt).
   */
  readonly #unlockGrants = new Map<string, number>();
  /**
   * tabId → a fill of that tab's page that was not submitted, and why (until the page is left). A refused automatic
   * submit needs no entry here: it is the policy's halt, which outlives the worker.
   */
  readonly #notSubmitted = new Map<number, { origin: string; notice: OfferNotice }>();
  /** `${tabId}:${frameId}` → until when a command sent to that frame may be answered with `fill-asked`. */
  readonly #commands = new Map<string, number>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: OfferDeps) {
    this.#d = deps;
    this.#grants = new GrantStore({ now: deps.now, random: deps.random });
    deps.session.onLock(() => this.vaultLocked());
  }

  /**
   * The vault locked: the codes recovery-list offers hold (a page's recovery codes, in storage.session in the clear)
   * are dropped; such an offer then has nothing left to save.
   */
  async vaultLocked(): Promise<void> {
    await this.#state((b) => b.dropCodes());
  }

  /** Runs `fn` on the persisted state, one at a time, and saves it afterwards. */
  #state<T>(fn: (bindings: OfferBindings, focus: Record<string, number>, pending: Pending) => T): Promise<T> {
    const run = this.#queue.then(async () => {
      const saved: PersistedState = (await this.#d.store.get<PersistedState>(STATE_KEY)) ?? { offers: {}, focus: {} };
      const bindings = new OfferBindings(this.#d.random, saved.offers);
      const focus = { ...saved.focus };
      const pending: Pending = { list: [...(saved.pending ?? [])] };
      const result = fn(bindings, focus, pending);
      const next: PersistedState = {
        offers: bindings.snapshot(),
        focus,
        ...(pending.list.length > 0 || saved.pending ? { pending: pending.list } : {}),
      };
      // Most requests only read (the menu, a pick): no write, so a click after a worker restart stays quick.
      if (JSON.stringify(next) !== JSON.stringify(saved)) await this.#d.store.set(STATE_KEY, next);
      return result;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** The automatic-fill policy, with its per-tab record from storage.session (Chrome stops idle workers). */
  #policy(): Promise<AutoFillPolicy> {
    this.#autoFill ??= this.#d.store
      .get<Record<string, SavedTab>>(AUTO_FILL_KEY)
      .catch(() => undefined)
      .then((saved) => new AutoFillPolicy(() => this.#d.now(), undefined, saved ?? {}));
    return this.#autoFill;
  }

  async #savePolicy(policy: AutoFillPolicy): Promise<void> {
    await this.#d.store.set(AUTO_FILL_KEY, policy.snapshot());
  }

  /** Tells the tab's offer frames of `origin` to open and say their notice (they read it with `offer-menu`). */
  async #notify(tabId: number, origin: string): Promise<void> {
    const offers = await this.#state((b) =>
      Object.entries(b.snapshot())
        .filter(([, r]) => r.tabId === tabId && r.origin === origin && !NO_NOTICE.has(r.kind))
        // A parked offer's field is hidden: its frame stays out of sight (it says the notice once shown again).
        .filter(([, r]) => !r.hidden)
        .map(([token]) => token),
    );
    for (const offer of offers) await this.#d.notifyFrames({ type: 'offer-notice', offer });
  }

  /** The notice for an offer frame of `tabId` at `origin`: the refused account's names (names only), or why not. */
  async #noticeFor(tabId: number, origin: string): Promise<OfferNotice | undefined> {
    const halt = (await this.#policy()).haltOf(tabId, origin);
    if (halt) {
      const vault = await this.#d.session.require().catch(() => undefined);
      const account = vault?.accounts().find((a) => a.id === halt.accountId);
      return { what: 'refused', issuer: account?.otp.issuer ?? '', account: account?.otp.account ?? '' };
    }
    const held = this.#notSubmitted.get(tabId);
    return held?.origin === origin ? held.notice : undefined;
  }

  /**
   * The tab closed or loads another page: its offers, grants, focus and pending commands are void. `url`: the tab's
   * new top-level page, when the browser said; a page of another site ends the tab's halt (the visit is over).
   */
  async tabReset(tabId: number, closed: boolean, url?: string): Promise<void> {
    this.#grants.forgetTab(tabId);
    for (const [grant, tab] of this.#autoGrants) if (tab === tabId) this.#autoGrants.delete(grant);
    for (const [grant, tab] of this.#unlockGrants) if (tab === tabId) this.#unlockGrants.delete(grant);
    // A "not submitted" notice is about the page that was left; a refusal stays while the tab is halted.
    this.#notSubmitted.delete(tabId);
    const policy = await this.#policy();
    if (closed) {
      policy.forget(tabId);
      await this.#savePolicy(policy);
    } else if (policy.pageLoaded(tabId, url === undefined ? undefined : originOf(url))) await this.#savePolicy(policy);
    for (const key of this.#commands.keys()) if (key.startsWith(`${tabId}:`)) this.#commands.delete(key);
    const now = this.#d.now();
    await this.#state((bindings, focus, pending) => {
      bindings.forgetTab(tabId);
      delete focus[tabId];
      pending.list = tabChanged(pending.list, tabId, closed, now);
    });
    await this.#settleRecovery();
  }

  /**
   * Pending recovery codes whose step succeeded are marked used in the vault (usedAt from the service's clock).
   * While the vault is locked they wait: they are still never offered.
   */
  async #settleRecovery(): Promise<void> {
    if ((await this.#d.session.state()) !== 'unlocked') return;
    const now = this.#d.now();
    const used = await this.#state((_b, _f, pending) => {
      const done = pending.list.filter((p) => verdictOf(p, now) === 'used');
      pending.list = pending.list.filter((p) => !done.includes(p));
      return done;
    });
    if (used.length === 0) return;
    const vault = await this.#d.session.require();
    for (const u of used) {
      const account = vault.accounts().find((a) => a.id === u.accountId);
      if (account)
        await vault.update(account.id, { recoveryCodes: markRecoveryUsed(account.recoveryCodes, u.code, now) });
    }
  }

  /** Every filled recovery code still waiting for a verdict (the recovery sheet leaves them off). */
  pendingRecovery(): Promise<{ accountId: string; code: string }[]> {
    return this.#state((_b, _f, pending) => pending.list.map((p) => ({ accountId: p.accountId, code: p.code })));
  }

  /** The recovery codes of `accountId` that were filled and wait for a verdict: never offered meanwhile. */
  #pendingCodes(accountId: string): Promise<string[]> {
    return this.#state((_b, _f, pending) => pending.list.filter((p) => p.accountId === accountId).map((p) => p.code));
  }

  /** The fill shortcut: only the frame that last reported a focused code field hears of it. */
  async shortcut(tabId: number): Promise<void> {
    const frameId = await this.#state((_b, focus) => focus[tabId]);
    if (frameId === undefined) return;
    this.#commands.set(`${tabId}:${frameId}`, this.#d.now() + COMMAND_TTL_MS);
    await this.#d.sendToFrame(tabId, frameId, { type: 'fill-best' });
  }

  /** The context-menu entry: only the frame that was right-clicked. */
  async contextMenu(tabId: number, frameId: number): Promise<void> {
    this.#commands.set(`${tabId}:${frameId}`, this.#d.now() + COMMAND_TTL_MS);
    await this.#d.sendToFrame(tabId, frameId, { type: 'fill-here' });
  }

  /** After the cross-site window's pick: a grant for that frame, consumed through the same check. */
  async crossSitePick(target: CrossSiteTarget, accountId: string): Promise<void> {
    const vault = await this.#d.session.require();
    if (vault.get(accountId).otp.kind === 'hotp') {
      throw new OfferError('refused', offerText('offer_error_hotp_cross_site'));
    }
    const { tabId, frameId, origin, offer } = target;
    const grant = this.#grants.create({ tabId, frameId, origin, accountId, what: 'code', crossSite: true });
    await this.#d.sendToFrame(tabId, frameId, { type: 'fill-grant', grant, ...(offer ? { offer } : {}) });
  }

  /** Accounts (and key slots) offered at `url`, exact ones first. */
  async #offered(url: string): Promise<{ account?: Account; item: OfferMenuItem }[]> {
    const vault = await this.#d.session.require();
    const scoped = vault
      .accounts()
      .map((a) => ({ a, scope: scopeOf(a, url) }))
      .filter((x) => x.scope !== 'none')
      .sort((x, y) => (x.scope === y.scope ? 0 : x.scope === 'exact' ? -1 : 1));
    const now = this.#d.now() / 1000;
    const accounts = scoped.map(({ a, scope }) => ({
      account: a,
      item: {
        id: a.id,
        issuer: a.otp.issuer,
        account: a.otp.account,
        kind: a.otp.kind,
        ...(a.otp.kind === 'hotp' ? {} : { code: currentCode(a.otp, now).code }),
        related: scope === 'related',
        what: 'code' as GrantWhat,
      },
    }));
    const slots = (await this.#d.keys.offersFor(url).catch(() => [])).map((s) => ({
      item: {
        id: s.id,
        issuer: s.issuer,
        account: s.account,
        kind: s.kind,
        source: 'key' as const,
        // keys.offersFor lists exact-site slots only.
        related: false,
        what: 'code' as GrantWhat,
      },
    }));
    return [...accounts, ...slots];
  }

  async #menuItems(url: string, kind: OfferKind, shown: readonly string[] = []): Promise<OfferMenuItem[]> {
    const offered = await this.#offered(url);
    if (kind === 'recovery-list') {
      // Codes a page shows are saved only to an account of exactly that site (never a related host, never a key).
      // Nothing to save (the vault locked since, and the codes were dropped): no entry.
      if (shown.length === 0) return [];
      return offered.flatMap(({ account, item }) => {
        if (!account || item.related) return [];
        const replaces = replacesRecoveryCodes(account.recoveryCodes, shown);
        return [
          {
            id: item.id,
            issuer: item.issuer,
            account: item.account,
            kind: item.kind,
            related: false,
            what: 'save-recovery' as const,
            ...(replaces > 0 ? { replaces } : {}),
          },
        ];
      });
    }
    const codes = offered.map((o) => o.item);
    if (kind !== 'recovery' && kind !== 'dual') return codes;
    // Recovery fields: each account's next unused code first, then its other unused ones, so the one the site most
    // likely expects is on top (docs/architecture.md "Recovery codes"). Codes filled and still waiting for a verdict
    // are left out: they may be spent already.
    const next: OfferMenuItem[] = [];
    const more: OfferMenuItem[] = [];
    const pending = await this.#state((_b, _f, p) => p.list);
    for (const { account, item } of offered) {
      if (!account) continue;
      const waiting = pending.filter((p) => p.accountId === account.id).map((p) => p.code);
      const unused = account.recoveryCodes.filter((r) => isOffered(r) && !waiting.includes(r.code));
      unused.forEach((r, i) => {
        (i === 0 ? next : more).push({
          id: item.id,
          issuer: item.issuer,
          account: item.account,
          kind: item.kind,
          related: item.related,
          what: 'recovery',
          code: r.code,
        });
      });
    }
    // Fields that take either ("token or recovery code", the `dual` kind of docs/detection.md): the current codes
    // first, the recovery codes after them.
    return kind === 'dual' ? [...codes, ...next, ...more] : [...next, ...more];
  }

  /**
   * A filled recovery code the person is asked about, for an account this origin's menu lists, and only a code that
   * was filled into exactly this origin: a related host's frame never asks about (nor marks used) another's code.
   */
  async #question(origin: string): Promise<OfferMenu['question']> {
    const now = this.#d.now();
    const asked = (await this.#state((_b, _f, p) => p.list)).filter(
      (p) => p.origin === origin && verdictOf(p, now) === 'ask',
    );
    if (asked.length === 0) return undefined;
    for (const { account } of await this.#offered(origin)) {
      const q = account && asked.find((p) => p.accountId === account.id);
      if (account && q)
        return { id: account.id, issuer: account.otp.issuer, account: account.otp.account, code: q.code };
    }
    return undefined;
  }

  /** The shortcut's and the context menu's fill: the best entry for the field's kind (SMS/e-mail fields get none). */
  async #grantBest(target: FillTarget, url: string, kind: FieldOfferKind): Promise<void> {
    const best = (await this.#menuItems(url, kind))[0];
    if (!best || best.what === 'save-recovery') return;
    const grant = this.#grants.create({
      ...target,
      accountId: best.id,
      what: best.what,
      crossSite: false,
      ...(best.what === 'recovery' && best.code ? { code: best.code } : {}),
    });
    await this.#d.sendToFrame(target.tabId, target.frameId, { type: 'fill-grant', grant });
  }

  /** The offer domain's handlers (lib/messaging/requests/offer.ts): every offer request, and nothing else. */
  handlers(): HandlersFor<typeof offerRequests> {
    const d = this.#d;
    return {
      'offer-open': async (req, sender) => {
        const frame = contentFrame(sender);
        // No vault: no UI at all, or any page could learn that Twofold is installed (docs/architecture.md attack 8).
        const state = await d.session.state();
        if (state === 'none') throw new OfferError('no-vault', offerText('offer_error_no_vault'));
        // "Never offer on this site" (README "When a field is missed"), decided from the sender record's URL. Only
        // known once unlocked: until then the frame appears and offers unlocking, like everywhere else.
        if (await d.silenced?.(sender.url)) throw new OfferError('refused', offerText('offer_error_wrong_sender'));
        const now = d.now();
        if (req.kind === 'recovery-list') {
          // Recovery codes a page shows (docs/architecture.md attack 14): offered under the same rule as code fields (a
          // vault exists), whether it is locked or not and whatever accounts it holds. Whether this site has an account
          // is said only inside the frame's menu: a page that plants codes and watches for our iframe learns nothing
          // about the vault (docs/architecture.md, threat model). The page's codes are kept with the offer until a
          // pick, and dropped when the vault locks (forgetShownCodes).
          const codes = req.codes ?? [];
          if (codes.length < MIN_SHOWN_CODES) throw new OfferError('refused', offerText('offer_error_wrong_sender'));
          const offer = await this.#state((b) => b.mint({ ...frame, kind: 'recovery-list', codes, createdAt: now }));
          return { offer };
        }
        const offer = await this.#state((b, _f, pending) => {
          // The recovery step shown again right after a recovery code was filled: ask whether the site took it.
          if (req.kind === 'recovery' || req.kind === 'dual') {
            pending.list = stepShown(pending.list, frame.tabId, frame.origin, now);
          }
          // `enrol` is the page's word: trusting it is safe, since it only ever means less done by itself.
          return b.mint({ ...frame, kind: req.kind, createdAt: now, ...(req.enrol ? { enrol: true } : {}) });
        });
        return { offer };
      },
      'offer-moved': async (req, sender) => {
        const from = contentFrame(sender);
        await this.#state((b) =>
          req.hidden === undefined ? b.ofContent(req.offer, from) : b.setHidden(req.offer, from, req.hidden),
        );
        await d.notifyFrames({ type: 'offer-moved', offer: req.offer });
        return ok;
      },
      'offer-key-open': async (req, sender) => {
        await this.#state((b) => b.ofContent(req.offer, contentFrame(sender)));
        await d.notifyFrames({ type: 'offer-key-open', offer: req.offer });
        return ok;
      },
      'code-field-focus': async (_req, sender) => {
        const { tabId, frameId } = contentFrame(sender);
        await this.#state((_b, focus) => {
          focus[tabId] = frameId;
        });
        return ok;
      },
      'code-field-ready': async (req, sender) => {
        const target = contentFrame(sender);
        // Automatic fills (docs/auto-fill.md; docs/architecture.md attacks 6 and 7): only when turned on, only
        // TOTP/Steam of exactly one account of exactly this site (never HOTP, never a key slot), at most once per page
        // load and per 30 s per tab.
        if (req.kind !== 'totp') return ok;
        const policy = await this.#policy();
        // At most one attempt (docs/auto-fill.md "When the site refuses"; sites lock an account after a few
        // failures): a code step of the same site soon after this tab's automatic submit (the step came
        // back, or an error next to the field) means the site refused that code: stop, and say so beside the field.
        if (!req.enrol) {
          const halt = policy.stepCameBack(target.tabId, target.origin);
          if (halt) {
            await this.#savePolicy(policy);
            await this.#notify(target.tabId, target.origin);
            return ok;
          }
        }
        if (req.refused) return ok;
        if ((await d.session.state()) !== 'unlocked') return ok;
        if ((await d.session.preferences()).fillMode !== 'auto-single') return ok;
        if (await d.silenced?.(sender.url)) return ok;
        const url = sender.url ?? '';
        const vault = await d.session.require();
        const matching = vault.accounts().filter((a) => scopeOf(a, url) !== 'none');
        const slots = await d.keys.offersFor(url).catch(() => []);
        const [only] = matching;
        if (!only || matching.length !== 1 || slots.length > 0) return ok;
        if (scopeOf(only, url) !== 'exact') return ok;
        // Every field of a page load counts as one (fieldKey ''): at most one automatic fill per page load.
        const allowed = policy.allow({
          tabId: target.tabId,
          pageLoadId: 0,
          fieldKey: '',
          accountId: only.id,
          kind: only.otp.kind,
          origin: target.origin,
          enrolment: req.enrol === true,
          topFrame: target.frameId === 0,
        });
        if (allowed !== true) return ok;
        await this.#savePolicy(policy);
        const grant = this.#grants.create({ ...target, accountId: only.id, what: 'code', crossSite: false });
        this.#autoGrants.set(grant, target.tabId);
        // Automatic (the person did not ask at this moment): a failure is not said in the page (docs/architecture.md).
        await d.sendToFrame(target.tabId, target.frameId, { type: 'fill-grant', grant, auto: true });
        return ok;
      },
      'fill-not-submitted': async (req, sender) => {
        const target = contentFrame(sender);
        this.#notSubmitted.set(target.tabId, {
          origin: target.origin,
          notice: { what: 'not-submitted', why: req.why },
        });
        await this.#notify(target.tabId, target.origin);
        return ok;
      },
      'fill-asked': async (req, sender) => {
        const target = contentFrame(sender);
        const key = `${target.tabId}:${target.frameId}`;
        const until = this.#commands.get(key);
        this.#commands.delete(key);
        // Only a frame the shortcut or the context menu was sent to, once, shortly after.
        if (until === undefined || until < d.now())
          throw new OfferError('wrong-sender', offerText('offer_error_wrong_sender'));
        if ((await d.session.state()) !== 'unlocked') return ok;
        await this.#grantBest(target, sender.url ?? '', req.kind);
        return ok;
      },
      'fill-code': async (req, sender) => {
        const target = contentFrame(sender);
        // The sender's tab, frame and origin NOW must be the grant's; used or expired grants are refused.
        const grant = this.#grants.consume(req.grant, target);
        const url = sender.url ?? '';
        const { submitAfterFill } = await d.session.preferences();
        const automatic = this.#autoGrants.delete(req.grant);
        // After "Unlock Twofold": the person clicked Unlock, not a code. Never submitted, and not theirs by hand.
        const afterUnlock = this.#unlockGrants.delete(req.grant);
        const submit = submitAfterFill && !afterUnlock;
        const policy = await this.#policy();
        // An automatic fill that will be submitted: if this site's code step comes back soon, it refused the code.
        // A pick, the shortcut, the context menu or the popup's Fill is the person's: it ends a halt (they chose the
        // account and the moment).
        if (automatic && submit) policy.submitted(target.tabId, target.origin, grant.accountId);
        else if (!automatic && !afterUnlock) policy.filledByHand(target.tabId);
        this.#notSubmitted.delete(target.tabId);
        await this.#savePolicy(policy);
        if (grant.accountId.startsWith('key:')) {
          if (grant.crossSite) throw new OfferError('refused', offerText('offer_error_wrong_sender'));
          return { code: await d.keys.codeForFill(grant.accountId, url), submit };
        }
        const vault = await d.session.require();
        const account = vault.get(grant.accountId);
        if (grant.crossSite) {
          if (account.otp.kind === 'hotp') throw new OfferError('refused', offerText('offer_error_hotp_cross_site'));
        } else if (scopeOf(account, url) === 'none') {
          throw new VaultError('not-for-this-site', text('core_fill_not_for_site'));
        }
        if (grant.what === 'recovery') {
          // One recovery code per pick. It is pending, not used, until the step is seen to succeed (or the person
          // says so): never offered again meanwhile (lib/offer/recovery-pending.ts).
          const waiting = await this.#pendingCodes(account.id);
          const next = account.recoveryCodes.find(
            (r) => isOffered(r) && !waiting.includes(r.code) && (grant.code === undefined || r.code === grant.code),
          );
          if (!next) throw new OfferError('refused', offerText('offer_error_no_recovery'));
          const filledAt = d.now();
          await this.#state((_b, _f, pending) => {
            pending.list = filled(pending.list, {
              accountId: account.id,
              code: next.code,
              tabId: target.tabId,
              frameId: target.frameId,
              origin: target.origin,
              filledAt,
            });
          });
          return { code: next.code, submit };
        }
        // "Recently used" counts a fill as a use (docs/vault-format.md "Usage"); it never stops the fill.
        await vault.recordUse(account.id).catch(() => {});
        if (account.otp.kind === 'hotp') return { code: await vault.nextHotpCode(account.id), submit };
        return { code: currentCode(account.otp, d.now() / 1000).code, submit };
      },
      'recovery-step-left': async (req, sender) => {
        const target = contentFrame(sender);
        const now = d.now();
        await this.#state((b, _f, pending) => {
          // The content script's own offer (tab, frame and origin checked against the sender record): which codes
          // it concerns comes from the pending list, never from the message.
          const rec = b.ofContent(req.offer, target);
          if (rec.kind !== 'recovery' && rec.kind !== 'dual') return;
          const offers = Object.entries(b.snapshot());
          // A recovery or dual field of the same site offered in that tab since the fill: the step came back.
          const cameBack = (filledAt: number) =>
            offers.some(
              ([token, r]) =>
                token !== req.offer &&
                r.tabId === rec.tabId &&
                r.origin === rec.origin &&
                (r.kind === 'recovery' || r.kind === 'dual') &&
                r.createdAt > filledAt,
            );
          pending.list = stepLeft(pending.list, rec, now, cameBack);
        });
        // The content script says so again once SETTLE_MS passed: that is when a code with no step back is used.
        await this.#settleRecovery();
        return ok;
      },
      'offer-hello': async (req, sender) => {
        if (!/^\/offer-frame\.html$/.test(new URL(sender.url ?? 'about:blank').pathname)) {
          throw new OfferError('wrong-sender', offerText('offer_error_wrong_sender'));
        }
        const rec = await this.#state((b) => b.hello(req.offer, sender));
        // A refused automatic submit is said beside code fields only (never beside recovery codes).
        const notice = !NO_NOTICE.has(rec.kind) && (await this.#noticeFor(rec.tabId, rec.origin)) !== undefined;
        return {
          kind: rec.kind,
          state: await d.session.state(),
          ...(notice ? { notice } : {}),
          ...(rec.codes ? { count: rec.codes.length } : {}),
        };
      },
      'offer-menu': async (req, sender) => {
        const rec = await this.#state((b) => b.ofFrame(req.offer, sender));
        const state = await d.session.state();
        if (state !== 'unlocked') return { state, kind: rec.kind, items: [] };
        // An offer made while locked on a site the person silenced: nothing listed, a line says why.
        if (await d.silenced?.(rec.origin)) return { state, kind: rec.kind, items: [], silenced: true };
        await this.#settleRecovery();
        const items = await this.#menuItems(rec.origin, rec.kind, rec.codes);
        if (rec.kind === 'recovery-list') return { state, kind: rec.kind, items, count: rec.codes?.length ?? 0 };
        const notice = NO_NOTICE.has(rec.kind) ? undefined : await this.#noticeFor(rec.tabId, rec.origin);
        const question = rec.kind === 'recovery' || rec.kind === 'dual' ? await this.#question(rec.origin) : undefined;
        // No account for this site yet, and the tab shows its QR code: "Scan the QR code on this page" first.
        const pageQr = items.length === 0 && !NO_NOTICE.has(rec.kind) && d.pageQr?.(rec.tabId) === true;
        return {
          state,
          kind: rec.kind,
          items,
          ...(notice ? { notice } : {}),
          ...(question ? { question } : {}),
          ...(pageQr ? { pageQr } : {}),
        };
      },
      'offer-pick': async (req, sender) => {
        const rec = await this.#state((b) => b.ofFrame(req.offer, sender));
        // Only what this frame's menu lists: this site's accounts (another site's go through the cross-site window).
        const item = (await this.#menuItems(rec.origin, rec.kind, rec.codes)).find(
          (i) =>
            i.id === req.id && i.what === req.what && (req.what !== 'recovery' || !req.code || i.code === req.code),
        );
        if (!item) throw new VaultError('not-for-this-site', text('core_fill_not_for_site'));
        if (item.what === 'save-recovery') {
          // The page's own codes, to its own site's account, after a guarded click in the frame
          // (docs/architecture.md attack 14).
          const vault = await d.session.require();
          const account = vault.get(item.id);
          // A new set (nothing in common with the unused stored codes) goes first; the old ones are superseded.
          const { codes, added, superseded } = mergeRecoveryCodes(account.recoveryCodes, rec.codes ?? [], d.now());
          if (added > 0 || superseded > 0) await vault.update(account.id, { recoveryCodes: codes });
          return ok;
        }
        const grant = this.#grants.create({
          tabId: rec.tabId,
          frameId: rec.frameId,
          origin: rec.origin,
          accountId: item.id,
          what: item.what,
          crossSite: false,
          ...(item.what === 'recovery' && item.code ? { code: item.code } : {}),
        });
        await d.sendToFrame(rec.tabId, rec.frameId, { type: 'fill-grant', grant, offer: req.offer });
        return ok;
      },
      'offer-recovery-answer': async (req, sender) => {
        const rec = await this.#state((b) => b.ofFrame(req.offer, sender));
        // Only a question this frame's menu asks: an account of its site with a code waiting for a verdict.
        const question = await this.#question(rec.origin);
        if (!question || question.id !== req.id)
          throw new VaultError('not-for-this-site', text('core_fill_not_for_site'));
        await this.#state((_b, _f, pending) => {
          pending.list = pending.list.filter((p) => !(p.accountId === req.id && p.code === question.code));
        });
        if (req.used) {
          const vault = await d.session.require();
          const account = vault.get(req.id);
          await vault.update(account.id, {
            recoveryCodes: markRecoveryUsed(account.recoveryCodes, question.code, d.now()),
          });
        }
        return ok;
      },
      'offer-layout': async (req, sender) => {
        const rec = await this.#state((b) => b.ofFrame(req.offer, sender));
        await d.sendToFrame(rec.tabId, rec.frameId, {
          type: 'offer-layout',
          offer: req.offer,
          open: req.open,
          ...(req.focusField ? { focusField: true } : {}),
        });
        return ok;
      },
      'offer-others': async (req, sender) => {
        const rec = await this.#state((b) => b.ofFrame(req.offer, sender));
        // The offer names the field that asked: the grant goes back to it, not to whichever field has focus then.
        await d.crossSite.open({ tabId: rec.tabId, frameId: rec.frameId, origin: rec.origin, offer: req.offer });
        return ok;
      },
    };
  }

  /** The offer a bound offer frame speaks for (the unlock window remembers which field asked). */
  frameOffer(offer: string, sender: SenderInfo): Promise<OfferRecord> {
    return this.#state((b) => b.ofFrame(offer, sender));
  }

  /**
   * The vault was unlocked from the window the offer `offer` opened (docs/auto-fill.md "When the site refuses"):
   * exactly one account of exactly this site, time-based, and no key slot → its code fills that field through a grant
   * (never submitted); otherwise the frame opens its menu again. Also the menu, never a fill, when the site refused
   * this tab's automatic submit (the halt: that code again could lock the account), on a silenced site, on an enrolment step (its code is
   * of a key not saved yet) and when the field is hidden for now. Decided from the records the offer was made with,
   * never from the window. 'gone' when the field's page went away meanwhile.
   */
  async afterUnlock(offer: string, frame: Presenter): Promise<'filled' | 'menu' | 'gone'> {
    let rec: OfferRecord;
    try {
      rec = await this.#state((b) => b.ofFrame(offer, frame));
    } catch {
      return 'gone';
    }
    // A site the person silenced ("Never offer on this site"), known only now that the vault is open: never a fill;
    // the menu, which then shows the silenced note ('offer-menu').
    if (await this.#d.silenced?.(rec.origin)) {
      await this.#d.notifyFrames({ type: 'offer-key-open', offer });
      return 'menu';
    }
    const halted = (await this.#policy()).haltOf(rec.tabId, rec.origin) !== undefined;
    if ((rec.kind === 'totp' || rec.kind === 'dual') && !halted && !rec.enrol && !rec.hidden) {
      const matching = (await this.#d.session.require()).accounts().filter((a) => scopeOf(a, rec.origin) !== 'none');
      const slots = await this.#d.keys.offersFor(rec.origin).catch(() => []);
      const [only] = matching;
      if (only && matching.length === 1 && slots.length === 0 && only.otp.kind !== 'hotp') {
        if (scopeOf(only, rec.origin) === 'exact') {
          const { tabId, frameId, origin } = rec;
          const grant = this.#grants.create({
            tabId,
            frameId,
            origin,
            accountId: only.id,
            what: 'code',
            crossSite: false,
          });
          this.#unlockGrants.set(grant, tabId);
          // Automatic, as for auto-single: the unlock window asked to unlock, not for this fill at this moment.
          await this.#d.sendToFrame(tabId, frameId, { type: 'fill-grant', grant, offer, auto: true });
          return 'filled';
        }
      }
    }
    await this.#d.notifyFrames({ type: 'offer-key-open', offer });
    return 'menu';
  }

  /**
   * The code fields in `tabId` (offers of kind 'totp', and 'dual': a field that takes a code or a recovery code),
   * the focused frame's first, then the newest first. Parked offers are left out: their fields are hidden.
   */
  async #codeOffers(tabId: number): Promise<[string, OfferRecord][]> {
    return this.#state((b, focus) =>
      Object.entries(b.snapshot())
        .filter(([, r]) => r.tabId === tabId && (r.kind === 'totp' || r.kind === 'dual') && !r.hidden)
        .sort(
          ([, x], [, y]) =>
            Number(y.frameId === focus[tabId]) - Number(x.frameId === focus[tabId]) || y.createdAt - x.createdAt,
        ),
    );
  }

  /**
   * The origins of the page frames that have offers in `tabId` (as their sender records gave them), the top frame's
   * first: the popup's "Never offer on this site" silences the first.
   */
  async tabOrigins(tabId: number): Promise<string[]> {
    const records = await this.#state((b) => Object.values(b.snapshot()).filter((r) => r.tabId === tabId));
    records.sort((x, y) => Number(x.frameId !== 0) - Number(y.frameId !== 0) || y.createdAt - x.createdAt);
    return [...new Set(records.map((r) => r.origin))];
  }

  /** The accounts the popup may offer "Fill" for in `tabId`: exactly the site of one of its code fields. */
  async fillable(tabId: number): Promise<string[]> {
    if ((await this.#d.session.state()) !== 'unlocked') return [];
    const origins = new Set((await this.#codeOffers(tabId)).map(([, r]) => r.origin));
    const vault = await this.#d.session.require();
    return vault
      .accounts()
      .filter((a) => [...origins].some((o) => scopeOf(a, o) === 'exact'))
      .map((a) => a.id);
  }

  /**
   * The popup's "Fill" (`popup-fill` in docs/messages.md): a one-time grant for the code field of `tabId` whose site is
   * exactly the account's, sent with that field's offer; the content script exchanges it with `fill-code`, which checks
   * the frame's tab, id and origin again. The popup never sends the code anywhere.
   */
  async popupFill(tabId: number, accountId: string): Promise<void> {
    const account = (await this.#d.session.require()).get(accountId);
    const target = (await this.#codeOffers(tabId)).find(([, r]) => scopeOf(account, r.origin) === 'exact');
    if (!target) throw new OfferError('refused', lifecycleText('lifecycle_fill_no_field'));
    const [offer, { frameId, origin }] = target;
    const grant = this.#grants.create({ tabId, frameId, origin, accountId, what: 'code', crossSite: false });
    await this.#d.sendToFrame(tabId, frameId, { type: 'fill-grant', grant, offer });
  }
}
