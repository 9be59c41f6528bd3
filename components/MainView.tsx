import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Text } from '../lib/i18n/text';
import { localize, t } from '../lib/i18n/translate';
import type { ListSort } from '../lib/vault/settings';
import type { AccountView } from '../lib/vault/view';
import { AccountList, focusRowCode } from './AccountList';
import type { HotpShown, RowActions } from './AccountRow';
import { searchIndex } from './account-order';
import type { Clock } from './clock';
import { LockIcon, PlusIcon, ScanIcon, SearchIcon, SettingsIcon } from './icons';
import { ListControls } from './list-controls';
import { arrangeList, canDrag, groupNames, movability } from './list-model';

export interface MainViewProps {
  /** Sorted for display (pinned first, then order); undefined while loading. */
  accounts: readonly AccountView[] | undefined;
  /** Records the vault could not open, with why (a Text once the background sends one). */
  unreadable: readonly { id: string; message: string | Text }[];
  tabStatus: string;
  /** False while another view covers this one: the "/" shortcut pauses. */
  active: boolean;
  /** The current code of a time-based account (computed as rows render). */
  codeOf(account: AccountView): string | undefined;
  hotp: ReadonlyMap<string, HotpShown>;
  clock: Clock;
  actions: RowActions;
  /** Accounts whose code can be filled into the tab's code field ("Fill", `popup-fill` in docs/messages.md). */
  fillable?: ReadonlySet<string>;
  onAdd(): void;
  /** Scan the QR code on the page this popup was opened on. */
  onScan(): void;
  onSettings(): void;
  onLock(): void;
  /** "3 accounts added since your last backup." when a backup is due. */
  backupNotice?: string;
  onBackup?(): void;
  /** The notice's ×: hides it for a while (`backup-notice-hide`). */
  onBackupHide?(): void;
  /** The list's sort and folded groups (`accounts-list`'s listView). */
  sort: ListSort;
  collapsed: ReadonlySet<string>;
  /** The one group shown ('' for "No group"), undefined for all; a group no longer in use shows all. */
  filter: string | undefined;
  onSort(sort: ListSort): void;
  onFilter(group: string | undefined): void;
  onToggleGroup(group: string): void;
  /** Hardware keys' slots, shown under the accounts (docs/hardware-keys.md). */
  keys?: ComponentChildren;
  /** The sync status line (components/SyncStatusLine.tsx), under the search; absent while sync is off. */
  syncLine?: ComponentChildren;
  /** "Add the QR code on this page" (components/PageQrAction.tsx), the first action when the tab shows one. */
  pageQr?: ComponentChildren;
  /** The tab's site overrides (README "When a field is missed"), under everything else. */
  siteActions?: ComponentChildren;
  /** Instrumentation hooks for the bench: a search keystroke, and its filtered list on screen. */
  onSearchInput?(): void;
  onSearchRendered?(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The unlocked vault: search, the account list with live codes, and the way to add, set up or lock. */
export function MainView(props: MainViewProps) {
  const { accounts, unreadable, tabStatus, active, codeOf, hotp, clock, actions } = props;
  const { sort, collapsed, filter } = props;
  const [query, setQuery] = useState('');
  const [searchFocused, setSearchFocused] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);

  const groups = useMemo(() => groupNames(accounts ?? []), [accounts]);
  const hasUngrouped = useMemo(() => (accounts ?? []).some((a) => !a.group?.trim()), [accounts]);
  // A filter on a group that no longer exists (or on "No group" once every account has one) shows everything.
  const group = filter === undefined || (filter === '' ? hasUngrouped : groups.includes(filter)) ? filter : undefined;
  const matchOf = useMemo(() => {
    const index = searchIndex(accounts ?? []);
    const at = new Map((accounts ?? []).map((a, i) => [a.id, index[i] as string]));
    return (q: string) => {
      const needle = q.trim().toLowerCase();
      return (a: AccountView) => (at.get(a.id) as string).includes(needle);
    };
  }, [accounts]);
  const sections = useMemo(
    () => arrangeList(accounts ?? [], { sort, query, filter: group, collapsed }, matchOf(query)),
    [accounts, sort, query, group, collapsed, matchOf],
  );
  const shownCount = useMemo(() => sections.reduce((n, s) => n + s.accounts.length, 0), [sections]);
  const movable = useMemo(() => movability(accounts ?? []), [accounts]);

  // "/" jumps to the search box from anywhere but a text field.
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);

  const { onSearchRendered } = props;
  const firstRender = useRef(true);
  useLayoutEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    onSearchRendered?.();
  }, [query, onSearchRendered]);

  function onSearchKey(e: JSX.TargetedKeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      const first = list.current?.querySelector('li.account');
      if (first) {
        e.preventDefault();
        focusRowCode(first);
      }
    }
  }

  const empty = accounts !== undefined && accounts.length === 0;
  return (
    <main class="screen main-screen">
      <header class="topbar">
        <div class="title-row">
          <div class="title">
            <h1>{t('common_app_name')}</h1>
            <p class="tab-status" id="tab-status">
              {tabStatus}
            </p>
          </div>
          <div class="toolbar">
            <button type="button" id="scan" class="icon-button" title={t('popup_scan_page')} onClick={props.onScan}>
              <ScanIcon />
              <span class="visually-hidden">{t('popup_scan_page')}</span>
            </button>
            <button
              type="button"
              id="settings"
              class="icon-button"
              title={t('popup_settings')}
              onClick={props.onSettings}
            >
              <SettingsIcon />
              <span class="visually-hidden">{t('popup_settings')}</span>
            </button>
            <button type="button" id="lock" class="icon-button" title={t('popup_lock')} onClick={props.onLock}>
              <LockIcon />
              <span class="visually-hidden">{t('popup_lock')}</span>
            </button>
          </div>
        </div>
        <div class="search-row">
          <div class="search-box">
            <SearchIcon />
            <input
              id="search"
              ref={search}
              type="search"
              aria-label={t('popup_search_label')}
              // The "/" hint is for reaching the box; once in it, it only says what the box does.
              placeholder={searchFocused ? t('popup_search_label') : t('popup_search_placeholder')}
              onFocus={() => setSearchFocused(true)}
              onBlur={() => setSearchFocused(false)}
              autocomplete="off"
              spellcheck={false}
              value={query}
              onInput={(e) => {
                props.onSearchInput?.();
                setQuery(e.currentTarget.value);
              }}
              onKeyDown={onSearchKey}
            />
          </div>
          <button type="button" id="add" class="primary add-button" onClick={props.onAdd}>
            <PlusIcon />
            <span>{t('popup_add_account')}</span>
          </button>
        </div>
      </header>
      {props.pageQr}
      {props.syncLine}

      {unreadable.length > 0 && (
        <div id="unreadable" class="notice notice-error" role="alert">
          <ul>
            {unreadable.map((u) => (
              <li key={u.id}>{typeof u.message === 'string' ? u.message : localize(u.message)}</li>
            ))}
          </ul>
        </div>
      )}

      {props.backupNotice && (
        <div id="backup-notice" class="notice backup-notice">
          {/* One line; the whole sentence stays in the title (and for screen readers, which read it all). */}
          <p title={props.backupNotice}>{props.backupNotice}</p>
          <button type="button" id="backup-now" class="link-button" onClick={props.onBackup}>
            {t('popup_back_up_now')}
          </button>
          {props.onBackupHide && (
            <button
              type="button"
              id="backup-hide"
              class="icon-button backup-hide"
              title={t('listui_backup_hide')}
              aria-label={t('listui_backup_hide')}
              onClick={props.onBackupHide}
            >
              <span aria-hidden="true">×</span>
            </button>
          )}
        </div>
      )}
      {accounts !== undefined && accounts.length > 1 && (
        <ListControls
          sort={sort}
          onSort={props.onSort}
          groups={groups}
          hasUngrouped={hasUngrouped}
          filter={group}
          onFilter={props.onFilter}
        />
      )}

      <div class="list" ref={list}>
        {empty && (
          <p id="empty" class="empty">
            {t('popup_empty')}
          </p>
        )}
        {accounts !== undefined && accounts.length > 0 && (
          <>
            <AccountList
              sections={sections}
              codeOf={codeOf}
              hotp={hotp}
              movable={movable}
              // Moves swap neighbours in the whole list: not while a search hides some of them (as for dragging).
              reorderable={canDrag({ sort, query })}
              draggable={canDrag({ sort, query })}
              clock={clock}
              actions={actions}
              onToggleGroup={props.onToggleGroup}
              {...(props.fillable ? { fillable: props.fillable } : {})}
            />
            {shownCount === 0 && (
              <p id="no-match" class="empty">
                {t('popup_no_match', query.trim())}
              </p>
            )}
          </>
        )}
      </div>
      {props.keys}
      {props.siteActions}
    </main>
  );
}
