import { defineBackground } from '#imports';
import { setTranslator, t } from '../../lib/i18n/translate';
import { scopeOf } from '../../lib/match/scope';
import { acceptRequest, type Request, type RequestType } from '../../lib/messaging/protocol';
import { VaultSession } from '../../lib/vault/session';
import { everyMinute } from '../../platform/alarms';
import { menuEntry, onCommand, sendToTab } from '../../platform/commands';
import { realEffects } from '../../platform/effects';
import { browserTranslator } from '../../platform/i18n';
import { openIdbVaultStore } from '../../platform/idb-vault-store';
import { onFirstInstall } from '../../platform/install';
import { extensionQrReader } from '../../platform/qr-decoder';
import { extensionIdentity, listenForRequests, notifyExtensionPages } from '../../platform/runtime-messaging';
import { openSessionStore } from '../../platform/session-storage';
import { onTabReset } from '../../platform/tabs';
import { onKeysChanged, pairedKeys, webHidAvailable } from '../../platform/webhid';
import {
  closeWindow,
  focusWindow,
  openExtensionTab,
  openExtensionWindow,
  openSizedWindow,
  openTrackedWindow,
} from '../../platform/windows';

const keyEnvironment = {
  devices: pairedKeys,
  available: webHidAvailable(),
  monotonic: () => performance.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

import { Backups } from './backup';
import { clearClipboardLater } from './clipboard';
import { type CrossSiteDeps, createCrossSite } from './cross-site';
import { Enrolment } from './enrol';
import { Exports } from './exports';
import { createHandlers } from './handlers';
import { syncHandlers } from './handlers/sync';
import { HardwareKeys } from './keys';
import { OfferService } from './offer-service';
import { qrSide } from './page-qr-side';
import { beforeRequest } from './request-gate';
import { isSilenced, SiteOverrideService } from './site-overrides';
import { createSyncService, onSyncAlarm, onSyncAreaChange } from './sync';
import { TabStatus } from './tab-status';
import { UnlockReturn } from './unlock-return';

/** The picker window: room for the site, the warning, a search box and about six accounts. */
const PICKER_SIZE = { width: 420, height: 600 };

/** A failure with no page to show it on (a menu click): the console of the worker keeps it for debugging. */
function reportFailure(e: unknown): void {
  console.error('Twofold:', e instanceof Error ? e.message : e);
}

export default defineBackground(() => {
  setTranslator(browserTranslator);
  // A fresh install opens Twofold in a tab to set the master password: nothing works before the vault exists, and
  // the toolbar button may be hidden in the browser's extensions menu.
  onFirstInstall(() => void openExtensionTab('welcome.html'));
  const status = new TabStatus();
  const self = extensionIdentity();
  // Plug and unplug: listeners registered during the worker's first run (docs/hardware-protocol.md "Sessions").
  let keysReady: (k: HardwareKeys) => void = () => {};
  const keysService = new Promise<HardwareKeys>((resolve) => {
    keysReady = resolve;
  });
  onKeysChanged(() => void keysService.then((k) => k.changed()));
  const ready = (async () => {
    const sessionStore = await openSessionStore();
    const session = new VaultSession(await openIdbVaultStore(), sessionStore, realEffects);
    // A worker (re)started after the idle time must not hand out the vault it finds in session storage.
    const lockedAtStart = await session.lockIfIdle();
    const enrolment = new Enrolment(session, sessionStore, extensionQrReader(), openExtensionWindow, realEffects.now);
    const backups = new Backups(session, realEffects);
    const keys = new HardwareKeys(session, sessionStore, keyEnvironment, realEffects);
    keysReady(keys);
    const crossSiteDeps: CrossSiteDeps = {
      session,
      // The window's pick becomes a one-time grant for the frame it was opened for (the same consume path as an
      // inline pick, which checks the sender record again).
      onPick: (target, accountId) => offers.crossSitePick(target, accountId),
      // What the inline menu already offers there is not listed again: exact and related accounts, except in
      // Firefox, whose offer frame cannot confirm it is visible and so lists exact ones only (the related ones are
      // reached here, past the warning; entrypoints/offer-frame/inline-items.ts).
      offeredIds: async (origin) =>
        (await session.require())
          .accounts()
          .filter((a) => {
            const scope = scopeOf(a, origin);
            return import.meta.env.FIREFOX ? scope === 'exact' : scope !== 'none';
          })
          .map((a) => a.id),
      openWindow: (path) => openSizedWindow(path, PICKER_SIZE),
      now: realEffects.now,
      random: realEffects.random,
      store: sessionStore,
    };
    const crossSite = createCrossSite(crossSiteDeps);
    // No test hook on the global scope (any extension page could call it): Firefox's background is a page that other
    // extension pages reach through runtime.getBackgroundPage(). The e2e tests open the picker through the page's offer
    // instead.
    const offers: OfferService = new OfferService({
      session,
      keys,
      store: sessionStore,
      sendToFrame: (tabId, frameId, command) => sendToTab(tabId, command, frameId),
      notifyFrames: notifyExtensionPages,
      crossSite,
      now: realEffects.now,
      random: realEffects.random,
      silenced: (url) => isSilenced(session, url),
      pageQr: (tabId) => status.qr(tabId) !== undefined,
    });
    const overrides = new SiteOverrideService({
      session,
      offers,
      sendToFrame: (tabId, frameId, command) => sendToTab(tabId, command, frameId),
      now: realEffects.now,
    });
    const sync = await createSyncService(session, sessionStore, reportFailure);
    // Locked before the offers were there to hear of it: what they keep only while unlocked goes now.
    if (lockedAtStart) await offers.vaultLocked();
    return {
      session,
      enrolment,
      crossSite,
      offers,
      overrides,
      sync,
      handlers: createHandlers(
        status,
        session,
        enrolment,
        backups,
        new Exports(session, realEffects, undefined, () => offers.pendingRecovery()),
        keys,
        crossSite,
        offers.handlers(),
        {
          unlockReturn: new UnlockReturn({
            store: sessionStore,
            offers,
            openWindow: openTrackedWindow,
            focusWindow,
            closeWindow,
            now: realEffects.now,
          }),
          fillable: (tabId) => offers.fillable(tabId),
          popupFill: (tabId, accountId) => offers.popupFill(tabId, accountId),
          clearClipboardLater: async () => clearClipboardLater((await session.preferences()).clipboardClearSeconds),
        },
        overrides.handlers(),
        syncHandlers(sync),
        qrSide(status, enrolment, offers),
      ),
    };
  })();
  onTabReset((tabId, closed, url) => {
    status.forget(tabId);
    void ready.then(({ offers }) => offers.tabReset(tabId, closed, url)).catch(reportFailure);
  });
  // Never broadcast (a hidden third-party frame would open its menu and take the code; docs/architecture.md
  // attack 3): the shortcut goes to the frame that last reported a focused code
  // field, the context-menu entry to the frame that was right-clicked; each then asks for a one-time grant.
  onCommand('fill-code', (tabId) => void ready.then(({ offers }) => offers.shortcut(tabId)).catch(reportFailure));
  menuEntry(
    'fill-code-here',
    t('manifest_menu_fill'),
    ['editable'],
    ({ tabId, frameId }) => void ready.then(({ offers }) => offers.contextMenu(tabId, frameId)).catch(reportFailure),
  );
  // "Treat this field as a code field on this site" (README "When a field is missed"): the clicked frame only, which
  // answers with the right-clicked field's signature once.
  menuEntry(
    'treat-as-code',
    t('siteoverrides_menu_mark'),
    ['editable'],
    ({ tabId, frameId }) =>
      void ready.then(({ overrides }) => overrides.markField(tabId, frameId)).catch(reportFailure),
  );
  // Enrolment: the shortcut and the page entry capture the visible tab; the image entry reads that image.
  // Each runs inside the user's gesture, which is what grants Twofold the tab (activeTab).
  const scanToWindow = (tabId: number) =>
    void ready.then(({ enrolment }) => enrolment.scanTabToWindow(tabId)).catch(reportFailure);
  onCommand('scan-qr', scanToWindow);
  menuEntry('scan-page', t('manifest_menu_scan_page'), ['page'], ({ tabId }) => scanToWindow(tabId));
  menuEntry(
    'scan-image',
    t('manifest_menu_scan_image'),
    ['image'],
    (click) => void ready.then(({ enrolment }) => enrolment.imageMenu(click)).catch(reportFailure),
  );
  everyMinute(
    'auto-lock',
    () =>
      void ready.then(async ({ session, enrolment, crossSite }) => {
        await session.lockIfIdle();
        await crossSite.expire();
        // A scan left for a window holds secrets: dropped once it expires, even if no window asks again.
        await enrolment.expire();
      }),
  );
  // Sync's 15-minute alarm exists only while sync is on and the vault open (entrypoints/background/sync.ts).
  onSyncAlarm(() => void ready.then(({ sync }) => sync.alarm()).catch(reportFailure));
  onSyncAreaChange(() => void ready.then(({ sync }) => sync.remoteChange()).catch(reportFailure));
  // Listeners are registered synchronously (MV3 wakes the worker for them); the work waits for `ready`.
  listenForRequests(async (raw, sender) => {
    const { request, from } = acceptRequest(raw, sender, self.id, self.origin);
    const { session, handlers } = await ready;
    await beforeRequest(session, from, request.type);
    const handler = handlers[request.type] as (r: Request<RequestType>, s: typeof sender) => Promise<unknown>;
    return handler(request, sender);
  });
});
