import { crossSiteCandidates } from '../../lib/cross-site/candidates';
import { CrossSiteError } from '../../lib/cross-site/errors';
import {
  addRequest,
  type CrossSiteTarget,
  findRequest,
  ID_BYTES,
  type PendingRequests,
  pruneRequests,
  takeRequest,
} from '../../lib/cross-site/requests';
import { describeRequester, rememberSite } from '../../lib/cross-site/site';
import { textsOf } from '../../lib/i18n/text';
import type { RequestMap, ResponseMap, SenderInfo } from '../../lib/messaging/protocol';
import type { Account } from '../../lib/vault/account-data';
import { VaultError } from '../../lib/vault/errors';
import type { SessionPort, VaultSession } from '../../lib/vault/session';
import en from '../../locales/en/picker.json';

export type { CrossSiteTarget } from '../../lib/cross-site/requests';

const text = textsOf(en);

/** The picker page (entrypoints/picker/); not web-accessible, so no page can frame or open it. */
export const PICKER_PAGE = 'picker.html';
/** Where pending requests live when a session store is given (storage.session: outlives a worker restart). */
const PENDING_KEY = 'cross-site-pending';

export interface CrossSiteDeps {
  session: VaultSession;
  /** Called after the person picked; the caller grants a one-time fill for target+account. */
  onPick(target: CrossSiteTarget, accountId: string): Promise<void>;
  /** Accounts already offered inline for this origin (not listed again). */
  offeredIds(origin: string): Promise<string[]> | string[];
  openWindow(path: string): Promise<{ windowId: number }>;
  now(): number;
  random(n: number): Uint8Array;
  /**
   * Optional: where to keep pending requests. Chrome stops an idle service worker after about 30 s, which a person
   * reading the warning can easily outlast; without a store they are kept in memory only.
   */
  store?: SessionPort;
}

export interface CrossSite {
  /** Opens the picker window for the frame that asked ("Use another account…"). */
  open(target: CrossSiteTarget): Promise<void>;
  /** `cross-site-request`: what the picker shows. */
  request(req: RequestMap['cross-site-request'], sender: SenderInfo): Promise<ResponseMap['cross-site-request']>;
  /** `cross-site-pick`: consumes the request, remembers the site if asked, then calls `onPick`. */
  pick(req: RequestMap['cross-site-pick'], sender: SenderInfo): Promise<ResponseMap['cross-site-pick']>;
  /** Drops expired requests (called every minute with auto-lock). */
  expire(): Promise<void>;
}

/**
 * "Use another account…" as an extension window (docs/architecture.md "Cross-site choices"): inside the page
 * a covered or transparent list could be clicked unseen (docs/architecture.md attack 2).
 * The page never sees the list of other accounts and cannot pick one: the request is bound to the frame the
 * background named (tab, frame, origin), lives 2 minutes, is answered once, and only by the picker page.
 */
export function createCrossSite(deps: CrossSiteDeps): CrossSite {
  let memory: PendingRequests = {};
  let queue: Promise<unknown> = Promise.resolve();
  const load = async (): Promise<PendingRequests> =>
    deps.store ? ((await deps.store.get<PendingRequests>(PENDING_KEY)) ?? {}) : memory;
  const save = async (pending: PendingRequests): Promise<void> => {
    memory = pending;
    if (!deps.store) return;
    if (Object.keys(pending).length === 0) await deps.store.remove(PENDING_KEY);
    else await deps.store.set(PENDING_KEY, pending);
  };
  /** One read-modify-write at a time, so two picks of one request cannot both succeed. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  return {
    async open(target) {
      // Refuses a frame with no site before any window opens.
      const { origin } = describeRequester(target.origin);
      const id = await serial(async () => {
        const added = addRequest(await load(), { ...target, origin }, deps.now(), deps.random(ID_BYTES));
        await save(added.pending);
        return added.id;
      });
      await deps.openWindow(`${PICKER_PAGE}#${id}`);
    },

    async request(req, sender) {
      checkSender(sender);
      const { target } = findRequest(await serial(load), req.id, deps.now());
      const vault = await deps.session.require();
      const offered = await deps.offeredIds(target.origin);
      const accounts = crossSiteCandidates(
        vault.accounts().map((a) => ({ id: a.id, kind: a.otp.kind, issuer: a.otp.issuer, account: a.otp.account })),
        offered,
      );
      return { ...describeRequester(target.origin), accounts };
    },

    async pick(req, sender) {
      checkSender(sender);
      const vault = await deps.session.require();
      const account = accountOf(() => vault.get(req.accountId));
      if (account.otp.kind === 'hotp') throw new CrossSiteError('hotp', text('picker_error_hotp'));
      const { request } = await serial(async () => {
        const taken = takeRequest(await load(), req.id, deps.now());
        await save(taken.pending);
        return taken;
      });
      if (req.remember) {
        await vault.update(account.id, { sites: rememberSite(account.sites, request.target.origin) });
      }
      await deps.onPick(request.target, account.id);
      return { ok: true };
    },

    async expire() {
      await serial(async () => {
        const pending = await load();
        const live = pruneRequests(pending, deps.now());
        // Nothing to drop (the usual case, every minute): no write.
        if (Object.keys(live).length !== Object.keys(pending).length) await save(live);
      });
    },
  };
}

/** Only the picker page answers: another extension page (the inline frame, the popup) has no business here. */
function checkSender(sender: SenderInfo): void {
  let path = '';
  try {
    path = new URL(sender.url ?? '').pathname;
  } catch {
    // No URL: not the picker.
  }
  if (path !== `/${PICKER_PAGE}`) throw new CrossSiteError('wrong-sender', text('picker_error_sender'));
}

function accountOf(get: () => Account): Account {
  try {
    return get();
  } catch (e) {
    if (e instanceof VaultError && e.code === 'bad-record') {
      throw new CrossSiteError('unknown-account', text('picker_error_account'), { cause: e });
    }
    throw e;
  }
}
