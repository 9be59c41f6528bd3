import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type AddRequest, AddView } from '../../components/AddView';
import { displayName } from '../../components/account-order';
import { type AccountPatch, EditView } from '../../components/EditView';
import { failureOf } from '../../components/errors';
import { FirstCodeView } from '../../components/FirstCodeView';
import { groupNames } from '../../components/list-model';
import { type EnrolItem, ScanReview } from '../../components/ScanReview';
import { SettingsView } from '../../components/SettingsView';
import { SetupView } from '../../components/SetupView';
import { Toast } from '../../components/Toast';
import { UnlockView } from '../../components/UnlockView';
import type { ScanReply } from '../../lib/enrol/reply';
import { say, t } from '../../lib/i18n/translate';
import type { Preferences } from '../../lib/vault/settings';
import type { AccountView } from '../../lib/vault/view';
import { inToolbarPopup } from '../../platform/tabs';
import { webHidAvailable } from '../../platform/webhid';
import { openExtensionTab } from '../../platform/windows';
import { copyAndTell } from './clipboard';
import { createClock } from './clock';
import { keyUnlockFor } from './key-unlock';
import { MainScreen } from './MainScreen';
import { pictureForScan } from './picture';
import { openedForScan, targetTabId } from './target-tab';
import { useActivity } from './use-activity';
import { useTabStatus } from './use-tab-status';
import { useToast } from './use-toast';
import { useVault } from './use-vault';

type Route =
  | { view: 'main' }
  | { view: 'add' }
  | { view: 'edit'; id: string }
  | { view: 'settings' }
  /** A scan running (no reply yet), its result, or why it failed. */
  | { view: 'scan'; reply?: ScanReply; error?: string; tabId?: number }
  /** Just enrolled: the first code to type into the site. */
  | { view: 'first-code'; ids: string[]; updated: number };

/** A scan to run: of the page, a picture or pasted links. */
type RunningScan = () => Promise<ScanReply>; // i18n-ignore: a type, not text

const clock = createClock();

/** Where focus goes when a view opens (its first field), and back on the list (what opened it). */
const FIRST_FIELD: Record<Route['view'], string> = {
  main: '',
  add: '#add-uri',
  edit: '#edit-issuer',
  settings: '#auto-lock',
  scan: '',
  'first-code': '',
};

export function App() {
  const [toastText, toast, toastAction, holdToast] = useToast();
  // A change that happened but whose list could not be read again: the list shown is the last one confirmed.
  const vault = useVault((e) => toast(t('fixpop_list_stale', failureOf(e).message), 5000));
  const { phase, request, change } = vault;
  const tabStatus = useTabStatus(phase === 'unlocked');
  const [route, setRoute] = useState<Route>({ view: 'main' });
  const opener = useRef('');
  useActivity(phase === 'unlocked');
  // The toolbar popup hands a passkey unlock to a window (entrypoints/popup/key-unlock.ts); known before it shows.
  const [toolbarPopup, setToolbarPopup] = useState<boolean>();
  useEffect(() => void inToolbarPopup().then(setToolbarPopup), []);
  const keyUnlock = useMemo(
    () => (toolbarPopup === undefined ? undefined : keyUnlockFor(vault.unlocked, { toolbarPopup })),
    [toolbarPopup, vault.unlocked],
  );

  const open = useCallback(
    (next: Route, from: string) => {
      opener.current = from;
      toast('', 0);
      setRoute(next);
    },
    [toast],
  );
  const home = useCallback(() => setRoute({ view: 'main' }), []);

  // Locking (by hand or by the background) closes whatever view was open; unlocking starts at the list,
  // or at the scan the background left when it opened this page as a window for a shortcut or menu entry.
  useLayoutEffect(() => {
    setRoute({ view: 'main' });
    opener.current = phase === 'unlocked' ? '#search' : '';
    if (phase === 'unlocked' && openedForScan()) {
      setRoute({ view: 'scan' });
      request({ type: 'scan-pending' }).then(
        (p) => {
          if (p.scan || p.error) {
            setRoute({ view: 'scan', reply: p.scan, error: p.error && say(p.error), tabId: p.tabId });
          } else setRoute({ view: 'scan', error: p.expired ? t('popup_scan_expired') : t('popup_scan_gone') });
        },
        (e) => setRoute({ view: 'scan', error: failureOf(e).message }),
      );
    }
  }, [phase, request]);

  /** Shows the scan view at once, then what the scan found (or why it could not run). */
  const runScan = useCallback(async (scan: RunningScan, tabId?: number) => {
    opener.current = '#scan';
    setRoute({ view: 'scan', tabId });
    try {
      const reply = await scan();
      setRoute({ view: 'scan', reply, tabId });
    } catch (e) {
      setRoute({ view: 'scan', error: failureOf(e).message, tabId });
    }
  }, []);
  const scanPage = useCallback(
    async (fromPage = false) => {
      const tabId = await targetTabId();
      if (tabId === undefined) {
        setRoute({ view: 'scan', error: t('popup_scan_no_page') });
        return;
      }
      await runScan(() => request({ type: 'scan-tab', tabId, ...(fromPage ? { fromPage } : {}) }), tabId);
    },
    [request, runScan],
  );
  const scanPicture = useCallback(
    (file: Blob) => runScan(async () => request({ type: 'scan-image', image: await pictureForScan(file) })),
    [request, runScan],
  );
  const scanText = useCallback(
    (text: string) => runScan(() => request({ type: 'scan-text', text })),
    [request, runScan],
  );

  const enrol = useCallback(
    async (items: EnrolItem[]) => {
      const { added, updated } = await change({ type: 'enrol', items });
      if (openedForScan()) void request({ type: 'scan-dismiss' }).catch(() => {});
      const ids = new Set([...added, ...updated].map((a) => a.id));
      setRoute({ view: 'first-code', ids: [...ids], updated: updated.length });
    },
    [request, change],
  );
  /** Leaves the scan flow: a window opened just for the scan closes; the popup goes back to its list. */
  const finishScan = useCallback(() => {
    if (!openedForScan()) {
      setRoute({ view: 'main' });
      return;
    }
    // The scan this window was opened for holds secrets: forget it, then close.
    request({ type: 'scan-dismiss' })
      .catch(() => {})
      .finally(() => window.close());
  }, [request]);

  // Move focus with the view: into a view's first field, or back to the control that opened it.
  useLayoutEffect(() => {
    if (phase !== 'unlocked') return;
    const target = route.view === 'main' ? opener.current : FIRST_FIELD[route.view];
    if (!target) return;
    const el =
      document.querySelector<HTMLElement>(target) ?? (route.view === 'main' ? document.getElementById('search') : null);
    el?.focus();
  }, [route, phase]);

  const add = useCallback(
    async (req: AddRequest) => {
      const { account, warnings } = await change({ type: 'account-add', ...req });
      opener.current = '#add';
      setRoute({ view: 'main' });
      // Whole sentences, one after the other: the account added, then what to know about it.
      const message = [t('popup_added', displayName(account)), ...warnings.map((w) => say(w))].join(' ');
      toast(message, warnings.length > 0 ? 8000 : 3000);
    },
    [change, toast],
  );

  const settingsApi = useMemo(
    () => ({
      load: async () => (await request({ type: 'settings-get' })).settings,
      save: async (settings: Preferences) => void (await request({ type: 'settings-set', settings })),
      changePassword: async (current: string, next: string) => {
        await request({ type: 'vault-change-password', current, next });
        // Passkeys and security keys keep unlocking (they wrap the same vault key): say so when there are any. If
        // the list cannot be read, say it anyway rather than stay silent about a way in.
        const slots = await request({ type: 'vault-slots' }).then(
          (r) => r.slots,
          () => undefined,
        );
        return { keysStillUnlock: slots === undefined || slots.some((s) => s.type === 'prf') };
      },
      siteOverrides: {
        load: () => request({ type: 'site-overrides-get' }),
        offerAgain: async (site: string) => void (await request({ type: 'site-offer-again', site })),
        forgetField: async (site: string, index: number) =>
          void (await request({ type: 'site-field-forget', site, index })),
      },
    }),
    [request],
  );

  if (phase === 'loading') return <main class="screen screen-center" aria-busy="true" />;
  if (phase === 'failed') {
    return (
      <main class="screen screen-center">
        <h1>{t('common_app_name')}</h1>
        <p class="error" role="alert">
          {t('popup_background_unreachable', vault.failure)}
        </p>
        <button type="button" onClick={() => location.reload()}>
          {t('common_retry')}
        </button>
      </main>
    );
  }
  if (phase === 'none') return <SetupView onCreate={vault.create} />;
  if (phase === 'locked') return <UnlockView onUnlock={vault.unlock} keyUnlock={keyUnlock} />;

  const editing = route.view === 'edit' ? vault.accounts?.find((a) => a.id === route.id) : undefined;
  // An account deleted meanwhile cannot be edited: show the list instead of an empty page.
  const view = route.view === 'edit' && !editing ? 'main' : route.view;
  return (
    <>
      <div class="view-host" hidden={view !== 'main'}>
        <MainScreen
          vault={vault}
          clock={clock}
          tab={tabStatus}
          active={view === 'main'}
          toast={toast}
          onAdd={() => open({ view: 'add' }, '#add')}
          onScan={() => void scanPage()}
          onAddPageQr={() => void scanPage(true)}
          onSettings={() => open({ view: 'settings' }, '#settings')}
          onEdit={(id) => open({ view: 'edit', id }, `li.account[data-id="${CSS.escape(id)}"] button.edit`)}
        />
      </div>
      {view === 'add' && (
        <AddView
          clock={clock}
          onSubmit={add}
          onBack={home}
          onScanPage={() => void scanPage()}
          onPicture={(file) => void scanPicture(file)}
          onLinks={(text) => void scanText(text)}
        />
      )}
      {route.view === 'scan' && (
        <ScanReview
          reply={route.reply}
          error={route.error}
          onBack={finishScan}
          onConfirm={enrol}
          {...(route.tabId !== undefined
            ? {
                onSelectRegion: () => {
                  const tabId = route.tabId as number;
                  request({ type: 'scan-region-start', tabId }).then(
                    () => window.close(),
                    (e) => setRoute({ view: 'scan', error: failureOf(e).message, tabId }),
                  );
                },
              }
            : {})}
        />
      )}
      {route.view === 'first-code' && (
        <FirstCodeView
          accounts={route.ids
            .map((id) => vault.accounts?.find((a) => a.id === id))
            .filter((a): a is AccountView => a !== undefined)}
          updated={route.updated}
          clock={clock}
          onNextHotp={async (id) => {
            const { code } = await change({ type: 'hotp-next', id });
            return code;
          }}
          onCopy={(code) => copyAndTell(code, toast)}
          onRecoveryCodes={(id) => open({ view: 'edit', id }, '#first-code-done')}
          onDone={finishScan}
        />
      )}
      {view === 'settings' && (
        <SettingsView
          {...settingsApi}
          keysAvailable={webHidAvailable()}
          onManage={(section) => void openExtensionTab(section === 'keys' ? 'keys.html' : `options.html#${section}`)}
          onBack={home}
        />
      )}
      {view === 'edit' && editing && (
        <EditView
          key={editing.id}
          account={editing}
          groups={groupNames(vault.accounts ?? [])}
          clock={clock}
          onBack={home}
          onSave={async (patch: AccountPatch) => {
            await change({ type: 'account-update', id: editing.id, patch });
            home();
            toast(t('popup_saved'));
          }}
          onRestoreKey={async (replacedAt) => {
            const { account } = await change({ type: 'account-restore-key', id: editing.id, replacedAt });
            home();
            toast(t('reenrol_restored', displayName(account)));
          }}
          onDelete={async () => {
            const { id } = editing;
            const name = displayName(editing);
            await change({ type: 'account-delete', id });
            opener.current = '#search';
            home();
            // It went to "Recently deleted" (docs/vault-format.md): one click puts it back as it was.
            toast(t('popup_deleted', name), undefined, {
              label: t('organise_undo'),
              run: () => {
                change({ type: 'trash-restore', id }).then(
                  () => toast(t('organise_restored_toast', name)),
                  (e: unknown) => toast(failureOf(e).message, 8000),
                );
              },
            });
          }}
        />
      )}
      <Toast message={toastText} action={toastAction} onHold={holdToast} />
    </>
  );
}
