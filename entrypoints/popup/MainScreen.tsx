import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { focusAfterMove } from '../../components/AccountList';
import type { HotpShown, RowActions } from '../../components/AccountRow';
import type { Clock } from '../../components/clock';
import { failureOf } from '../../components/errors';
import { KeyCard } from '../../components/KeyCard';
import { collapsedToStore } from '../../components/list-model';
import { MainView } from '../../components/MainView';
import { PageQrAction } from '../../components/PageQrAction';
import { SiteActions } from '../../components/SiteActions';
import { SyncStatusLine } from '../../components/SyncStatusLine';
import { useSyncStatus } from '../../components/use-sync-status';
import type { BackupReminder } from '../../lib/backup/reminder';
import { readableReport } from '../../lib/detect/report-text';
import { localize, say, t } from '../../lib/i18n/translate';
import type { ResponseMap } from '../../lib/messaging/protocol';
import type { ListSort } from '../../lib/vault/settings';
import { webHidAvailable } from '../../platform/webhid';
import { openExtensionTab } from '../../platform/windows';
import { copyAndTell } from './clipboard';
import { closePopup } from './close-popup';
import { CodeBook } from './code-book';
import { markCodesShown, markSearchInput, markSearchRendered } from './marks';
import { createMoveQueue } from './move-queue';
import type { TabFacts } from './use-tab-status';
import type { Vault } from './use-vault';

export interface MainScreenProps {
  vault: Vault;
  clock: Clock;
  /** The tab the popup acts on: its status line, and the accounts that can fill its code field. */
  tab: TabFacts;
  /** False while another view covers the list (keyboard shortcuts pause). */
  active: boolean;
  toast(message: string, ms?: number): void;
  onAdd(): void;
  onScan(): void;
  /** "Add the QR code on this page": review the codes the page showed (components/PageQrAction.tsx). */
  onAddPageQr(): void;
  onEdit(id: string): void;
  onSettings(): void;
}

/** Wires the account list: codes from the clock, copying, HOTP, pinning and reordering. */
export function MainScreen({
  vault,
  clock,
  tab,
  active,
  toast,
  onAdd,
  onScan,
  onAddPageQr,
  onEdit,
  onSettings,
}: MainScreenProps) {
  const { accounts, request, change } = vault;
  const book = useRef(new CodeBook()).current;
  // Re-render only when a code on screen turns over, not every second (timers tick by themselves).
  const [turn, setTurn] = useState(0);
  const codeOf = useMemo(() => {
    book.retain(accounts ?? []);
    return book.at(Math.floor(clock.now() / 1000));
  }, [book, clock, accounts, turn]); // `turn` is the signal to recompute
  useEffect(
    () =>
      clock.subscribe(() => {
        if (Math.floor(clock.now() / 1000) >= book.nextChangeAt) setTurn((n) => n + 1);
      }),
    [book, clock],
  );
  // The backup reminder: asked again whenever the number of accounts changes (an add, an import).
  const [backup, setBackup] = useState<BackupReminder>();
  const count = accounts?.length;
  useEffect(() => {
    if (count === undefined) return;
    request({ type: 'backup-status' }).then(setBackup, () => setBackup(undefined));
  }, [count, request]);
  // Hardware keys (docs/hardware-keys.md): listed once the vault is open, where WebHID exists.
  const [keys, setKeys] = useState<ResponseMap['keys-list']>();
  useEffect(() => {
    if (count === undefined || !webHidAvailable()) return;
    request({ type: 'keys-list' }).then(setKeys, (e) =>
      // Say why the keys are missing rather than hiding the section.
      setKeys({
        available: true,
        keys: [],
        failures: [{ name: t('popup_keys_title'), message: failureOf(e).message }],
      }),
    );
  }, [count === undefined, request]);
  // The sync status line (docs/sync-format.md "When it syncs"): `sync-status` is answered from the background's own
  // state, so asking sends nothing over the network; with sync off (or no sync service) no line shows.
  const loadSync = useMemo(() => async () => (await request({ type: 'sync-status' })).status, [request]);
  const sync = useSyncStatus(loadSync);
  const [hotp, setHotp] = useState<ReadonlyMap<string, HotpShown>>(new Map());

  // How the list is shown: what the background sent with the first list, changed here at once when the person picks
  // (the popup shows the choice and stores it with `list-view-set`; a refusal is told, the choice stays for now).
  // Later lists (after a pin, a move, an edit) do not reset it: one answered before a `list-view-set` was stored
  // would undo the person's change.
  const [sort, setSort] = useState<ListSort>(vault.listView?.sort ?? 'custom');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set(vault.listView?.collapsed));
  const [filter, setFilter] = useState<string | undefined>(vault.listView?.filter);
  const seeded = useRef(vault.listView !== undefined);
  useEffect(() => {
    if (!vault.listView || seeded.current) return;
    seeded.current = true;
    setSort(vault.listView.sort);
    setCollapsed(new Set(vault.listView.collapsed));
    setFilter(vault.listView.filter);
  }, [vault.listView]);
  const storeView = (view: { sort?: ListSort; collapsed?: string[]; filter?: { group?: string } }) =>
    void request({ type: 'list-view-set', ...view }).catch((e) => toast(failureOf(e).message, 5000));
  const [backupHidden, setBackupHidden] = useState(false);

  // The latest values for the row actions, which stay one stable object so rows can skip renders.
  const live = useRef({ accounts, request, change, toast, onEdit, tabId: tab.tabId });
  live.current = { accounts, request, change, toast, onEdit, tabId: tab.tabId };

  const actions = useMemo<RowActions>(() => {
    const fail = (e: unknown) => live.current.toast(failureOf(e).message, 5000);
    const moves = createMoveQueue(
      () => live.current.accounts,
      (ids) => live.current.change({ type: 'accounts-reorder', ids }),
    );
    // One "next code" request per account at a time: a double click must not take two codes off the counter
    // (the same guard as the first-code view's button, components/FirstCodeView.tsx).
    const hotpRunning = new Set<string>();
    // "Recently used" counts codes copied or filled here; a failure to count is not worth telling.
    const used = (id: string) => void live.current.request({ type: 'account-used', id }).catch(() => undefined);
    return {
      copy(code, _label, id) {
        copyAndTell(code, live.current.toast);
        used(id);
      },
      togglePin(id) {
        const a = live.current.accounts?.find((x) => x.id === id);
        if (!a) return;
        live.current.change({ type: 'account-update', id, patch: { pinned: !a.pinned } }).catch(fail);
      },
      move(id, step, refocus = step < 0 ? 'up' : 'down') {
        // The row moves once the vault has stored the new order (a refused move leaves it where it is).
        moves.move(id, step).then(
          // Keep focus in the moved row (where the key or button was pressed) so it can be pressed again.
          (moved) =>
            moved &&
            requestAnimationFrame(() => {
              const row = document.querySelector(`li.account[data-id="${CSS.escape(id)}"]`);
              if (row) focusAfterMove(row, refocus);
            }),
          fail,
        );
      },
      drop(id, targetId, after) {
        moves.drop(id, targetId, after).catch(fail);
      },
      edit(id) {
        live.current.onEdit(id);
      },
      nextHotp(id) {
        if (hotpRunning.has(id)) return;
        hotpRunning.add(id);
        live.current
          .change({ type: 'hotp-next', id })
          .then(({ code, counter }) => {
            setHotp((m) => new Map(m).set(id, { code, counter }));
          }, fail)
          .finally(() => hotpRunning.delete(id));
      },
      fill(id) {
        const { tabId, request: send } = live.current;
        if (tabId === undefined) return;
        // The background grants the tab's code field the code; the popup closes so the person sees the page.
        used(id);
        send({ type: 'popup-fill', tabId, id }).then(closePopup, fail);
      },
    };
  }, []);

  // Bench mark: the first render that shows the list with its codes.
  useLayoutEffect(() => {
    if (accounts && accounts.length > 0) markCodesShown();
  }, [accounts]);

  return (
    <MainView
      accounts={accounts}
      unreadable={vault.unreadable}
      tabStatus={tab.text}
      fillable={tab.fillable}
      active={active}
      codeOf={codeOf}
      hotp={hotp}
      clock={clock}
      actions={actions}
      onAdd={onAdd}
      onScan={onScan}
      pageQr={<PageQrAction found={tab.qr} onAdd={onAddPageQr} />}
      onSettings={onSettings}
      onLock={() => void vault.lock().catch((e) => toast(failureOf(e).message, 5000))}
      sort={sort}
      collapsed={collapsed}
      onSort={(next) => {
        setSort(next);
        storeView({ sort: next });
      }}
      onToggleGroup={(group) => {
        const next = new Set(collapsed);
        if (!next.delete(group)) next.add(group);
        setCollapsed(next);
        storeView({ collapsed: collapsedToStore(next, accounts ?? []) });
      }}
      filter={filter}
      onFilter={(group) => {
        setFilter(group);
        storeView({ filter: group === undefined ? {} : { group } });
      }}
      {...(backup?.due && !(backup.hiddenUntil !== undefined && clock.now() < backup.hiddenUntil) && !backupHidden
        ? {
            backupNotice: localize(backup.message),
            onBackup: () => void openExtensionTab('options.html#backup'),
            onBackupHide: () => {
              setBackupHidden(true);
              request({ type: 'backup-notice-hide' }).catch((e) => toast(failureOf(e).message, 5000));
            },
          }
        : {})}
      keys={
        keys && (keys.keys.length > 0 || keys.failures.length > 0) ? (
          <section class="keys-section" id="keys" aria-labelledby="keys-title">
            <h2 id="keys-title">{t('popup_keys_title')}</h2>
            {keys.failures.map((f) => (
              <p key={say(f.message)} class="notice notice-error">
                {t('popup_keys_failure', say(f.name), say(f.message))}
              </p>
            ))}
            {keys.keys.map((k) => (
              <KeyCard
                key={k.id}
                keyView={k}
                onCode={(slotId) => request({ type: 'key-code', keyId: k.id, slotId })}
                onUnlock={async (pin) => {
                  try {
                    await request({ type: 'key-unlock', keyId: k.id, pin });
                  } finally {
                    // A wrong PIN changed the tries left: show the key's own count.
                    await request({ type: 'keys-list' }).then(setKeys, () => undefined);
                  }
                }}
                onSetClock={async () => {
                  await request({ type: 'key-set-clock', keyId: k.id });
                  setKeys(await request({ type: 'keys-list' }));
                }}
              />
            ))}
            <button type="button" id="manage-keys" onClick={() => void openExtensionTab('keys.html')}>
              {t('popup_manage_keys')}
            </button>
          </section>
        ) : undefined
      }
      syncLine={
        sync.status && sync.status.phase !== 'off' && sync.failure === undefined ? (
          <SyncStatusLine
            status={sync.status}
            clock={clock}
            onSyncNow={async () => sync.show((await request({ type: 'sync-now' })).status)}
          />
        ) : undefined
      }
      siteActions={
        tab.tabId === undefined ? undefined : (
          <SiteActions
            canSilence={tab.codeField}
            onNever={() => {
              const tabId = tab.tabId as number;
              request({ type: 'site-never', tabId }).then(
                ({ site }) => toast(t('siteoverrides_never_done', site), 5000),
                (e) => toast(failureOf(e).message, 5000),
              );
            }}
            onReport={() => {
              const tabId = tab.tabId as number;
              // The popup is an extension page with the clipboardWrite permission: the copy needs no fresh gesture
              // after the page answered (docs/permissions.md). No clear later: the report holds no secret.
              request({ type: 'site-report', tabId })
                .then(({ report }) => navigator.clipboard.writeText(readableReport(report)))
                .then(
                  () => toast(t('siteoverrides_copied'), 5000),
                  (e) => toast(failureOf(e).message, 5000),
                );
            }}
          />
        )
      }
      onSearchInput={markSearchInput}
      onSearchRendered={markSearchRendered}
    />
  );
}
